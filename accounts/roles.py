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


def sync_role_permissions(app_config=None, **kwargs) -> None:
    """Give each role group exactly the permissions the apps declare (post_migrate).

    post_migrate is sent once per installed app, after that app's permissions exist: the sync
    runs on the last app's signal only, when every permission does, with one query for them all
    (it ran a query per permission for every app before: two seconds per test database flush).
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    # Django sends it only for apps with a models module.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is not None and app_config is not last:
        return
    wanted = collected_role_permissions()
    labels = {dotted.split(".", 1)[0] for perms in wanted.values() for dotted in perms}
    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.filter(
            content_type__app_label__in=labels
        ).values_list("pk", "content_type__app_label", "codename")
    }
    for role, perms in wanted.items():
        group, _created = Group.objects.get_or_create(name=role)
        # A permission not created yet is added by the next migrate run.
        group.permissions.set([existing[dotted] for dotted in sorted(perms) if dotted in existing])
