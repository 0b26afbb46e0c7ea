"""Navigation entries that each app declares on its AppConfig as `nav_items`.

base.html shows a person only the entries their role opens, so no app edits the base template
to add a menu entry.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.urls import NoReverseMatch, get_script_prefix, reverse

PUBLIC = "public"  # shown to everyone, logged in or not
STAFF = "staff"  # shown to any logged-in person with a staff role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = (PUBLIC,)
    order: int = 100


def nav_items_for(user) -> list[dict]:
    """The menu entries `user`'s roles open, in order.

    The same for everyone holding the same roles, so built once per process and role set:
    building it (a URL reversal and a role check per entry) cost about as much as the rest of
    a logged-in page's frame. Labels stay lazy, so one list serves every language.
    """
    return list(entries_for(*menu_key(user), get_script_prefix()))


def menu_key(user) -> tuple[bool, bool, frozenset[str]]:
    """What a person's menu depends on: logged in or not, superuser or not, and the roles."""
    if user is None or not user.is_authenticated:
        return (False, False, frozenset())
    return (True, user.is_superuser, user.roles)


@lru_cache(maxsize=64)
def entries_for(
    authenticated: bool, superuser: bool, roles: frozenset[str], _script_prefix: str
) -> tuple[dict, ...]:
    from accounts.roles import STAFF_ROLES

    entries = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            if PUBLIC not in item.roles:
                wanted = set(item.roles)
                if STAFF in wanted:
                    wanted |= set(STAFF_ROLES)
                if not authenticated or not (superuser or roles & wanted):
                    continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            entries.append({"label": item.label, "url": url, "order": item.order})
    return tuple(sorted(entries, key=lambda entry: entry["order"]))
