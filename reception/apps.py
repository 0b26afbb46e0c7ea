"""App config of reception: candidates, visits, referrals, partners, offers, applications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("Reception desk")
