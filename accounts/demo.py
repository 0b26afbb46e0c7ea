"""Demo users for every role, and synthetic staff and audit events for benchmarks."""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, User
from accounts.roles import Role
from accounts.services import user_create, user_set_roles
from cigem.synthetic import FAMILY_NAMES, MALE_NAMES, bulk_load

DEMO_PASSWORD = "cigem-demo-2026"  # noqa: S105 - printed on purpose, demo only

DEMO_USERS = [
    ("conseiller@cigem.demo", "Awa Traoré", [Role.COUNSELLOR]),
    ("redaction@cigem.demo", "Moussa Keïta", [Role.CONTENT_EDITOR]),
    ("campagnes@cigem.demo", "Fatoumata Diarra", [Role.CAMPAIGN_MANAGER]),
    ("recherche@cigem.demo", "Oumar Sidibé", [Role.RESEARCHER]),
    ("direction@cigem.demo", "Aminata Coulibaly", [Role.MANAGER]),
    ("diaspora@cigem.demo", "Seydou Konaté", [Role.DIASPORA_MEMBER]),
]


def seed(out) -> None:
    out.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, name, roles in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                email=email, full_name=name, password=DEMO_PASSWORD, roles=[r.value for r in roles]
            )
        else:
            user_set_roles(user=user, roles=[r.value for r in roles])
        out.write(f"  {', '.join(str(r.label) for r in roles):<26} {email}")


def add_arguments(parser) -> None:
    parser.add_argument("--staff", type=int, default=0, help="counsellors to create")
    parser.add_argument("--audit-events", type=int, default=0, help="audit events to create")


def generate(options, out) -> None:
    rng = random.Random(options["seed"])
    for i in range(options["staff"]):
        email = f"staff{i:04d}@cigem.test"
        if not User.objects.filter(email=email).exists():
            user_create(
                email=email,
                full_name=f"{rng.choice(MALE_NAMES)} {rng.choice(FAMILY_NAMES)}",
                password=None,
                roles=[Role.COUNSELLOR.value],
            )
    count = options["audit_events"]
    if count:
        actors = list(User.objects.values_list("id", flat=True)[:200]) or [None]
        start = timezone.now() - timedelta(days=365)
        actions = [AuditAction.VIEW, AuditAction.UPDATE, AuditAction.CREATE]
        rows = (
            (
                rng.choice(actors),
                rng.choice(actions).value,
                "reception.candidate",
                str(rng.randrange(1, 1_000_000)),
                "",
                "127.0.0.1",
                (start + timedelta(seconds=i * 31_536_000 // count)).isoformat(),
            )
            for i in range(count)
        )
        bulk_load(
            AuditEvent,
            [
                "actor_id",
                "action",
                "object_type",
                "object_id",
                "summary",
                "ip_address",
                "created_at",
            ],
            rows,
        )
        out.write(f"audit events: {count}")
