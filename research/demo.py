"""Demo content of research: themes, a few real publications and sourced indicators.

Figures carry their source. A figure read in a secondary source (a report quoting the World
Bank) and not checked against the series itself is stored with verified=False and shown as
"to be verified"; none is made up.
"""

from decimal import Decimal

from research.models import Indicator, IndicatorValue, Publication, Theme

THEMES = [
    ("Transferts de fonds", "remittances"),
    ("Migration de travail", "labour-migration"),
    ("Retour et réintégration", "return"),
    ("Diaspora", "diaspora"),
    ("Migration irrégulière", "irregular-migration"),
]

PUBLICATIONS = [
    {
        "title": "Migration au Mali : Profil national 2009",
        "authors": "Organisation internationale pour les migrations (OIM)",
        "publisher": "OIM, Genève",
        "year": 2009,
        "language": "fr",
        "kind": "report",
        "themes": ["remittances", "labour-migration", "diaspora"],
        "abstract": (
            "Profil migratoire du Mali : émigration, immigration, diaspora, transferts de fonds "
            "et politiques migratoires."
        ),
    },
    {
        "title": "Les migrations internationales des Maliens",
        "authors": "Sandrine Mesplé-Somps; Björn Nilsson",
        "publisher": "Région et Développement n° 51",
        "year": 2020,
        "language": "fr",
        "kind": "study",
        "themes": ["labour-migration", "remittances"],
        "abstract": (
            "Les enquêtes EMOP de 2011 et 2016 de l'INSTAT : destinations des migrants maliens, "
            "région de Kayes, transferts de fonds et pauvreté."
        ),
    },
]

WDI = "Banque mondiale, Indicateurs du développement dans le monde (WDI)"
IOM_2009 = "OIM (2009), Migration au Mali : Profil national 2009, citant Banque mondiale (2008)"
OECD = "OCDE, Les liens entre le Mali et sa diaspora, chapitre 5 (données FMI)"

INDICATORS = [
    {
        "code": "BX.TRF.PWKR.CD.DT",
        "name": "Envois de fonds personnels reçus par le Mali",
        "unit": "USD courants",
        "source": WDI,
        "source_url": "https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT?locations=ML",
        "note": (
            "Transferts personnels et rémunération des salariés (MBP6). Les valeurs ci-dessous "
            "viennent de publications qui citent la Banque mondiale ou le FMI : à vérifier sur "
            "la série WDI avant toute citation."
        ),
        "values": [
            ("Mali", 2007, Decimal("212000000"), IOM_2009),
            ("Mali", 2019, Decimal("1000000000"), f"{OECD} : « environ 1 milliard USD »"),
        ],
    },
    {
        "code": "BX.TRF.PWKR.DT.GD.ZS",
        "name": "Envois de fonds personnels reçus par le Mali, en % du PIB",
        "unit": "% du PIB",
        "source": WDI,
        "source_url": "https://data.worldbank.org/indicator/BX.TRF.PWKR.DT.GD.ZS?locations=ML",
        "note": "Même définition que BX.TRF.PWKR.CD.DT, rapportée au PIB.",
        "values": [
            ("Mali", 2005, Decimal("2.8"), OECD),
            ("Mali", 2007, Decimal("3.3"), IOM_2009),
            ("Mali", 2019, Decimal("5.8"), f"{OECD} (2019/2020)"),
        ],
    },
    {
        "code": "FR-TRANSFERS-2005",
        "name": "Transferts des migrants depuis la France",
        "unit": "millions d'euros par an",
        "source": (
            "Ch. Milhaud, L'épargne des migrants, rapport au ministre de l'Économie, "
            "septembre 2006 (La Documentation française)"
        ),
        "note": (
            "Le rapport donne aussi les montants vers le Sénégal, le Maroc et les Comores ; "
            "ils restent à saisir depuis le rapport lui-même."
        ),
        "values": [
            (
                "Mali",
                2005,
                Decimal("180"),
                "« chiffre couramment admis », cité d'après ce rapport ; année à vérifier",
            ),
        ],
    },
]


def seed(out) -> None:
    themes = {}
    for name, slug in THEMES:
        themes[slug], _created = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    for data in PUBLICATIONS:
        data = dict(data)
        slugs = data.pop("themes")
        publication, _created = Publication.objects.get_or_create(
            title=data["title"], defaults=data
        )
        publication.themes.set([themes[s] for s in slugs])
    for data in INDICATORS:
        data = dict(data)
        values = data.pop("values")
        indicator, _created = Indicator.objects.update_or_create(code=data["code"], defaults=data)
        for country, year, value, note in values:
            IndicatorValue.objects.update_or_create(
                indicator=indicator,
                country=country,
                year=year,
                defaults={"value": value, "note": note[:300], "verified": False},
            )
    out.write(f"research: {len(PUBLICATIONS)} publications, {len(INDICATORS)} indicators")
