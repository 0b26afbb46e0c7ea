"""Seed destinations: what a Malian should know first about each country (written by CIGEM).
# ruff: noqa: E501 - long official addresses and sentences are clearer unbroken

Every fact carries a source in `sources` (name, address, date consulted); what could not be
confirmed is listed in `to_verify` and shown as "being checked" on the public page.
"""

CONSULTED = "2026-11-28"
VERIFIED_BY = "Rédaction CIGEM (contenu initial, à relire)"

ECOWAS_STATEMENT = {
    "name": "Commission de la CEDEAO, communiqué du 29 janvier 2025 (repris par allAfrica)",
    "url": "https://allafrica.com/stories/202501290308.html",
    "consulted": CONSULTED,
}

DESTINATIONS = [
    {
        "slug": "france",
        "country_code": "FR",
        "position": 10,
        "official_links": [
            {"name": "France-Visas (demande de visa)", "url": "https://france-visas.gouv.fr"},
            {
                "name": "Administration numérique des étrangers en France (ANEF)",
                "url": "https://administration-etrangers-en-france.interieur.gouv.fr",
            },
            {"name": "Service-Public.fr — Étrangers", "url": "https://www.service-public.fr"},
        ],
        "name_fr": "France",
        "name_en": "France",
        "name_bm": "Faransi",
        "summary_fr": (
            "Pour séjourner plus de trois mois en France, il faut un visa de long séjour "
            "demandé avant le départ, puis, selon le cas, un titre de séjour. Les motifs les "
            "plus courants pour un Malien : études, travail saisonnier ou salarié, "
            "regroupement familial."
        ),
        "summary_en": (
            "Staying in France longer than three months needs a long-stay visa obtained before "
            "leaving and, depending on the case, a residence permit. The most common grounds "
            "for a Malian: studies, seasonal or salaried work, family reunification."
        ),
        "summary_bm": ("Ni i b'a fɛ ka kalo saba tɛmɛ Faransi, i ka kan ka visa ta sani i ka taa."),
        "alerts_fr": (
            "Depuis août 2023, la France a suspendu la délivrance des visas à Bamako et fermé "
            "son centre de demande de visas (Capago) ; Campus France Mali a aussi suspendu ses "
            "services. Vérifiez auprès du centre la situation du jour avant toute démarche : "
            "personne ne peut « acheter » un visa pour vous."
        ),
        "alerts_en": (
            "Since August 2023 France has suspended visa issuance in Bamako and closed its visa "
            "application centre (Capago); Campus France Mali also suspended its services. Check "
            "today's situation with the centre before you start: nobody can 'buy' a visa for you."
        ),
        "contacts_fr": (
            "- Ambassade de France au Mali, Bamako (services consulaires : voir le site de "
            "l'ambassade)\n- Pour les Maliens en France : Ambassade du Mali à Paris"
        ),
        "contacts_en": (
            "- Embassy of France in Mali, Bamako (consular services: see the embassy website)\n"
            "- For Malians in France: Embassy of Mali in Paris"
        ),
        "sources": [
            {
                "name": "AFP via infos15.com, « La France et le Mali suspendent réciproquement "
                "la délivrance de visas », 10 août 2023",
                "url": "https://www.infos15.com/la-france-et-le-mali-suspendent-reciproquement-la-delivrance-de-visas.html",
                "consulted": CONSULTED,
            },
            {
                "name": "Banouto, suspension des services Campus France et visas aux étudiants "
                "du Mali, du Burkina Faso et du Niger, 18 septembre 2023",
                "url": "https://www.banouto.bj/societe/article/20230918-mali-bukina-niger-les-services-campus-france-et-visas-suspendus-aux-etudiants",
                "consulted": CONSULTED,
            },
        ],
        "to_verify": (
            "Reprise éventuelle de la délivrance des visas à Bamako depuis 2023 : aucune source "
            "officielle récente trouvée ; à confirmer auprès de l'ambassade de France."
        ),
        "review_interval_days": 60,
    },
    {
        "slug": "espagne",
        "country_code": "ES",
        "position": 20,
        "official_links": [
            {
                "name": "Ministerio de Inclusión, Seguridad Social y Migraciones",
                "url": "https://www.inclusion.gob.es/web/migraciones",
            },
            {
                "name": "Embajada de España en Bamako",
                "url": "https://www.exteriores.gob.es/Embajadas/bamako",
            },
        ],
        "name_fr": "Espagne",
        "name_en": "Spain",
        "name_bm": "Esipaɲi",
        "summary_fr": (
            "L'Espagne recrute chaque année des travailleurs saisonniers à l'étranger par la "
            "« gestion collective des embauches dans le pays d'origine » (GECCO), surtout pour "
            "l'agriculture. Un nouveau règlement des étrangers est en vigueur depuis le "
            "20 mai 2025. On peut aussi y venir pour étudier ou avec une carte bleue européenne."
        ),
        "summary_en": (
            "Every year Spain recruits seasonal workers abroad through 'collective management of "
            "hiring in the country of origin' (GECCO), mostly for farming. A new immigration "
            "regulation has applied since 20 May 2025. Students and EU Blue Card holders may "
            "also come."
        ),
        "alerts_fr": "",
        "contacts_fr": "- Ambassade d'Espagne à Bamako (section consulaire, visas)",
        "contacts_en": "- Embassy of Spain in Bamako (consular section, visas)",
        "sources": [
            {
                "name": "BOE, Orden GECCO (gestión colectiva de contrataciones en origen), "
                "BOE-A-2025-27014",
                "url": "https://www.boe.es/buscar/doc.php?id=BOE-A-2025-27014&lang=es",
                "consulted": CONSULTED,
            }
        ],
        "to_verify": "",
        "review_interval_days": 120,
    },
    {
        "slug": "cote-d-ivoire",
        "country_code": "CI",
        "position": 30,
        "official_links": [
            {"name": "CEDEAO / ECOWAS", "url": "https://ecowas.int"},
        ],
        "name_fr": "Côte d'Ivoire",
        "name_en": "Côte d'Ivoire",
        "name_bm": "Kodiwari",
        "summary_fr": (
            "Première destination des Maliens en Afrique. Depuis le retrait du Mali de la "
            "CEDEAO (effectif le 29 janvier 2025), la CEDEAO a demandé à ses États membres de "
            "continuer, jusqu'à nouvel ordre, à laisser les Maliens circuler sans visa, "
            "résider et s'établir."
        ),
        "summary_en": (
            "The first destination of Malians in Africa. Since Mali's withdrawal from ECOWAS "
            "(effective 29 January 2025), ECOWAS has asked its member states to keep letting "
            "Malians travel without a visa, reside and settle, until further notice."
        ),
        "summary_bm": (
            "Kabini Mali bɔra CEDEAO la (2025 zanwuyekalo tile 29), CEDEAO ko Malidenw bɛ se ka "
            "taa Kodiwari visa kɔ fɔlɔ, fo ka se kunnafoni wɛrɛ ma."
        ),
        "alerts_fr": (
            "Règles de libre circulation en transition après le retrait du Mali de la CEDEAO : "
            "les mesures de la CEDEAO valent « jusqu'à nouvel ordre ». Voyagez avec un "
            "passeport ou une carte d'identité valide et vérifiez la situation avant le départ."
        ),
        "alerts_en": (
            "Free-movement rules are in transition after Mali left ECOWAS: the ECOWAS measures "
            "hold 'until further notice'. Travel with a valid passport or identity card and "
            "check the situation before leaving."
        ),
        "contacts_fr": "- Ambassade du Mali à Abidjan et consulats du Mali en Côte d'Ivoire",
        "contacts_en": "- Embassy of Mali in Abidjan and Malian consulates in Côte d'Ivoire",
        "sources": [ECOWAS_STATEMENT],
        "to_verify": (
            "Pratique actuelle des autorités ivoiriennes envers les Maliens (documents exigés "
            "aux frontières, carte consulaire) : à confirmer auprès de l'ambassade du Mali."
        ),
        "review_interval_days": 60,
    },
    {
        "slug": "senegal",
        "country_code": "SN",
        "position": 40,
        "official_links": [{"name": "CEDEAO / ECOWAS", "url": "https://ecowas.int"}],
        "name_fr": "Sénégal",
        "name_en": "Senegal",
        "name_bm": "Senegali",
        "summary_fr": (
            "Voisin relié à Bamako par la route et le rail. Comme pour la Côte d'Ivoire, la "
            "CEDEAO a demandé de maintenir la libre circulation des Maliens jusqu'à nouvel "
            "ordre après le retrait du Mali (29 janvier 2025)."
        ),
        "summary_en": (
            "A neighbour linked to Bamako by road. As for Côte d'Ivoire, ECOWAS asked its "
            "members to keep free movement for Malians until further notice after Mali's "
            "withdrawal (29 January 2025)."
        ),
        "alerts_fr": (
            "Transition après le retrait du Mali de la CEDEAO : vérifiez les documents exigés "
            "avant de partir."
        ),
        "alerts_en": (
            "Transition after Mali left ECOWAS: check which documents are required before leaving."
        ),
        "contacts_fr": "- Ambassade du Mali à Dakar",
        "contacts_en": "- Embassy of Mali in Dakar",
        "sources": [ECOWAS_STATEMENT],
        "to_verify": "Documents exigés aux postes frontières sénégalais en 2026 : à confirmer.",
        "review_interval_days": 60,
    },
    {
        "slug": "maroc",
        "country_code": "MA",
        "position": 50,
        "official_links": [
            {
                "name": "Agence marocaine de coopération internationale (AMCI)",
                "url": "https://www.amci.ma",
            }
        ],
        "name_fr": "Maroc",
        "name_en": "Morocco",
        "name_bm": "Marɔku",
        "summary_fr": (
            "Destination d'études pour de nombreux bacheliers maliens, notamment avec les "
            "bourses de l'AMCI. Le Maroc est aussi un pays de transit vers l'Europe : la "
            "traversée irrégulière du détroit ou vers les Canaries est très dangereuse."
        ),
        "summary_en": (
            "A study destination for many Malian school-leavers, notably with AMCI "
            "scholarships. Morocco is also a transit country towards Europe: crossing "
            "irregularly to Spain or the Canary Islands is very dangerous."
        ),
        "alerts_fr": "",
        "contacts_fr": "- Ambassade du Mali à Rabat\n- Ambassade du Maroc à Bamako",
        "contacts_en": "- Embassy of Mali in Rabat\n- Embassy of Morocco in Bamako",
        "sources": [
            {
                "name": "AMCI — Agence marocaine de coopération internationale",
                "url": "https://www.amci.ma",
                "consulted": CONSULTED,
            }
        ],
        "to_verify": (
            "Exemption de visa de court séjour pour les Maliens (90 jours) : à confirmer auprès "
            "de l'ambassade du Maroc à Bamako."
        ),
        "review_interval_days": 180,
    },
]
