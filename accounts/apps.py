"""App config of accounts: signals for the audit trail and role permission sync."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from cigem.navigation import NavItem


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    nav_items = (NavItem(_("Audit trail"), "accounts:audit-list", ("manager",), order=900),)

    def ready(self):
        from accounts import signals  # noqa: F401
        from accounts.roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_roles")
