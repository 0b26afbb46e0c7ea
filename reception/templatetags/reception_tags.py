"""Template helpers of the reception desk."""

from django import template

from cigem.permissions import user_has_role

register = template.Library()


@register.filter
def has_role(user, role: str) -> bool:
    """`{% if user|has_role:"manager" %}`: shows a manager's actions to managers only."""
    return user_has_role(user, role)
