"""Demo and synthetic data of circular migration: programmes, employers, offers, applications.

Employers are invented (the description says so); programmes name the real legal frameworks
they rest on, with their source. Called from reception/demo.py after partners and candidates.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cigem.models import Region
from cigem.synthetic import bulk_load, reset_sequence
from reception.models import Candidate, Partner
from reception.placements_models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ContractType,
    Country,
    Employer,
    JobOffer,
    OfferStatus,
    Programme,
    Sector,
)
from reception.placements_services import application_move, application_submit

S = ApplicationStatus
DAY = datetime.timedelta(days=1)

PROGRAMMES = [
    (
        "Gestion collective des embauches dans le pays d'origine (GECCO) – Espagne",
        Country.SPAIN,
        "ANPE",
        "Recrutement collectif de saisonniers agricoles dans le pays d'origine, avec "
        "engagement de retour à la fin de la campagne.",
        "Gestión Colectiva de Contrataciones en Origen, fixée chaque année par arrêté "
        "(orden) du ministère espagnol de l'Inclusion, de la Sécurité sociale et des "
        "Migrations.",
    ),
    (
        "Travail saisonnier en France",
        Country.FRANCE,
        "ANPE",
        "Contrats saisonniers agricoles ; l'employeur demande l'autorisation de travail, "
        "le travailleur obtient un visa puis la carte « travailleur saisonnier ».",
        "Code de l'entrée et du séjour des étrangers et du droit d'asile (CESEDA), carte de "
        "séjour « travailleur saisonnier ».",
    ),
    (
        "Mobilité de travail en Afrique de l'Ouest (CEDEAO)",
        Country.OTHER,
        "APEJ",
        "Placements dans les pays de la CEDEAO, où les ressortissants maliens circulent librement.",
        "Protocole A/P.1/5/79 de la CEDEAO sur la libre circulation des personnes, le droit "
        "de résidence et d'établissement (29 mai 1979).",
    ),
]

EMPLOYERS = [
    ("Cooperativa Fresas del Condado", Country.SPAIN, "Moguer (Huelva)", Sector.AGRICULTURE),
    ("Domaine des Trois Chênes", Country.FRANCE, "Saint-Émilion", Sector.AGRICULTURE),
    ("Bâtir Côte d'Ivoire SA", Country.IVORY_COAST, "Abidjan", Sector.CONSTRUCTION),
    ("GIE Maraîchers des Niayes", Country.SENEGAL, "Mboro", Sector.AGRICULTURE),
]
DEMO_NOTE = "Employeur fictif, pour la démonstration du portail."


def _offers(today: datetime.date, employers: dict, programmes: list) -> list[dict]:
    gecco, france, ecowas = programmes
    year = today.year
    return [
        {
            "title": "Récolte de fraises à Huelva – campagne prochaine",
            "employer": employers["Cooperativa Fresas del Condado"],
            "programme": gecco,
            "sector": Sector.AGRICULTURE,
            "country": Country.SPAIN,
            "city": "Moguer (Huelva)",
            "contract_type": ContractType.SEASONAL,
            "positions": 20,
            "period_start": today + 75 * DAY,
            "period_end": today + 180 * DAY,
            "application_deadline": today + 21 * DAY,
            "description": "Cueillette et conditionnement de fraises et de fruits rouges sous "
            "serre, dans une coopérative de la province de Huelva.",
            "occupation": "Ouvrier ou ouvrière agricole",
            "skills": "Travaux des champs, maraîchage ; endurance ; travail en équipe.",
            "match_keywords": "agricul, cultiv, maraich, recolte, jardin, paysan",
            "languages": ["bm", "fr", "es"],
            "age_min": 21,
            "age_max": 45,
            "pay": "Salaire de la convention collective agricole de la province de Huelva",
            "housing_provided": True,
            "travel_paid": True,
            "return_commitment": True,
            "conditions": "Logement sur l'exploitation ; retour au Mali à la fin de la campagne.",
            "status": OfferStatus.OPEN,
            "regions": ["KAY", "KLK", "SIK", "SEG"],
        },
        {
            "title": "Vendanges et travaux de la vigne en Gironde",
            "employer": employers["Domaine des Trois Chênes"],
            "programme": france,
            "sector": Sector.AGRICULTURE,
            "country": Country.FRANCE,
            "city": "Saint-Émilion",
            "contract_type": ContractType.SEASONAL,
            "positions": 8,
            "period_start": today + 120 * DAY,
            "period_end": today + 200 * DAY,
            "application_deadline": today + 5 * DAY,
            "occupation": "Ouvrier viticole saisonnier",
            "skills": "Travaux agricoles, taille, récolte.",
            "match_keywords": "agricul, cultiv, recolte, vigne, arbori",
            "languages": ["fr"],
            "age_min": 21,
            "age_max": 50,
            "pay": "SMIC horaire agricole",
            "housing_provided": True,
            "travel_paid": False,
            "return_commitment": True,
            "status": OfferStatus.OPEN,
            "regions": [],
        },
        {
            "title": "Maçons et coffreurs – chantier de logements à Abidjan",
            "employer": employers["Bâtir Côte d'Ivoire SA"],
            "programme": ecowas,
            "sector": Sector.CONSTRUCTION,
            "country": Country.IVORY_COAST,
            "city": "Abidjan",
            "contract_type": ContractType.TEMPORARY,
            "positions": 12,
            "period_start": today + 60 * DAY,
            "period_end": today + 425 * DAY,
            "application_deadline": today + 30 * DAY,
            "occupation": "Maçon, coffreur",
            "skills": "Maçonnerie, coffrage, lecture de plans simples.",
            "match_keywords": "macon, coffr, btp, batiment, chantier",
            "languages": ["fr"],
            "experience_months": 24,
            "age_min": 20,
            "age_max": 50,
            "pay": "Selon la grille de la convention collective du BTP ivoirien",
            "housing_provided": False,
            "travel_paid": True,
            "return_commitment": False,
            "status": OfferStatus.OPEN,
            "regions": [],
        },
        {
            "title": "Maraîchage dans les Niayes",
            "employer": employers["GIE Maraîchers des Niayes"],
            "programme": ecowas,
            "sector": Sector.AGRICULTURE,
            "country": Country.SENEGAL,
            "city": "Mboro",
            "contract_type": ContractType.SEASONAL,
            "positions": 6,
            "period_start": today - 120 * DAY,
            "period_end": today + 20 * DAY,
            "application_deadline": today - 150 * DAY,
            "occupation": "Maraîcher",
            "match_keywords": "maraich, agricul, jardin, cultiv",
            "languages": ["fr", "ff"],
            "age_min": 20,
            "age_max": 45,
            "housing_provided": True,
            "travel_paid": True,
            "return_commitment": True,
            "status": OfferStatus.CLOSED,
            "regions": [],
        },
        {
            "title": f"Récolte de fraises à Huelva – campagne {year - 1}",
            "employer": employers["Cooperativa Fresas del Condado"],
            "programme": gecco,
            "sector": Sector.AGRICULTURE,
            "country": Country.SPAIN,
            "city": "Moguer (Huelva)",
            "contract_type": ContractType.SEASONAL,
            "positions": 5,
            "period_start": today - 300 * DAY,
            "period_end": today - 190 * DAY,
            "application_deadline": today - 340 * DAY,
            "occupation": "Ouvrier ou ouvrière agricole",
            "match_keywords": "agricul, cultiv, maraich, recolte",
            "languages": ["bm", "es"],
            "age_min": 21,
            "age_max": 45,
            "housing_provided": True,
            "travel_paid": True,
            "return_commitment": True,
            "status": OfferStatus.FILLED,
            "regions": [],
        },
        {
            "title": "Aides à domicile à Dakar (en préparation)",
            "employer": employers["GIE Maraîchers des Niayes"],
            "programme": ecowas,
            "sector": Sector.CARE,
            "country": Country.SENEGAL,
            "city": "Dakar",
            "contract_type": ContractType.TEMPORARY,
            "positions": 4,
            "period_start": today + 90 * DAY,
            "period_end": today + 270 * DAY,
            "application_deadline": today + 45 * DAY,
            "occupation": "Aide à domicile",
            "match_keywords": "aide, menag, soins, cuisin",
            "languages": ["fr"],
            "status": OfferStatus.DRAFT,
            "is_public": False,
            "regions": [],
        },
    ]


# Candidates of the demo pipeline: (code, family, given, sex, age, region, occupation, languages)
PEOPLE = [
    ("DEMO-C01", "Diarra", "Mariam", "F", 29, "KAY", "Maraîchère", ["bm", "fr"]),
    ("DEMO-C02", "Keïta", "Bakary", "M", 34, "KLK", "Cultivateur", ["bm"]),
    ("DEMO-C03", "Coulibaly", "Awa", "F", 38, "SIK", "Agricultrice", ["bm", "es"]),
    ("DEMO-C04", "Traoré", "Seydou", "M", 26, "SEG", "Ouvrier agricole", ["bm", "fr"]),
    ("DEMO-C05", "Sissoko", "Fanta", "F", 31, "KAY", "Maraîchère", ["snk", "bm"]),
    ("DEMO-C06", "Dembélé", "Adama", "M", 41, "MOP", "Cultivateur de riz", ["bm", "ff"]),
    ("DEMO-C07", "Konaté", "Drissa", "M", 37, "BKO", "Maçon", ["bm", "fr"]),
    ("DEMO-C08", "Camara", "Lassine", "M", 30, "KIT", "Coffreur", ["mlq", "fr"]),
    ("DEMO-C09", "Sangaré", "Kadiatou", "F", 27, "BGN", "Maraîchère", ["bm", "fr", "ff"]),
    ("DEMO-C10", "Diallo", "Oumar", "M", 33, "MOP", "Jardinier", ["ff", "fr"]),
    ("DEMO-C11", "Touré", "Hawa", "F", 35, "SEG", "Cultivatrice", ["bm"]),
    ("DEMO-C12", "Doumbia", "Moussa", "M", 24, "KTL", "Agriculteur", ["bm", "fr"]),
]

# (candidate code, offer index, path of (status, days ago), extras)
PIPELINE = [
    # Last year's Huelva season, all ended: the indicators have something to count.
    ("DEMO-C01", 4, "returned_on_time", {"debrief": ("yes", "good", True)}),
    ("DEMO-C02", 4, "returned_on_time", {"debrief": ("partly", "poor", False)}),
    ("DEMO-C03", 4, "returned_late", {"debrief": ("yes", "acceptable", True)}),
    ("DEMO-C04", 4, "not_returned", {}),
    # Senegal, under way.
    ("DEMO-C05", 3, "departed_overdue", {}),
    ("DEMO-C09", 3, "departed", {}),
    ("DEMO-C10", 3, "withdrawn", {}),
    # This year's Huelva campaign: every early stage.
    ("DEMO-C01", 0, "visa_obtained", {}),
    ("DEMO-C03", 0, "contract_signed", {}),
    ("DEMO-C11", 0, "selected", {}),
    ("DEMO-C12", 0, "shortlisted", {}),
    ("DEMO-C06", 0, "submitted", {}),
    ("DEMO-C02", 0, "rejected", {}),
    # Abidjan.
    ("DEMO-C07", 2, "shortlisted", {}),
]


def _people(today) -> dict[str, Candidate]:
    regions = {region.code: region for region in Region.objects.all()}
    people = {}
    for code, family, given, sex, age, region, occupation, languages in PEOPLE:
        people[code], _created = Candidate.objects.get_or_create(
            code=code,
            defaults={
                "last_name": family,
                "first_name": given,
                "sex": sex,
                "birth_year": today.year - age,
                "region_of_origin": regions.get(region),
                "occupation": occupation,
                # Years of work: roughly half the adult years, unknown for two people (the
                # matching list warns about them).
                "years_of_experience": None
                if code in ("DEMO-C06", "DEMO-C11")
                else max(0, age - 20) // 2,
                "languages": languages,
                "migration_motive": "work",
            },
        )
    return people


def _walk(application, path: str, today, actor, debrief=None):
    """Move a demo application along the pipeline with past dates, through the service."""

    def move(status, days_ago, **extra):
        return application_move(
            application=application,
            to_status=status,
            actor=actor,
            on_date=today - days_ago * DAY,
            **extra,
        )

    offer = application.offer
    start = offer.period_start
    if path == "submitted":
        return application
    if path == "rejected":
        return move(S.REJECTED, 2, note="Ne remplit pas la condition de langue.")
    if path == "withdrawn":
        application = move(S.SHORTLISTED, 170)
        return move(S.WITHDRAWN, 160, note="Raisons familiales.")
    application = move(S.SHORTLISTED, max((today - start).days + 40, 6))
    if path == "shortlisted":
        return application
    application = move(S.SELECTED, max((today - start).days + 30, 5))
    if path == "selected":
        return application
    application = move(S.CONTRACT_SIGNED, max((today - start).days + 20, 3))
    if path == "contract_signed":
        return application
    application = move(S.VISA_OBTAINED, max((today - start).days + 10, 1))
    if path == "visa_obtained":
        return application
    departed = (today - start).days
    expected = offer.period_end if path != "departed_overdue" else today - 3 * DAY
    application = move(S.DEPARTED, departed, expected_return_date=expected)
    if path in ("departed", "departed_overdue"):
        return application
    if path == "not_returned":
        return application_move(
            application=application,
            to_status=S.NOT_RETURNED,
            actor=actor,
            note="Injoignable depuis la fin du contrat.",
        )
    late = 12 if path == "returned_late" else 0
    back = (today - offer.period_end).days - late
    data = None
    if debrief:
        paid, conditions, again = debrief
        data = {"paid_as_promised": paid, "conditions": conditions, "wants_to_go_again": again}
    return move(S.RETURNED, back, debrief=data)


@transaction.atomic
def seed(out) -> None:
    today = timezone.localdate()
    partners = {p.acronym: p for p in Partner.objects.all()}
    programmes = []
    for name, country, partner, description, source in PROGRAMMES:
        programme, _created = Programme.objects.get_or_create(
            name=name,
            defaults={
                "country": country,
                "partner": partners.get(partner),
                "description": description,
                "source": source,
            },
        )
        programmes.append(programme)
    employers = {}
    for name, country, city, sector in EMPLOYERS:
        employers[name], _created = Employer.objects.get_or_create(
            name=name,
            defaults={"country": country, "city": city, "sector": sector, "description": DEMO_NOTE},
        )
    actor = User.objects.filter(email="conseiller@cigem.demo").first()
    offers = []
    created_offers = set()
    for index, data in enumerate(_offers(today, employers, programmes)):
        data = dict(data)
        region_codes = data.pop("regions")
        offer = JobOffer.objects.filter(title=data["title"], employer=data["employer"]).first()
        if offer is None:
            # Straight to the table: past offers would not pass the "deadline in the past"
            # rule of offer_create, which protects real offers.
            wanted = data["status"]
            data["status"] = OfferStatus.OPEN
            offer = JobOffer.objects.create(created_by=actor, published_at=timezone.now(), **data)
            offer.regions.set(Region.objects.filter(code__in=region_codes))
            offer.final_status = wanted
            created_offers.add(index)
        offers.append(offer)
    people = _people(today)
    for code, index, path, extras in PIPELINE:
        if index not in created_offers:
            continue
        application = application_submit(offer=offers[index], candidate=people[code], actor=actor)
        _backdate(application, offers[index], today)
        _walk(application, path, today, actor, extras.get("debrief"))
    for index in created_offers:
        offer = offers[index]
        JobOffer.objects.filter(pk=offer.pk).update(status=offer.final_status)
    out.write(
        f"Circular migration: {JobOffer.objects.count()} offers, "
        f"{Application.objects.count()} applications"
    )


def _backdate(application, offer, today) -> None:
    """Demo applications to past offers were submitted before their deadline."""
    when = min(today, offer.application_deadline - 5 * DAY)
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(10)))
    Application.objects.filter(pk=application.pk).update(status_changed_at=moment)
    ApplicationEvent.objects.filter(application=application).update(at=moment)


# --- generate_data ------------------------------------------------------------------------------


def add_arguments(parser) -> None:
    parser.add_argument("--offers", type=int, default=0, help="job offers to create")
    parser.add_argument(
        "--applications", type=int, default=0, help="applications to spread over the offers"
    )


def generate(options, out) -> None:
    """Offers, then applications of existing candidates at every stage (COPY, no services)."""
    rng = random.Random(options["seed"])
    today = timezone.localdate()
    count = options.get("offers") or 0
    if count:
        employer, _created = Employer.objects.get_or_create(
            name="Employeur synthétique",
            defaults={"country": Country.SPAIN, "sector": Sector.AGRICULTURE},
        )
        kinds = [
            ("Récolte", Sector.AGRICULTURE, "agricul, cultiv, maraich, recolte", Country.SPAIN),
            ("Vendanges", Sector.AGRICULTURE, "agricul, vigne, recolte", Country.FRANCE),
            ("Chantier", Sector.CONSTRUCTION, "macon, coffr, batiment", Country.IVORY_COAST),
            ("Maraîchage", Sector.AGRICULTURE, "maraich, jardin", Country.SENEGAL),
        ]
        offers = []
        for i in range(count):
            title, sector, keywords, country = kinds[i % len(kinds)]
            start = today + rng.randint(-400, 200) * DAY
            offers.append(
                JobOffer(
                    title=f"{title} {i + 1}",
                    employer=employer,
                    sector=sector,
                    country=country,
                    city="—",
                    contract_type=ContractType.SEASONAL,
                    positions=rng.randint(5, 50),
                    period_start=start,
                    period_end=start + rng.randint(60, 200) * DAY,
                    application_deadline=start - 30 * DAY,
                    occupation=title,
                    match_keywords=keywords,
                    languages=["bm", "fr"],
                    age_min=20,
                    age_max=45,
                    status=OfferStatus.OPEN if start > today + 30 * DAY else OfferStatus.CLOSED,
                )
            )
        JobOffer.objects.bulk_create(offers, batch_size=1000)
        out.write(f"job offers: {count}")
    wanted = options.get("applications") or 0
    if not wanted:
        return
    offer_ids = list(
        JobOffer.objects.exclude(period_end=None).values_list("id", "period_start", "period_end")
    )
    # Sample ids by range rather than ORDER BY random(), which sorts the whole table.
    first = Candidate.objects.order_by("id").values_list("id", flat=True).first()
    last = Candidate.objects.order_by("-id").values_list("id", flat=True).first()
    candidate_ids = []
    if first is not None:
        picked = rng.sample(range(first, last + 1), min(wanted, last - first + 1))
        candidate_ids = list(Candidate.objects.filter(id__in=picked).values_list("id", flat=True))
    if not offer_ids or not candidate_ids:
        out.write("applications: no offer or no candidate to apply with")
        return
    now = timezone.now()
    states = list(S.values)

    def rows():
        for candidate_id in candidate_ids:
            offer_id, start, end = rng.choice(offer_ids)
            status = rng.choice(states)
            departed = status in (S.DEPARTED, S.RETURNED, S.NOT_RETURNED)
            returned = start + (end - start) + rng.randint(-5, 20) * DAY
            yield (
                offer_id,
                candidate_id,
                status,
                now,
                start if departed else None,
                end if departed else None,
                returned if status == S.RETURNED else None,
                end if departed else None,
                "",
                now,
                now,
            )

    bulk_load(
        Application,
        [
            "offer_id",
            "candidate_id",
            "status",
            "status_changed_at",
            "departure_date",
            "expected_return_date",
            "return_date",
            "contract_end",
            "outcome_note",
            "created_at",
            "updated_at",
        ],
        rows(),
    )
    reset_sequence(Application)
    out.write(f"applications: {len(candidate_ids)}")
