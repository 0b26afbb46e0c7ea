"""Navigation entries that each app declares on its AppConfig as `nav_items`.

base.html shows a person only the entries their role opens, so no app edits the base template
to add a menu entry.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse

PUBLIC = "public"  # shown to everyone, logged in or not
STAFF = "staff"  # shown to any logged-in person with a staff role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = (PUBLIC,)
    order: int = 100


def nav_items_for(user) -> list[dict]:
    from accounts.roles import STAFF_ROLES
    from cigem.permissions import user_has_role

    entries = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if PUBLIC not in item.roles:
                wanted = set(item.roles)
                if STAFF in wanted:
                    wanted |= set(STAFF_ROLES)
                if not user_has_role(user, *wanted):
                    continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            entries.append({"label": item.label, "url": url, "order": item.order})
    return sorted(entries, key=lambda entry: entry["order"])
