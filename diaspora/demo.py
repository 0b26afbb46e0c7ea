"""Demo and synthetic data of the diaspora app: members, associations, projects and needs."""

import random
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from accounts.roles import DIASPORA_MEMBER, Role
from accounts.services import user_create
from cigem.models import Region
from cigem.synthetic import bulk_load, malian_person, reset_sequence
from diaspora.models import (
    AVAILABILITY_FIELDS,
    Association,
    AssociationKind,
    Availability,
    Member,
    MemberLanguage,
    Membership,
    MemberSkill,
    Need,
    NeedOrigin,
    NeedStatus,
    Project,
    ProjectStatus,
    ProjectUpdate,
    Skill,
)
from diaspora.services import skill_get_or_create, skill_key

# Skills by sector, as members of the diaspora name them (in French, the roster's language).
SKILLS = {
    "economy": [
        "Comptabilité",
        "Audit financier",
        "Microfinance",
        "Fiscalité",
        "Analyse de crédit",
    ],
    "health": ["Pédiatrie", "Soins infirmiers", "Chirurgie", "Santé publique", "Gynécologie"],
    "training": ["Ingénierie pédagogique", "Formation de formateurs", "Enseignement technique"],
    "agriculture": ["Irrigation", "Agronomie", "Élevage", "Transformation agroalimentaire"],
    "ict": ["Développement web", "Réseaux informatiques", "Cybersécurité", "Bases de données"],
    "engineering": ["Génie civil", "Énergie solaire", "Électricité", "Hydraulique"],
    "crafts": ["Menuiserie", "Couture", "Mécanique automobile", "Maroquinerie"],
    "other": ["Gestion de projet", "Droit des affaires", "Logistique", "Traduction"],
}
# Where Malians abroad live, roughly weighted: neighbours and Central Africa first, then France.
COUNTRY_WEIGHTS = [
    ("CI", 30),
    ("FR", 14),
    ("SN", 8),
    ("GN", 5),
    ("BF", 5),
    ("NE", 3),
    ("MR", 4),
    ("GA", 3),
    ("CG", 2),
    ("CD", 2),
    ("CM", 2),
    ("ES", 5),
    ("IT", 2),
    ("US", 3),
    ("CA", 1),
    ("DZ", 2),
    ("MA", 2),
    ("GH", 2),
    ("BE", 1),
    ("DE", 1),
    ("CN", 1),
    ("AE", 1),
]
CITIES = {
    "CI": ["Abidjan", "Bouaké"],
    "FR": ["Paris", "Montreuil", "Lyon", "Marseille"],
    "SN": ["Dakar", "Thiès"],
    "GN": ["Conakry"],
    "BF": ["Ouagadougou", "Bobo-Dioulasso"],
    "NE": ["Niamey"],
    "MR": ["Nouakchott"],
    "GA": ["Libreville"],
    "CG": ["Brazzaville"],
    "CD": ["Kinshasa"],
    "CM": ["Douala"],
    "ES": ["Madrid", "Barcelone", "Lleida"],
    "IT": ["Milan", "Rome"],
    "US": ["New York", "Washington"],
    "CA": ["Montréal"],
    "DZ": ["Alger"],
    "MA": ["Casablanca"],
    "GH": ["Accra"],
    "BE": ["Bruxelles"],
    "DE": ["Berlin"],
    "CN": ["Guangzhou"],
    "AE": ["Dubaï"],
}
OCCUPATIONS = {
    "economy": "Comptable",
    "health": "Médecin",
    "training": "Enseignant",
    "agriculture": "Agronome",
    "ict": "Développeur",
    "engineering": "Ingénieur",
    "crafts": "Artisan",
    "other": "Consultant",
}
SECTOR_WEIGHTS = [
    ("economy", 15),
    ("health", 12),
    ("training", 12),
    ("agriculture", 10),
    ("ict", 14),
    ("engineering", 12),
    ("crafts", 15),
    ("other", 10),
]
LANGUAGES = [("fr", 90), ("bm", 70), ("snk", 25), ("ff", 15), ("en", 25), ("ses", 8), ("es", 6)]

