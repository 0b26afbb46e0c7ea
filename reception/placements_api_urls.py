"""API URLs of circular migration, included by reception/api_urls.py under /api/v1/."""

from django.urls import path

from reception import placements_api as api

urlpatterns = [
    path("job-offers/", api.JobOfferListApi.as_view(), name="job-offer-list"),
    path("job-offers/<int:pk>/", api.JobOfferDetailApi.as_view(), name="job-offer-detail"),
    path("job-offers/<int:pk>/matches/", api.OfferMatchesApi.as_view(), name="job-offer-matches"),
    path("applications/", api.ApplicationListApi.as_view(), name="application-list"),
    path("applications/<int:pk>/", api.ApplicationDetailApi.as_view(), name="application-detail"),
    path("applications/<int:pk>/move/", api.ApplicationMoveApi.as_view(), name="application-move"),
]
