"""App config of reception: candidates, visits, referrals, partners, offers, applications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import COUNSELLOR, MANAGER
from cigem.navigation import PUBLIC, NavItem
from reception import placements_config
from reception.placements_config import PLACEMENTS_NAV, PLACEMENTS_PERMISSIONS

_DESK_MODELS = ["candidate", "visit", "referral", "followup", "candidateconsent"]

_DESK_PERMISSIONS = {
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


def _joined(*tables: dict) -> dict:
    roles = {role for table in tables for role in table}
    return {role: [p for table in tables for p in table.get(role, [])] for role in roles}


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("Reception desk")

    nav_items = (
        NavItem(_("Request an appointment"), "reception:appointment-request", (PUBLIC,), 60),
        NavItem(_("Counsellor desk"), "reception:home", (COUNSELLOR, MANAGER), 20),
        NavItem(_("Candidates"), "reception:candidate-list", (COUNSELLOR, MANAGER), 21),
        NavItem(_("My follow-ups"), "reception:follow-ups", (COUNSELLOR, MANAGER), 22),
        *PLACEMENTS_NAV,
    )

    # Circular migration's permissions (reception/placements_config.py) join the desk's.
    role_permissions = _joined(_DESK_PERMISSIONS, PLACEMENTS_PERMISSIONS)

    def ready(self):
        placements_config.connect()
