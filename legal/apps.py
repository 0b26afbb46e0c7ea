"""App config of legal: destinations, pathways, guides and their search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cigem.navigation import PUBLIC, NavItem


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Legal information")
    nav_items = (
        NavItem(_("Leave legally"), "legal:index", (PUBLIC,), order=10),
        NavItem(_("Guides"), "legal:guide-list", (PUBLIC,), order=11),
        NavItem(_("Editorial desk"), "legal:editor", ("content_editor",), order=300),
    )
    role_permissions = {
        "content_editor": [
            f"legal.{verb}_{model}"
            for model in ("destination", "pathway", "guide", "faqentry", "revision")
            for verb in ("view", "add", "change")
        ],
    }
