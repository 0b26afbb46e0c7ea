"""URLs of the reception app: the desk under /accueil/, the public appointment form."""

from django.urls import include, path

from reception import views

app_name = "reception"

urlpatterns = [
    path("accueil/", views.desk_home, name="home"),
    path("accueil/candidats/", views.candidate_list, name="candidate-list"),
    path("accueil/candidats/nouveau/", views.candidate_intake, name="candidate-intake"),
    path("accueil/candidats/doublons/", views.duplicate_panel, name="duplicate-panel"),
    path("accueil/candidats/<int:pk>/", views.candidate_detail, name="candidate-detail"),
    path("accueil/candidats/<int:pk>/modifier/", views.candidate_edit, name="candidate-edit"),
    path(
        "accueil/candidats/<int:pk>/historique/",
        views.candidate_timeline,
        name="candidate-timeline",
    ),
    path("accueil/candidats/<int:pk>/fiche/", views.candidate_print, name="candidate-print"),
    path(
        "accueil/candidats/<int:pk>/visites/", views.candidate_visit_add, name="candidate-visit-add"
    ),
    path(
        "accueil/candidats/<int:pk>/consentement/",
        views.candidate_consent,
        name="candidate-consent",
    ),
    path(
        "accueil/candidats/<int:pk>/suivis/",
        views.candidate_follow_up_add,
        name="candidate-follow-up-add",
    ),
    path("accueil/candidats/<int:pk>/cloturer/", views.candidate_close, name="candidate-close"),
    path("accueil/candidats/<int:pk>/rouvrir/", views.candidate_reopen, name="candidate-reopen"),
    path("accueil/candidats/<int:pk>/lier/", views.candidate_link, name="candidate-link"),
    path(
        "accueil/candidats/<int:pk>/ressemblants/",
        views.candidate_duplicates,
        name="candidate-duplicates",
    ),
    path("accueil/candidats/<int:pk>/fusionner/", views.candidate_merge, name="candidate-merge"),
    path("accueil/candidats/<int:pk>/effacer/", views.candidate_erase, name="candidate-erase"),
    path(
        "accueil/candidats/<int:pk>/acces/", views.candidate_access_log, name="candidate-access-log"
    ),
    path("accueil/orientations/<int:pk>/statut/", views.referral_status, name="referral-status"),
    path("accueil/suivis/", views.my_follow_ups, name="follow-ups"),
    path("accueil/suivis/<int:pk>/fait/", views.follow_up_done, name="follow-up-done"),
    path("accueil/partenaires/", views.partner_list, name="partner-list"),
    path("accueil/partenaires/nouveau/", views.partner_edit, name="partner-add"),
    path("accueil/partenaires/<int:pk>/", views.partner_detail, name="partner-detail"),
    path("accueil/partenaires/<int:pk>/modifier/", views.partner_edit, name="partner-edit"),
    path("accueil/rendez-vous/", views.appointment_queue, name="appointment-queue"),
    path("accueil/rendez-vous/<int:pk>/", views.appointment_detail, name="appointment-detail"),
    path("rendez-vous/", views.appointment_request, name="appointment-request"),
    path("rendez-vous/merci/", views.appointment_thanks, name="appointment-thanks"),
    path("", include("reception.placements_urls")),
]
