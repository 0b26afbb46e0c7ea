"""The page frame (header with menu and language switcher, footer), rendered once per process.

Rendering the frame with the template engine cost as much as the rest of a signed-in page's
work (see docs/architecture.md, "Measured lessons"). The frame depends on only three things
per request: the CSRF token, the current path (for the language switcher's return) and the
person's first name. So each frame is rendered once per language and role set with markers in
their place, split at the markers, and filled in per request with escaped values.
"""

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cigem.navigation import entries_for, menu_key

register = template.Library()

# Letters and dashes only, so escaping during the render leaves them intact.
_SLOTS = {name: f"cigemslot-{name}-3c9f" for name in ("csrf", "next", "name")}
_SPLIT = re.compile("(" + "|".join(_SLOTS.values()) + ")")
_SLOT_NAMES = {marker: name for name, marker in _SLOTS.items()}


@lru_cache(maxsize=128)
def _header_parts(language: str, menu: tuple, script_prefix: str) -> tuple:
    """The header for one language and menu: literal text, and slot names as 1-tuples."""
    html = get_template("includes/site_header.html").render(
        {
            "LANGUAGE_CODE": language,
            "nav_items": entries_for(*menu, script_prefix),
            "authenticated": menu[0],
            "short_name": _SLOTS["name"],
            "next_path": _SLOTS["next"],
            "csrf_token": _SLOTS["csrf"],
        }
    )
    return tuple(
        (_SLOT_NAMES[part],) if part in _SLOT_NAMES else part for part in _SPLIT.split(html) if part
    )


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    request = context.get("request")
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    values = {
        # The context's token (Django's lazy one, or a page cache's placeholder: legal.caching).
        "csrf": escape(context.get("csrf_token") or ""),
        "next": escape(request.get_full_path()) if request is not None else "",
        "name": escape(user.get_short_name()) if authenticated else "",
    }
    parts = _header_parts(get_language(), menu_key(user), get_script_prefix())
    # The literal parts come from our template's render; the slot values are escaped above
    # (the CSRF token is letters and digits).
    html = "".join(values[part[0]] if isinstance(part, tuple) else part for part in parts)
    return mark_safe(html)  # noqa: S308


@lru_cache(maxsize=8)
def _footer(language: str) -> str:
    return get_template("includes/site_footer.html").render({"centre": settings.CENTRE})


@register.simple_tag
def site_footer() -> str:
    return mark_safe(_footer(get_language()))  # noqa: S308 - our template's render
