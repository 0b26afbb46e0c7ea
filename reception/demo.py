"""Demo data of the reception app (partners, candidates, visits) and synthetic data at scale."""

import json
import random
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.roles import COUNSELLOR
from cigem.models import Region
from cigem.synthetic import (
    FAMILY_NAMES,
    FEMALE_NAMES,
    MALE_NAMES,
    TOWNS,
    bulk_load,
    malian_mobile,
    reset_sequence,
)
from reception import names, placements_demo
from reception.models import (
    Candidate,
    ConsentKind,
    EducationLevel,
    FamilySituation,
    MigrationMotive,
    Partner,
    PartnerKind,
    Profile,
    ReferralStatus,
    ServiceGiven,
    Visit,
    VisitChannel,
)

# Names as the institutions publish them; contacts are left for the centre to fill in.
PARTNERS = [
    (
        "Agence Nationale pour l'Emploi",
        "ANPE",
        PartnerKind.PUBLIC_AGENCY,
        "Job seeker registration, job offers, placement, employment information.",
    ),
    (
        "Agence pour la Promotion de l'Emploi des Jeunes",
        "APEJ",
        PartnerKind.PUBLIC_AGENCY,
        "Youth employment programmes, self-employment support, internships.",
    ),
    (
        "Fonds d'Appui à la Formation Professionnelle et à l'Apprentissage",
        "FAFPA",
        PartnerKind.TRAINING,
        "Funding of vocational training and apprenticeships.",
    ),
    (
        "Délégation Générale des Maliens de l'Extérieur",
        "DGME",
        PartnerKind.PUBLIC_AGENCY,
        "Malians abroad, returnees, consular and reintegration matters.",
    ),
    (
        "Organisation Internationale pour les Migrations – Mali",
        "OIM",
        PartnerKind.INTERNATIONAL,
        "Assisted voluntary return and reintegration, protection of migrants.",
    ),
    # Illustrative entries of the other kinds the directory holds; the centre fills in real ones.
    (
        "Centre de formation professionnelle (exemple)",
        "",
        PartnerKind.TRAINING,
        "Short vocational courses: electricity, plumbing, welding, sewing.",
    ),
    (
        "Association d'accueil des migrants de retour (exemple)",
        "",
        PartnerKind.NGO,
        "Reception of returnees, psychosocial listening, small reintegration projects.",
    ),
    (
        "Consulat (exemple)",
        "",
        PartnerKind.CONSULATE,
        "Visa information for work and studies.",
    ),
]

DEMO_PEOPLE = [
    ("Coulibaly", "Moussa", "M", date(1996, 4, 12), "KLK", Profile.POTENTIAL_MIGRANT),
    ("Traoré", "Aminata", "F", date(1999, 9, 3), "BKO", Profile.POTENTIAL_MIGRANT),
    ("Diakité", "Mamadou Lamine", "M", None, "KAY", Profile.RETURNEE_FORCED),
    ("Ouattara", "Fatoumata", "F", date(1992, 1, 20), "SIK", Profile.RETURNEE_VOLUNTARY),
    ("Cissé", "Oumar", "M", date(1988, 7, 7), "TBT", Profile.RETURNING_DIASPORA),
    ("Keïta", "Seydou", "M", date(2001, 11, 30), "KIT", Profile.POTENTIAL_MIGRANT),
    ("Sangaré", "Kadiatou", "F", None, "SEG", Profile.POTENTIAL_MIGRANT),
    ("Maïga", "Boubacar", "M", date(1994, 2, 14), "GAO", Profile.RETURNEE_FORCED),
]


def seed(out) -> None:
    for name, acronym, kind, services in PARTNERS:
        Partner.objects.update_or_create(
            name=name, defaults={"acronym": acronym, "kind": kind, "services": services}
        )
    out.write(f"Partners: {Partner.objects.count()}")
    _seed_candidates()
    out.write(f"Candidates: {Candidate.objects.count()}")
    placements_demo.seed(out)