DEMO_ASSOCIATIONS = [
    ("Association des ressortissants de Yélimané en France", "FR", "Montreuil", "KAY", "Yélimané"),
    ("Conseil de base des Maliens de Côte d'Ivoire", "CI", "Abidjan", None, ""),
    ("Association Kayes Solidarité Espagne", "ES", "Lleida", "KAY", "Diéma"),
    ("Union des Maliens de Dakar pour Ségou", "SN", "Dakar", "SEG", "Niono"),
]
DEMO_PROJECTS = [
    (0, "Centre de santé communautaire de Yélimané", "Yélimané", "KAY", "health", 45_000_000),
    (0, "Forage et château d'eau de Kersignané", "Yélimané", "KAY", "engineering", 18_000_000),
    (2, "Périmètre maraîcher des femmes de Diéma", "Diéma", "KAY", "agriculture", 9_500_000),
    (3, "Atelier de formation en menuiserie de Niono", "Niono", "SEG", "training", 12_000_000),
]
DEMO_NEEDS = [
    (
        "Former les sages-femmes du centre de référence",
        "Centre de santé de référence de Kayes",
        "health",
        "short_mission",
        ["Gynécologie", "Soins infirmiers"],
        "KAY",
    ),
    (
        "Sécuriser le réseau informatique de l'hôpital",
        "Hôpital du Mali",
        "ict",
        "remote",
        ["Cybersécurité", "Réseaux informatiques"],
        "BKO",
    ),
    (
        "Accompagner une coopérative maraîchère",
        "Chambre régionale d'agriculture de Ségou",
        "agriculture",
        "long_mission",
        ["Irrigation", "Agronomie"],
        "SEG",
    ),
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _languages(rng: random.Random) -> set[str]:
    chosen = {code for code, pct in LANGUAGES if rng.randrange(100) < pct}
    return chosen or {"fr"}


def seed(out) -> None:
    rng = random.Random(7)
    regions = {r.code: r for r in Region.objects.all()}
    for names in SKILLS.values():
        for name in names:
            skill_get_or_create(name=name)
    associations = []
    for name, country, city, region, village in DEMO_ASSOCIATIONS:
        association, _ = Association.objects.get_or_create(
            name=name,
            defaults={
                "kind": AssociationKind.COUNCIL
                if "Conseil" in name
                else AssociationKind.ASSOCIATION,
                "country": country,
                "city": city,
                "region_of_origin": regions.get(region),
                "village_of_origin": village,
                "contact_name": "Secrétariat",
            },
        )
        associations.append(association)
    for index, title, commune, region, sector, budget in DEMO_PROJECTS:
        project, created = Project.objects.get_or_create(
            title=title,
            defaults={
                "association": associations[index],
                "commune": commune,
                "region": regions[region],
                "sector": sector,
                "budget": budget,
                "amount_raised": budget * rng.randrange(10, 90) // 100,
                "status": ProjectStatus.FUNDRAISING
                if budget > 15_000_000
                else ProjectStatus.UNDER_WAY,
            },
        )
        if created:
            ProjectUpdate.objects.create(
                project=project,
                date=date.today() - timedelta(days=30),
                text="Assemblée générale tenue ; collecte lancée auprès des membres.",
            )
    made = 0
    for i in range(36):
        email = f"membre{i:02d}@diaspora.demo"
        if User.objects.filter(email=email).exists():
            continue
        family, given, _sex = malian_person(rng)
        user = user_create(
            email=email, full_name=f"{given} {family}", password=None, roles=[DIASPORA_MEMBER]
        )
        _demo_profile(user, rng, regions, sector=SECTOR_WEIGHTS[i % len(SECTOR_WEIGHTS)][0])
        made += 1
    demo_user = User.objects.filter(email="diaspora@cigem.demo").first()
    if demo_user is not None and not Member.objects.filter(user=demo_user).exists():
        member = _demo_profile(demo_user, rng, regions, sector="health", country="FR")
        Membership.objects.get_or_create(
            member=member, association=associations[0], defaults={"confirmed": True}
        )
    staff = User.objects.filter(email="conseiller@cigem.demo").first()
    for title, institution, sector, kind, skills, region in DEMO_NEEDS:
        if Need.objects.filter(title=title).exists():
            continue
        need = Need.objects.create(
            title=title,
            institution=institution,
            sector=sector,
            kind=kind,
            region=regions.get(region),
            languages=["fr", "bm"],
            remote_possible=kind == "remote",
            duration="3 semaines" if kind == "short_mission" else "",
            created_by=staff,
        )
        need.skills.set([skill_get_or_create(name=name) for name in skills])
    _demo_proposal(regions)
    _demo_invitation(demo_user)
    out.write(
        f"Diaspora: {Member.objects.count()} members ({made} new), "
        f"{Association.objects.count()} associations, {Need.objects.count()} needs"
    )


# A need proposed by an institution on the public form, waiting in the staff's review queue.
DEMO_PROPOSAL_TITLE = "Former les enseignants du lycée technique à la maintenance solaire"


def _demo_proposal(regions) -> None:
    if Need.objects.filter(title=DEMO_PROPOSAL_TITLE).exists():
        return
    need = Need.objects.create(
        title=DEMO_PROPOSAL_TITLE,
        institution="Lycée technique de Sikasso",
        description=(
            "Deux semaines de formation pratique pour six enseignants : dimensionnement, pose "
            "et entretien d'installations photovoltaïques."
        ),
        sector="training",
        kind="training",
        region=regions.get("SIK"),
        location="Sikasso",
        languages=["fr", "bm"],
        duration="2 semaines",
        status=NeedStatus.PROPOSED,
        origin=NeedOrigin.INSTITUTION,
        contact_name="Mariam Coulibaly",
        contact_email="direction@lycee-technique-sikasso.demo",
        contact_phone="+22376000000",
        contact_language="fr",
    )
    need.skills.set([skill_get_or_create(name=name) for name in ("Énergie solaire", "Électricité")])


def _demo_profile(user, rng, regions, *, sector: str, country: str = "") -> Member:
    country = country or _weighted(rng, COUNTRY_WEIGHTS)
    member = Member.objects.create(
        user=user,
        confirmed_at=timezone.now(),
        country=country,
        city=rng.choice(CITIES[country]),
        years_abroad=rng.randrange(1, 30),
        region_of_origin=rng.choice(list(regions.values())),
        occupation=OCCUPATIONS[sector],
        sector=sector,
        qualifications="Master professionnel",
        years_of_experience=rng.randrange(2, 30),
        days_per_year=rng.choice([10, 20, 30, 60]),
        interest_codevelopment=rng.random() < 0.5,
        interest_knowledge_transfer=True,
        **{field: rng.random() < 0.5 for field in AVAILABILITY_FIELDS.values()},
    )
    for name in rng.sample(SKILLS[sector], k=min(3, len(SKILLS[sector]))):
        MemberSkill.objects.create(
            member=member, skill=skill_get_or_create(name=name), level=rng.randrange(2, 5)
        )
    for code in _languages(rng):
        MemberLanguage.objects.create(member=member, language=code)
    return member


# --- synthetic data at benchmark sizes --------------------------------------------------------


def add_arguments(parser) -> None:
    parser.add_argument(
        "--diaspora-members", type=int, default=0, help="diaspora members to create"
    )
    parser.add_argument("--diaspora-needs", type=int, default=0, help="expertise needs to create")


def generate(options, out) -> None:
    rng = random.Random(options["seed"])
    count = options.get("diaspora_members") or 0
    if count:
        _generate_members(rng, count, out)
    needs = options.get("diaspora_needs") or 0
    if needs:
        _generate_needs(rng, needs, out)


def _generate_members(rng: random.Random, count: int, out) -> None:
    skills = {
        sector: [skill_get_or_create(name=name).pk for name in names]
        for sector, names in SKILLS.items()
    }
    all_skills = [pk for pks in skills.values() for pk in pks]
    region_ids = list(Region.objects.values_list("id", flat=True))
    group_id = Group.objects.get(name=Role.DIASPORA_MEMBER.value).pk
    first_user = (User.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    first_member = (Member.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    now = timezone.now()
    run = f"{rng.randrange(16**6):06x}"
    # One pass decides every person; the tables are then loaded one after the other.
    people = []
    for i in range(count):
        sector = _weighted(rng, SECTOR_WEIGHTS)
        country = _weighted(rng, COUNTRY_WEIGHTS)
        family, given, _sex = malian_person(rng)
        own = rng.sample(skills[sector], k=min(len(skills[sector]), rng.randrange(1, 4)))
        if rng.random() < 0.3:
            extra = rng.choice(all_skills)
            if extra not in own:
                own.append(extra)
        people.append(
            (
                first_user + i,
                first_member + i,
                f"{given} {family}",
                f"m{run}-{i}@diaspora.test",
                sector,
                country,
                own,
                _languages(rng),
                now - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60)),
            )
        )
    bulk_load(
        User,
        [
            "id",
            "password",
            "is_superuser",
            "email",
            "full_name",
            "preferred_language",
            "is_staff",
            "is_active",
            "date_joined",
        ],
        (
            (uid, "!", False, email, name, "fr", False, True, updated.isoformat())
            for uid, _mid, name, email, *_rest, updated in people
        ),
    )
    bulk_load(
        User.groups.through,
        ["user_id", "group_id"],
        ((p[0], group_id) for p in people),
    )
    avail = list(AVAILABILITY_FIELDS.values())
    bulk_load(
        Member,
        [
            "id",
            "user_id",
            "country",
            "city",
            "years_abroad",
            "region_of_origin_id",
            "occupation",
            "sector",
            "qualifications",
            "years_of_experience",
            *avail,
            "days_per_year",
            "interest_investment",
            "interest_codevelopment",
            "interest_knowledge_transfer",
            "cv",
            "news_opt_in",
            "created_at",
            "confirmed_at",
            "updated_at",
        ],
        (
            (
                mid,
                uid,
                country,
                rng.choice(CITIES[country]),
                rng.randrange(0, 35),
                rng.choice(region_ids),
                OCCUPATIONS[sector],
                sector,
                "",
                rng.randrange(0, 35),
                *(rng.random() < 0.35 for _ in avail),
                rng.choice([5, 10, 20, 30, 60]),
                rng.random() < 0.2,
                rng.random() < 0.4,
                rng.random() < 0.5,
                "",
                rng.random() < 0.3,
                updated.isoformat(),
                updated.isoformat(),
                updated.isoformat(),
            )
            for uid, mid, _name, _email, sector, country, _own, _langs, updated in people
        ),
    )
    bulk_load(
        MemberSkill,
        ["member_id", "skill_id", "level"],
        ((p[1], skill, rng.randrange(1, 5)) for p in people for skill in p[6]),
    )
    bulk_load(
        MemberLanguage,
        ["member_id", "language"],
        ((p[1], code) for p in people for code in sorted(p[7])),
    )
    for model in (User, Member):
        reset_sequence(model)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "accounts_user",
                "diaspora_member",
                "diaspora_memberskill",
                "diaspora_memberlanguage",
            ):
                cursor.execute(f"ANALYZE {table}")
    out.write(f"diaspora members: {count}")


