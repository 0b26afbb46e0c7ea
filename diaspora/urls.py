"""URLs of the diaspora app, under /diaspora/."""

from django.urls import path

from diaspora import views

app_name = "diaspora"

urlpatterns = [
    path("diaspora/", views.public, name="public"),
    path("diaspora/register/", views.register, name="register"),
    path("diaspora/register/sent/", views.register_sent, name="register-sent"),
    path("diaspora/confirm/<uidb64>/<token>/", views.confirm, name="confirm"),
    path("diaspora/deleted/", views.deleted, name="deleted"),
    path("diaspora/me/", views.me, name="me"),
    path("diaspora/me/edit/", views.me_edit, name="me-edit"),
    path("diaspora/me/cv/", views.me_cv_upload, name="me-cv-upload"),
    path("diaspora/me/cv/download/", views.me_cv_download, name="me-cv-download"),
    path("diaspora/me/cv/delete/", views.me_cv_delete, name="me-cv-delete"),
    path("diaspora/me/download/", views.me_download, name="me-download"),
    path("diaspora/me/delete/", views.me_delete, name="me-delete"),
    path("diaspora/me/missions/<int:pk>/", views.my_mission, name="my-mission"),
    path("diaspora/projects/<int:pk>/update/", views.project_update, name="project-update"),
    path("diaspora/members/", views.directory, name="directory"),
    path("diaspora/members/<int:pk>/", views.member_detail, name="member-detail"),
    path("diaspora/members/<int:pk>/cv/", views.member_cv, name="member-cv"),
    path(
        "diaspora/memberships/<int:pk>/confirm/",
        views.membership_confirm,
        name="membership-confirm",
    ),
    path("diaspora/needs/propose/", views.need_propose, name="need-propose"),
    path("diaspora/needs/propose/sent/", views.need_propose_sent, name="need-propose-sent"),
    path("diaspora/needs/", views.need_list, name="need-list"),
    path("diaspora/needs/new/", views.need_create, name="need-create"),
    path("diaspora/needs/<int:pk>/", views.need_detail, name="need-detail"),
    path("diaspora/needs/<int:pk>/edit/", views.need_edit, name="need-edit"),
    path("diaspora/needs/<int:pk>/status/", views.need_status, name="need-status"),
    path("diaspora/needs/<int:pk>/review/", views.need_review, name="need-review"),
    path(
        "diaspora/needs/<int:pk>/shortlist/<int:member_pk>/",
        views.need_shortlist,
        name="need-shortlist",
    ),
    path("diaspora/missions/<int:pk>/invite/", views.mission_invite, name="mission-invite"),
    path("diaspora/missions/<int:pk>/move/", views.mission_move, name="mission-move"),
    path("diaspora/associations/", views.association_list, name="association-list"),
    path("diaspora/associations/new/", views.association_create, name="association-create"),
    path(
        "diaspora/associations/<int:pk>/projects/new/",
        views.project_create,
        name="project-create",
    ),
    path("diaspora/associations/<int:pk>/", views.association_detail, name="association-detail"),
    path("diaspora/associations/<int:pk>/edit/", views.association_edit, name="association-edit"),
    path("diaspora/projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("diaspora/projects/<int:pk>/remove/", views.project_remove, name="project-remove"),
]
