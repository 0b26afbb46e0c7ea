"""API URLs of the reception app (mounted under /api/v1/)."""

from django.urls import include, path

from reception import api

urlpatterns = [
    path("candidates/", api.CandidateListApi.as_view(), name="reception-candidate-list"),
    path(
        "candidates/duplicates/",
        api.DuplicateSearchApi.as_view(),
        name="reception-candidate-duplicates",
    ),
    path(
        "candidates/<int:pk>/", api.CandidateDetailApi.as_view(), name="reception-candidate-detail"
    ),
    path(
        "candidates/<int:pk>/consents/",
        api.CandidateConsentApi.as_view(),
        name="reception-candidate-consent",
    ),
    path("visits/", api.VisitListApi.as_view(), name="reception-visit-list"),
    path("referrals/", api.ReferralListApi.as_view(), name="reception-referral-list"),
    path(
        "referrals/<int:pk>/transition/",
        api.ReferralTransitionApi.as_view(),
        name="reception-referral-transition",
    ),
    path("follow-ups/", api.FollowUpListApi.as_view(), name="reception-follow-up-list"),
    path(
        "follow-ups/<int:pk>/complete/",
        api.FollowUpCompleteApi.as_view(),
        name="reception-follow-up-complete",
    ),
    path("", include("reception.placements_api_urls")),
]
