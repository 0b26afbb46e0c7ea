"""App config of reception: candidates, visits, referrals, partners, offers, applications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import COUNSELLOR, MANAGER
from cigem.navigation import PUBLIC, NavItem

_DESK_MODELS = ["candidate", "visit", "referral", "followup", "candidateconsent"]


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("Reception desk")

    nav_items = (
        NavItem(_("Request an appointment"), "reception:appointment-request", (PUBLIC,), 60),
        NavItem(_("Counsellor desk"), "reception:home", (COUNSELLOR, MANAGER), 20),
        NavItem(_("Candidates"), "reception:candidate-list", (COUNSELLOR, MANAGER), 21),
        NavItem(_("My follow-ups"), "reception:follow-ups", (COUNSELLOR, MANAGER), 22),
    )

    role_permissions = {
        COUNSELLOR: [
            *[
                f"reception.{verb}_{model}"
                for model in _DESK_MODELS
                for verb in ("view", "add", "change")
            ],
            "reception.view_partner",
            "reception.view_appointmentrequest",
            "reception.change_appointmentrequest",
        ],
        MANAGER: [
            *[
                f"reception.{verb}_{model}"
                for model in _DESK_MODELS
                for verb in ("view", "add", "change")
            ],
            "reception.view_partner",
            "reception.add_partner",
            "reception.change_partner",
            "reception.view_appointmentrequest",
            "reception.change_appointmentrequest",
            "reception.view_duplicatelink",
        ],
    }
