"""Demo data of the reception app: the partner institutions the centre works with."""

from reception import placements_demo
from reception.models import Partner, PartnerKind

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
]


def seed(out) -> None:
    for name, acronym, kind, services in PARTNERS:
        Partner.objects.update_or_create(
            name=name, defaults={"acronym": acronym, "kind": kind, "services": services}
        )
    out.write(f"Partners: {Partner.objects.count()}")
    placements_demo.seed(out)


def add_arguments(parser) -> None:
    placements_demo.add_arguments(parser)


def generate(options, out) -> None:
    placements_demo.generate(options, out)