def _generate_needs(rng: random.Random, count: int, out) -> None:
    regions = list(Region.objects.all())
    for i in range(count):
        sector = _weighted(rng, SECTOR_WEIGHTS)
        need = Need.objects.create(
            title=f"Besoin d'expertise n° {i + 1}",
            institution="Institution partenaire",
            sector=sector,
            kind=rng.choice(Availability.values),
            region=rng.choice(regions),
            languages=["fr", "bm"],
            remote_possible=rng.random() < 0.5,
        )
        need.skills.set(
            Skill.objects.filter(key__in=[skill_key(n) for n in rng.sample(SKILLS[sector], k=2)])
        )
    out.write(f"diaspora needs: {count}")


def _demo_invitation(demo_user) -> None:
    """The demo member has one mission proposed, so the demo shows the answer step."""
    from diaspora.matching import need_matches
    from diaspora.models import Mission, MissionStatus

    member = Member.objects.filter(user=demo_user).first() if demo_user else None
    need = Need.objects.filter(title=DEMO_NEEDS[0][0]).prefetch_related("skills").first()
    if member is None or need is None or Mission.objects.filter(member=member).exists():
        return
    fit = next(iter(need_matches(need, member_id=member.pk)), None)
    Mission.objects.create(
        need=need,
        member=member,
        status=MissionStatus.PROPOSED,
        score=fit.score if fit else 0,
        reasons=fit.reasons if fit else [],
        message="Trois semaines à Kayes au premier trimestre ; billet et séjour pris en charge.",
        invited_at=timezone.now(),
    )
