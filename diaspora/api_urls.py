"""API URLs of the diaspora app (mounted under /api/v1/)."""

from django.urls import path

from diaspora import api

urlpatterns = [
    path("diaspora/me/", api.MeApi.as_view(), name="diaspora-me"),
    path("diaspora/me/missions/", api.MyMissionListApi.as_view(), name="diaspora-my-missions"),
    path(
        "diaspora/me/missions/<int:pk>/respond/",
        api.MyMissionRespondApi.as_view(),
        name="diaspora-my-mission-respond",
    ),
    path("diaspora/needs/", api.NeedListApi.as_view(), name="diaspora-need-list"),
    path(
        "diaspora/needs/proposed/",
        api.NeedProposedListApi.as_view(),
        name="diaspora-need-proposed-list",
    ),
    path(
        "diaspora/needs/<int:pk>/review/",
        api.NeedReviewApi.as_view(),
        name="diaspora-need-review",
    ),
    path(
        "diaspora/needs/<int:pk>/matches/",
        api.NeedMatchesApi.as_view(),
        name="diaspora-need-matches",
    ),
    path("diaspora/members/", api.DirectoryApi.as_view(), name="diaspora-member-list"),
    path(
        "diaspora/members/<int:pk>/", api.MemberDetailApi.as_view(), name="diaspora-member-detail"
    ),
]
