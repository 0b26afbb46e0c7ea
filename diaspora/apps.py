"""App config of diaspora: diaspora members, skills, associations, projects and needs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import COUNSELLOR, DIASPORA_MEMBER, MANAGER
from cigem.navigation import PUBLIC, NavItem

_STAFF_READ = [
    "diaspora.view_member",
    "diaspora.view_association",
    "diaspora.view_project",
    "diaspora.view_need",
    "diaspora.add_need",
    "diaspora.change_need",
    "diaspora.view_mission",
    "diaspora.add_mission",
    "diaspora.change_mission",
]


class DiasporaConfig(AppConfig):
    name = "diaspora"
    verbose_name = _("Diaspora")
    nav_items = (
        NavItem(_("Diaspora"), "diaspora:public", (PUBLIC,), order=40),
        NavItem(_("My diaspora profile"), "diaspora:me", (DIASPORA_MEMBER,), order=41),
        NavItem(_("Diaspora members"), "diaspora:directory", (COUNSELLOR, MANAGER), order=42),
        NavItem(_("Expertise needs"), "diaspora:need-list", (COUNSELLOR, MANAGER), order=43),
        NavItem(
            _("Associations"),
            "diaspora:association-list",
            (COUNSELLOR, MANAGER, DIASPORA_MEMBER),
            order=44,
        ),
    )
    role_permissions = {
        COUNSELLOR: _STAFF_READ,
        MANAGER: [
            *_STAFF_READ,
            "diaspora.add_association",
            "diaspora.change_association",
            "diaspora.add_project",
            "diaspora.change_project",
        ],
    }