def _seed_candidates() -> None:
    from reception import services

    counsellor = User.objects.filter(email="conseiller@cigem.demo").first()
    anpe = Partner.objects.filter(acronym="ANPE").first()
    today = timezone.localdate()
    regions = {r.code: r for r in Region.objects.all()}
    # The legal app's seed runs first: the demo visits discuss a few of its published pathways.
    from legal.models import Pathway

    pathways = list(
        Pathway.objects.filter(is_published=True).order_by("slug").values_list("slug", flat=True)
    )[:3]
    for number, (last, first, sex, born, region, profile) in enumerate(DEMO_PEOPLE, start=1):
        code = f"CIG-DEMO-{number:04d}"
        if Candidate.objects.filter(code=code).exists():
            continue
        candidate = services.candidate_create(
            actor=counsellor,
            check_duplicates=False,
            code=code,
            last_name=last,
            first_name=first,
            sex=sex,
            birth_date=born,
            birth_year=born.year if born else 1990 + number,
            phone=f"+2237600{number:04d}",
            region_of_origin=regions.get(region),
            profile=profile,
            languages=["bm", "fr"],
            education_level=EducationLevel.LOWER_SECONDARY,
            occupation="Maçon" if sex == "M" else "Couturière",
            intended_destination="Espagne" if number % 2 else "",
            migration_motive=MigrationMotive.WORK,
        )
        services.candidate_consent_record(
            candidate=candidate, actor=counsellor, kind=ConsentKind.RECORD, given=True
        )
        services.candidate_consent_record(
            candidate=candidate, actor=counsellor, kind=ConsentKind.REFERRAL, given=True
        )
        visit = services.visit_create(
            candidate=candidate,
            actor=counsellor,
            visit_date=today - timedelta(days=number * 3),
            channel=VisitChannel.WALK_IN,
            services=[ServiceGiven.LEGAL_INFORMATION, ServiceGiven.ORIENTATION],
            pathways=pathways[number % 2 :: 2] if pathways else [],
            notes="Premier entretien : projet, documents, voies légales possibles.",
            next_step="Rappeler pour faire le point",
            follow_up_date=today + timedelta(days=number - 4),
        )
        if anpe and number % 2:
            referral = services.referral_create(
                candidate=candidate,
                actor=counsellor,
                partner=anpe,
                service="Inscription comme demandeur d'emploi",
                visit=visit,
            )
            if number % 3 == 0:
                services.referral_transition(
                    referral=referral, to_status=ReferralStatus.ACCEPTED, actor=counsellor
                )


# --- synthetic data at benchmark size -------------------------------------------------------


def add_arguments(parser) -> None:
    parser.add_argument("--candidates", type=int, default=0, help="candidates to create")
    parser.add_argument(
        "--visits", type=int, default=0, help="visits to create (spread over the candidates)"
    )
    placements_demo.add_arguments(parser)


# A few of the spellings a second counsellor would type: the data has realistic near-duplicates.
VARIANTS = {
    "Coulibaly": "Kulibali",
    "Diakité": "Jakite",
    "Ouattara": "Wattara",
    "Cissé": "Sissé",
    "Keïta": "Keita",
    "Traoré": "Traore",
    "Moussa": "Musa",
    "Mamadou": "Mamadu",
}


@lru_cache(maxsize=100_000)
def _keys(last: str, first: str) -> tuple[str, str, str]:
    return names.name_keys(last, first)


def _json(value):
    # COPY takes JSON as text; the SQLite fallback builds model instances from Python values.
    return json.dumps(value) if connection.vendor == "postgresql" else value


def generate(options, out) -> None:
    count = options.get("candidates") or 0
    visits = options.get("visits") or 0
    if count:
        _generate_candidates(count, random.Random(options["seed"]), out)
    if visits:
        _generate_visits(visits, random.Random(options["seed"] + 1), out)
    placements_demo.generate(options, out)


