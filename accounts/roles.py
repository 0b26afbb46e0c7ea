"""The roles of the portal. Each is a Django group; its permissions are synced after migrate.

Apps add model permissions to a role by declaring `role_permissions` on their AppConfig, e.g.
`role_permissions = {"counsellor": ["reception.view_candidate", ...]}`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    CONTENT_EDITOR = "content_editor", _("Content editor")
    CAMPAIGN_MANAGER = "campaign_manager", _("Campaign manager")
    RESEARCHER = "researcher", _("Researcher")
    MANAGER = "manager", _("Manager")
    DIASPORA_MEMBER = "diaspora_member", _("Diaspora member")


COUNSELLOR = Role.COUNSELLOR.value
CONTENT_EDITOR = Role.CONTENT_EDITOR.value
CAMPAIGN_MANAGER = Role.CAMPAIGN_MANAGER.value
RESEARCHER = Role.RESEARCHER.value
MANAGER = Role.MANAGER.value
DIASPORA_MEMBER = Role.DIASPORA_MEMBER.value

# Roles held by the centre's own staff (a diaspora member is not staff).
STAFF_ROLES = (COUNSELLOR, CONTENT_EDITOR, CAMPAIGN_MANAGER, RESEARCHER, MANAGER)

# Permissions the accounts app itself grants.
ROLE_PERMISSIONS = {
    MANAGER: ["accounts.view_auditevent"],
}


def collected_role_permissions() -> dict[str, set[str]]:
    from django.apps import apps

    wanted: dict[str, set[str]] = {role: set() for role in Role.values}
    for role, perms in ROLE_PERMISSIONS.items():
        wanted[role].update(perms)
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            wanted[role].update(perms)
    return wanted


def sync_role_permissions(**kwargs) -> None:
    """Give each role group exactly the permissions the apps declare (post_migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in collected_role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:  # not created yet: the next migrate run adds it
                wanted.append(perm)
        group.permissions.set(wanted)
