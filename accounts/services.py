"""Writes of the accounts app: the audit trail and the people who log in."""

from django.contrib.auth.models import Group
from django.db import models, transaction

from accounts.models import AuditAction, AuditEvent, User
from accounts.roles import Role


def client_ip(request) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: User | None,
    action: AuditAction | str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    request=None,
) -> AuditEvent:
    """Write one audit event. `target` fills object type and id from a model instance.

    The summary must not repeat personal data (names, phones): the record id is enough to find
    the person, and the event outlives an erasure.
    """
    if target is not None:
        object_type = target._meta.label_lower
        object_id = target.pk
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=str(action),
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        summary=summary[:300],
        ip_address=client_ip(request),
    )


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None,
    roles: list[str] | tuple[str, ...] = (),
    preferred_language: str = "fr",
) -> User:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        preferred_language=preferred_language,
    )
    if roles:
        user.groups.set(Group.objects.filter(name__in=roles))
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: list[str] | tuple[str, ...]) -> User:
    user.groups.set(Group.objects.filter(name__in=roles))
    user.__dict__.pop("roles", None)
    return user
