"""URLs of circular migration, included by reception/urls.py (names start with placements-)."""

from django.urls import path

from reception import placements_record_views as records
from reception import placements_views as views

urlpatterns = [
    # Public job board
    path("offres-emploi/", views.board, name="placements-board"),
    path("offres-emploi/<int:pk>/", views.public_offer, name="placements-public-offer"),
    path("offres-emploi/merci/", views.interest_thanks, name="placements-interest-thanks"),
    # Staff
    path("placements/offres/", views.offer_list, name="placements-offers"),
    path("placements/offres/nouvelle/", views.offer_create, name="placements-offer-create"),
    path("placements/offres/<int:pk>/", views.offer_detail, name="placements-offer"),
    path("placements/offres/<int:pk>/modifier/", views.offer_edit, name="placements-offer-edit"),
    path("placements/offres/<int:pk>/statut/", views.offer_status, name="placements-offer-status"),
    path(
        "placements/offres/<int:pk>/correspondances/",
        views.offer_matches,
        name="placements-matches",
    ),
    path("placements/offres/<int:pk>/candidature/", views.offer_apply, name="placements-apply"),
    path("placements/candidatures/", views.application_list, name="placements-applications"),
    path(
        "placements/candidatures/<int:pk>/",
        views.application_detail,
        name="placements-application",
    ),
    path(
        "placements/candidatures/<int:pk>/etape/",
        views.application_move,
        name="placements-application-move",
    ),
    path(
        "placements/candidatures/<int:pk>/entretien-retour/",
        views.application_debrief,
        name="placements-application-debrief",
    ),
    path(
        "placements/candidats/<int:pk>/offres/",
        views.candidate_offers,
        name="placements-candidate-offers",
    ),
    path("placements/alertes/", views.alerts, name="placements-alerts"),
    path("placements/indicateurs/", views.indicators, name="placements-indicators"),
    path("placements/employeurs/", records.employer_list, name="placements-employers"),
    path(
        "placements/employeurs/nouveau/", records.employer_edit, name="placements-employer-create"
    ),
    path("placements/employeurs/<int:pk>/", records.employer_detail, name="placements-employer"),
    path(
        "placements/employeurs/<int:pk>/modifier/",
        records.employer_edit,
        name="placements-employer-edit",
    ),
    path("placements/programmes/", records.programme_list, name="placements-programmes"),
    path(
        "placements/programmes/nouveau/",
        records.programme_edit,
        name="placements-programme-create",
    ),
    path("placements/programmes/<int:pk>/", records.programme_detail, name="placements-programme"),
    path(
        "placements/programmes/<int:pk>/modifier/",
        records.programme_edit,
        name="placements-programme-edit",
    ),
]
