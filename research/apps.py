"""App config of research: publications, indicators, dashboards and exports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cigem.navigation import PUBLIC, NavItem


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research and reports")
    nav_items = (
        NavItem(_("Documentation"), "research:publication-list", (PUBLIC,), order=500),
        NavItem(_("Key figures"), "research:key-figures", (PUBLIC,), order=510),
        NavItem(_("Dashboard"), "research:dashboard", ("researcher", "manager"), order=520),
        NavItem(_("Exports"), "research:export-list", ("researcher", "manager"), order=530),
    )
    role_permissions = {
        "researcher": [
            "research.view_publication",
            "research.add_publication",
            "research.change_publication",
            "research.view_indicator",
            "research.add_indicator",
            "research.change_indicator",
            "research.view_indicatorvalue",
            "research.add_indicatorvalue",
            "research.change_indicatorvalue",
            "research.view_theme",
            "research.add_theme",
        ],
        "manager": [
            "research.view_publication",
            "research.add_publication",
            "research.change_publication",
            "research.delete_publication",
            "research.view_indicator",
            "research.add_indicator",
            "research.change_indicator",
            "research.view_indicatorvalue",
            "research.add_indicatorvalue",
            "research.change_indicatorvalue",
            "research.delete_indicatorvalue",
            "research.view_theme",
            "research.add_theme",
            "research.view_exportjob",
        ],
    }
