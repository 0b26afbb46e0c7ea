"""API URLs of the campaigns app (mounted under /api/v1/)."""

from django.urls import path

from campaigns import api

urlpatterns = [
    path("campaigns/subscribe/", api.SubscribeApi.as_view(), name="campaigns-subscribe"),
    path("campaigns/", api.CampaignListApi.as_view(), name="campaigns-campaign-list"),
    # <str:pk>, checked in the view: a malformed id gets the API's JSON 404, not the HTML page.
    path("campaigns/<str:pk>/", api.CampaignDetailApi.as_view(), name="campaigns-campaign-detail"),
]
