"""App config of the project package (it holds shared reference data: the regions of Mali)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CigemConfig(AppConfig):
    name = "cigem"
    verbose_name = _("Reference data")