def _generate_candidates(count: int, rng: random.Random, out) -> None:
    regions = dict(Region.objects.values_list("code", "id"))
    counsellors = list(
        User.objects.filter(groups__name=COUNSELLOR).values_list("id", flat=True)
    ) or [None]
    start = (Candidate.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    now = timezone.now()
    profiles = Profile.values
    educations = EducationLevel.values
    families = FamilySituation.values
    motives = MigrationMotive.values

    def rows():
        for pk in range(start, start + count):
            sex = "M" if rng.random() < 0.6 else "F"
            last = rng.choice(FAMILY_NAMES)
            first = rng.choice(MALE_NAMES if sex == "M" else FEMALE_NAMES)
            if rng.random() < 0.05:
                last = VARIANTS.get(last, last)
                first = VARIANTS.get(first, first)
            last_key, first_key, search = _keys(last, first)
            region_code, town = rng.choice(TOWNS)
            year = rng.randrange(1960, 2008)
            born = (
                date(year, rng.randrange(1, 13), rng.randrange(1, 29))
                if rng.random() < 0.7
                else None
            )
            created = now - timedelta(seconds=rng.randrange(0, 3 * 365 * 86400))
            closed = rng.random() < 0.2
            yield (
                pk,
                f"CIG-{created.year}-{pk:06d}",
                last,
                first,
                sex,
                born,
                year,
                malian_mobile(rng) if rng.random() < 0.9 else "",
                "",
                f"{rng.randrange(10**14):015d}" if rng.random() < 0.3 else "",
                "",
                regions.get(region_code),
                "",
                town,
                town,
                _json(["bm", "fr"] if rng.random() < 0.5 else ["bm"]),
                rng.choice(educations),
                "",
                "",
                rng.choice(families),
                None,
                rng.choice(profiles),
                "",
                rng.choice(motives),
                "",
                "closed" if closed else "open",
                "no_contact" if closed else "",
                created if closed else None,
                rng.choice(counsellors),
                None,
                None,
                None,
                last_key,
                first_key,
                search,
                created,
                created,
                1,
            )

    columns = [
        "id",
        "code",
        "last_name",
        "first_name",
        "sex",
        "birth_date",
        "birth_year",
        "phone",
        "email",
        "nina",
        "passport_number",
        "region_of_origin_id",
        "cercle",
        "commune",
        "residence",
        "languages",
        "education_level",
        "occupation",
        "skills",
        "family_situation",
        "dependants",
        "profile",
        "intended_destination",
        "migration_motive",
        "motive_details",
        "status",
        "closing_reason",
        "closed_at",
        "counsellor_id",
        "created_by_id",
        "merged_into_id",
        "erased_at",
        "last_name_key",
        "first_name_key",
        "search_name",
        "created_at",
        "updated_at",
        "version",
    ]
    bulk_load(Candidate, columns, rows())
    reset_sequence(Candidate)
    _analyze(Candidate)
    out.write(f"Candidates: +{count}")


def _generate_visits(count: int, rng: random.Random, out) -> None:
    # Ids are read, not assumed contiguous: a deleted or merged row must not break the FK.
    ids = list(Candidate.objects.values_list("id", flat=True))
    if not ids:
        out.write("Visits: no candidate to visit")
        return
    counsellors = list(
        User.objects.filter(groups__name=COUNSELLOR).values_list("id", flat=True)
    ) or [None]
    today = timezone.localdate()
    channels = VisitChannel.values
    services_pool = ServiceGiven.values
    tz = timezone.get_current_timezone()

    def rows():
        for _ in range(count):
            day = today - timedelta(days=rng.randrange(0, 3 * 365))
            follow = day + timedelta(days=14) if rng.random() < 0.3 else None
            yield (
                rng.choice(ids),
                day,
                rng.choice(counsellors),
                rng.choice(channels),
                _json(rng.sample(services_pool, rng.randrange(1, 3))),
                _json([]),
                "",
                "",
                follow,
                datetime.combine(day, time(9, rng.randrange(0, 60)), tzinfo=tz),
            )

    columns = [
        "candidate_id",
        "visit_date",
        "counsellor_id",
        "channel",
        "services",
        "pathways",
        "notes",
        "next_step",
        "follow_up_date",
        "created_at",
    ]
    bulk_load(Visit, columns, rows())
    _analyze(Visit)
    out.write(f"Visits: +{count}")


def _analyze(model) -> None:
    # VACUUM too: it fills the visibility map, without which the deep pages' index-only scans
    # (selectors.DeferredJoin) read the table rows after a bulk load.
    if connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
