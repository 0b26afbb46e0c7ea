"""API URLs of the campaigns app (mounted under /api/v1/)."""

from django.urls import path

from campaigns import api

urlpatterns = [
    path("campaigns/subscribe/", api.SubscribeApi.as_view(), name="campaigns-subscribe"),
    path("campaigns/", api.CampaignListApi.as_view(), name="campaigns-campaign-list"),
    path("campaigns/<int:pk>/", api.CampaignDetailApi.as_view(), name="campaigns-campaign-detail"),
]
