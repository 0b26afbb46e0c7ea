"""App config of reception: candidates, visits, referrals, partners, offers, applications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from reception.placements_config import PLACEMENTS_NAV, PLACEMENTS_PERMISSIONS


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("Reception desk")
    nav_items = PLACEMENTS_NAV
    role_permissions = PLACEMENTS_PERMISSIONS
