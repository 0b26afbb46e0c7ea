"""Seed pathways for Spain, Côte d'Ivoire, Senegal and Morocco, written by CIGEM."""
# ruff: noqa: E501 - long official addresses and sentences are clearer unbroken

from legal.fixtures_data.destinations import CONSULTED, ECOWAS_STATEMENT

BOE_GECCO = {
    "name": "BOE, Orden GECCO sobre gestión colectiva de contrataciones en origen "
    "(BOE-A-2025-27014)",
    "url": "https://www.boe.es/buscar/doc.php?id=BOE-A-2025-27014&lang=es",
    "consulted": CONSULTED,
}
RD_1155 = {
    "name": "Real Decreto 1155/2024, Reglamento de extranjería, en vigor el 20 de mayo de 2025",
    "url": "https://www.boe.es/eli/es/rd/2024/11/19/1155",
    "consulted": CONSULTED,
}
ECOWAS_PROTOCOL = {
    "name": "CEDEAO, Protocole A/P1/5/79 sur la libre circulation des personnes, le droit de "
    "résidence et d'établissement",
    "url": "https://ecowas.int",
    "consulted": CONSULTED,
}

REGIONAL_TEXT = {
    "who_for_fr": (
        "Les Maliens qui veulent aller travailler, commercer ou vivre dans un pays voisin de "
        "la CEDEAO."
    ),
    "who_for_en": ("Malians who want to work, trade or live in a neighbouring ECOWAS country."),
    "conditions_fr": (
        "- Un passeport ou une carte d'identité nationale valide ; la CEDEAO a demandé de "
        "reconnaître jusqu'à nouvel ordre ceux qui portent son logo (source 1)\n"
        "- Un carnet de vaccination (fièvre jaune) est souvent demandé à la frontière\n"
        "- Séjour sans visa de 90 jours au plus selon le protocole CEDEAO (source 2) ; au-delà, "
        "démarches de résidence selon le pays"
    ),
    "conditions_en": (
        "- A valid passport or national identity card; ECOWAS asked members to recognise "
        "those bearing its logo until further notice (source 1)\n"
        "- A vaccination card (yellow fever) is often asked at the border\n"
        "- Visa-free stay of at most 90 days under the ECOWAS protocol (source 2); beyond "
        "that, residence steps depend on the country"
    ),
    "documents_fr": (
        "- Passeport ou carte d'identité nationale valide\n- Carnet de vaccination\n"
        "- Carte consulaire une fois installé (auprès de l'ambassade du Mali)"
    ),
    "documents_en": (
        "- Valid passport or national identity card\n- Vaccination card\n"
        "- Consular card once settled (from the Embassy of Mali)"
    ),
    "steps_fr": (
        "1. Vérifier la validité de vos papiers avant de partir.\n"
        "2. Voyager par les postes frontières officiels et garder les reçus de tout paiement.\n"
        "3. Une fois installé, vous inscrire à l'ambassade ou au consulat du Mali.\n"
        "4. Pour travailler comme salarié, avoir un contrat écrit."
    ),
    "steps_en": (
        "1. Check your papers are valid before leaving.\n"
        "2. Travel through official border posts and keep receipts of any payment.\n"
        "3. Once settled, register with the Embassy or consulate of Mali.\n"
        "4. To work as an employee, get a written contract."
    ),
    "fees_fr": (
        "Pas de visa à payer. Aucun « droit de passage » n'est dû aux postes frontières : "
        "demandez un reçu officiel pour toute somme exigée."
    ),
    "fees_en": (
        "No visa to pay. No 'crossing fee' is due at border posts: ask for an official "
        "receipt for any sum demanded."
    ),
    "processing_time_fr": "Aucune démarche préalable ; la carte consulaire prend quelques jours.",
    "processing_time_en": "No prior procedure; the consular card takes a few days.",
    "validity_fr": (
        "Mesures de la CEDEAO valables « jusqu'à nouvel ordre » : elles peuvent changer à tout "
        "moment selon les négociations entre la CEDEAO et l'AES."
    ),
    "validity_en": (
        "ECOWAS measures hold 'until further notice': they may change at any time depending "
        "on talks between ECOWAS and the AES."
    ),
    "rights_fr": (
        "- Droit de circuler, de résider et de s'établir selon les protocoles de la CEDEAO, "
        "maintenu jusqu'à nouvel ordre (source 1)\n"
        "- Respect du droit du travail du pays d'accueil"
    ),
    "rights_en": (
        "- Right to travel, reside and settle under the ECOWAS protocols, kept until further "
        "notice (source 1)\n- The host country's labour law applies"
    ),
    "pitfalls_fr": (
        "- Rackets aux frontières : exigez un reçu, notez le lieu et l'heure.\n"
        "- Offres d'emploi dans les mines d'or ou les plantations avec « avance » à "
        "rembourser : risque de travail forcé.\n"
        "- Les passeurs vers l'Afrique du Nord se présentent souvent comme des transporteurs."
    ),
    "pitfalls_en": (
        "- Border rackets: demand a receipt, note the place and time.\n"
        "- Job offers in gold mines or plantations with an 'advance' to pay back: risk of "
        "forced labour.\n- Smugglers towards North Africa often pose as transporters."
    ),
}

PATHWAYS = [
    {
        "slug": "espagne-saisonnier-circulaire",
        "destination": "espagne",
        "category": "seasonal",
        "min_education": "",
        "sectors": "agriculture",
        "review_interval_days": 120,
        "sources": [BOE_GECCO, RD_1155],
        "to_verify": (
            "Participation effective du Mali aux campagnes GECCO de l'année : à confirmer auprès "
            "de l'ambassade d'Espagne et de l'ANPE."
        ),
        "title_fr": "Espagne : travail saisonnier et migration circulaire (embauche dans le pays d'origine)",
        "title_en": "Spain: seasonal work and circular migration (hiring in the country of origin)",
        "summary_fr": (
            "Des employeurs espagnols, surtout agricoles, recrutent des saisonniers directement "
            "dans leur pays grâce à la « gestion collective des embauches dans le pays "
            "d'origine » (GECCO). L'autorisation circulaire permet de travailler jusqu'à 9 mois "
            "par an pendant 4 ans, avec l'engagement de rentrer après chaque saison."
        ),
        "summary_en": (
            "Spanish employers, mostly farms, recruit seasonal workers in their home country "
            "through 'collective management of hiring in the country of origin' (GECCO). The "
            "circular authorisation allows work up to 9 months a year for 4 years, with a "
            "commitment to go home after each season."
        ),
        "who_for_fr": (
            "Travailleurs agricoles et ouvriers, sans diplôme exigé, sélectionnés au Mali pour "
            "une offre d'un employeur espagnol."
        ),
        "who_for_en": (
            "Farm workers and labourers, no diploma required, selected in Mali for a Spanish "
            "employer's offer."
        ),
        "conditions_fr": (
            "- Ne pas résider en Espagne au moment de la sélection (source 1)\n"
            "- Être sélectionné pour une offre approuvée par l'administration espagnole\n"
            "- S'engager à rentrer au pays à la fin de chaque saison\n"
            "- Casier judiciaire sans condamnation"
        ),
        "conditions_en": (
            "- Not living in Spain when selected (source 1)\n"
            "- Being selected for an offer approved by the Spanish administration\n"
            "- A commitment to go home at the end of each season\n- A clean criminal record"
        ),
        "documents_fr": (
            "- Passeport valide\n- Extrait de casier judiciaire\n- Certificat médical\n"
            "- Contrat de travail signé\n- Visa de travail de saisonnier"
        ),
        "documents_en": (
            "- Valid passport\n- Criminal record extract\n- Medical certificate\n"
            "- Signed employment contract\n- Seasonal work visa"
        ),
        "steps_fr": (
            "1. L'employeur espagnol présente son offre dans le cadre de la GECCO.\n"
            "2. La sélection se fait au Mali avec les autorités (ANPE) : elle est gratuite.\n"
            "3. Vous signez le contrat et demandez le visa à l'ambassade d'Espagne à Bamako.\n"
            "4. Vous travaillez la saison, puis vous rentrez et le signalez au consulat dans le "
            "délai fixé, pour pouvoir revenir la saison suivante."
        ),
        "steps_en": (
            "1. The Spanish employer files its offer under GECCO.\n"
            "2. Selection takes place in Mali with the authorities (ANPE): it is free.\n"
            "3. You sign the contract and apply for the visa at the Embassy of Spain in Bamako.\n"
            "4. You work the season, then go home and report to the consulate within the set "
            "time, so you can come back the following season."
        ),
        "fees_fr": (
            "- La sélection est gratuite pour le travailleur\n"
            "- Le voyage et le logement sont encadrés par la GECCO (obligations de l'employeur "
            "à vérifier pour chaque offre)"
        ),
        "fees_en": (
            "- Selection is free for the worker\n"
            "- Travel and housing are regulated by GECCO (check the employer's duties for each "
            "offer)"
        ),
        "processing_time_fr": "Selon le calendrier de la campagne agricole ; plusieurs semaines.",
        "processing_time_en": "Depends on the farming campaign's calendar; several weeks.",
        "validity_fr": (
            "Autorisation pluriannuelle de 4 ans, jusqu'à 9 mois de travail par an (sources 1 "
            "et 2)."
        ),
        "validity_en": (
            "Multi-year authorisation of 4 years, up to 9 months of work a year (sources 1 and 2)."
        ),
        "rights_fr": (
            "- Salaire et conditions de la convention collective du secteur\n"
            "- Logement adapté fourni dans les conditions de l'offre\n"
            "- Sécurité sociale espagnole pendant le travail"
        ),
        "rights_en": (
            "- Pay and conditions of the sector's collective agreement\n"
            "- Suitable housing provided on the offer's terms\n"
            "- Spanish social security while working"
        ),
        "pitfalls_fr": (
            "- Personne ne peut vous « inscrire » sur une liste de saisonniers contre de "
            "l'argent.\n- Ne pas rentrer à la fin de la saison ferme l'accès aux campagnes "
            "suivantes."
        ),
        "pitfalls_en": (
            "- Nobody can 'put you on' a seasonal workers' list for money.\n"
            "- Not going home after the season closes access to later campaigns."
        ),
    },
    {
        "slug": "espagne-carte-bleue",
        "destination": "espagne",
        "category": "talent",
        "min_education": "bachelor",
        "sectors": "it,health",
        "review_interval_days": 180,
        "sources": [
            {
                "name": "Ley 14/2013 de apoyo a los emprendedores, art. 71 y 71 bis "
                "(modificada por la Ley 11/2023)",
                "url": "https://www.boe.es/buscar/act.php?id=BOE-A-2013-10074",
                "consulted": CONSULTED,
            },
            {
                "name": "EIG Law, « Spain Implements Revised EU Blue Card Directive » (Ley "
                "11/2023)",
                "url": "https://eiglaw.com/spain-implements-revised-ed-blue-card-directive/",
                "consulted": CONSULTED,
            },
        ],
        "to_verify": "Seuil de salaire de l'année en cours : à vérifier (fixé chaque année).",
        "title_fr": "Espagne : carte bleue européenne (tarjeta azul UE)",
        "title_en": "Spain: EU Blue Card (tarjeta azul UE)",
        "summary_fr": (
            "Permis de séjour et de travail pour les professionnels hautement qualifiés ayant "
            "une offre d'emploi en Espagne. Depuis la loi 11/2023, il est délivré pour 3 ans "
            "sans test du marché du travail."
        ),
        "summary_en": (
            "A residence and work permit for highly qualified professionals with a job offer "
            "in Spain. Since Law 11/2023 it is issued for 3 years without a labour market test."
        ),
        "who_for_fr": "Diplômés du supérieur ou professionnels expérimentés (informatique, santé, ingénierie).",
        "who_for_en": "University graduates or experienced professionals (IT, health, engineering).",
        "conditions_fr": (
            "- Diplôme supérieur, ou 5 ans d'expérience professionnelle en rapport (3 ans pour "
            "l'informatique) (source 2)\n- Contrat de travail d'au moins 6 mois\n"
            "- Salaire au moins égal au seuil fixé chaque année (à vérifier)"
        ),
        "conditions_en": (
            "- Higher-education degree, or 5 years of relevant experience (3 for IT) "
            "(source 2)\n- Employment contract of at least 6 months\n"
            "- Pay at least at the threshold set each year (to be verified)"
        ),
        "documents_fr": (
            "- Passeport valide\n- Contrat de travail\n- Diplômes homologués ou preuves "
            "d'expérience\n- Casier judiciaire"
        ),
        "documents_en": (
            "- Valid passport\n- Employment contract\n- Recognised degrees or proof of "
            "experience\n- Criminal record"
        ),
        "steps_fr": (
            "1. L'employeur dépose la demande auprès de l'unité des grandes entreprises "
            "(UGE-CE).\n2. Après accord, vous demandez le visa à l'ambassade d'Espagne.\n"
            "3. En Espagne, vous demandez la carte (TIE) dans le mois."
        ),
        "steps_en": (
            "1. The employer files with the large companies unit (UGE-CE).\n"
            "2. Once approved, you apply for the visa at the Embassy of Spain.\n"
            "3. In Spain, you apply for the card (TIE) within the month."
        ),
        "fees_fr": "Taxes d'autorisation et de visa : barèmes officiels espagnols (à vérifier).",
        "fees_en": "Authorisation and visa fees: official Spanish scales (to be verified).",
        "processing_time_fr": "Délai légal de 20 jours ouvrables pour l'autorisation.",
        "processing_time_en": "Legal time limit of 20 working days for the authorisation.",
        "validity_fr": "3 ans, renouvelable 2 ans ; résidence de longue durée ensuite possible.",
        "validity_en": "3 years, renewable for 2; long-term residence possible afterwards.",
        "rights_fr": "- Famille admise avec droit de travailler\n- Mobilité dans l'UE facilitée",
        "rights_en": "- Family admitted with the right to work\n- Easier mobility in the EU",
        "pitfalls_fr": "- Offres d'emploi fictives demandant des frais de « dossier » : arnaque.",
        "pitfalls_en": "- Fake job offers asking for 'file' fees: a scam.",
    },
    {
        "slug": "espagne-etudiant",
        "destination": "espagne",
        "category": "student",
        "min_education": "bac",
        "sectors": "student",
        "review_interval_days": 180,
        "sources": [
            RD_1155,
            {
                "name": "Embajada de España en Bamako",
                "url": "https://www.exteriores.gob.es/Embajadas/bamako",
                "consulted": CONSULTED,
            },
        ],
        "to_verify": (
            "Nombre d'heures de travail autorisées aux étudiants depuis le nouveau règlement "
            "(30 h par semaine selon des sources secondaires) : à vérifier."
        ),
        "title_fr": "Espagne : étudiant",
        "title_en": "Spain: student",
        "summary_fr": (
            "Étudier en Espagne avec un visa d'études demandé à l'ambassade d'Espagne à "
            "Bamako, après une admission dans un établissement espagnol."
        ),
        "summary_en": (
            "Study in Spain with a study visa requested from the Embassy of Spain in Bamako, "
            "after admission to a Spanish institution."
        ),
        "who_for_fr": "Bacheliers et étudiants admis en Espagne, parlant espagnol ou suivant un cursus en anglais.",
        "who_for_en": "School-leavers and students admitted in Spain who speak Spanish or take a course in English.",
        "conditions_fr": (
            "- Admission dans un établissement autorisé\n- Moyens de subsistance suffisants\n"
            "- Assurance maladie"
        ),
        "conditions_en": (
            "- Admission to an authorised institution\n- Sufficient means of support\n"
            "- Health insurance"
        ),
        "documents_fr": (
            "- Passeport valide\n- Lettre d'admission\n- Preuve de ressources\n"
            "- Assurance maladie\n- Certificat médical et casier judiciaire (études de plus "
            "de 6 mois)"
        ),
        "documents_en": (
            "- Valid passport\n- Admission letter\n- Proof of funds\n- Health insurance\n"
            "- Medical certificate and criminal record (studies over 6 months)"
        ),
        "steps_fr": (
            "1. Obtenir l'admission.\n2. Déposer la demande de visa à l'ambassade d'Espagne.\n"
            "3. En Espagne, demander la carte d'étranger (TIE) dans le mois."
        ),
        "steps_en": (
            "1. Get the admission.\n2. Apply for the visa at the Embassy of Spain.\n"
            "3. In Spain, apply for the foreigner's card (TIE) within the month."
        ),
        "fees_fr": "Frais de visa national : barème de l'ambassade (à vérifier).",
        "fees_en": "National visa fee: embassy scale (to be verified).",
        "processing_time_fr": "Environ un mois ; déposez au moins deux mois avant la rentrée.",
        "processing_time_en": "About a month; apply at least two months before term.",
        "validity_fr": "Durée des études, renouvelable chaque année si les études avancent.",
        "validity_en": "Length of studies, renewable each year if studies progress.",
        "rights_fr": "- Travail compatible avec les études, dans une limite d'heures (à vérifier)",
        "rights_en": "- Work compatible with studies, within an hours limit (to be verified)",
        "pitfalls_fr": "- « Bourses » payantes proposées sur les réseaux sociaux : arnaque.",
        "pitfalls_en": "- Paid 'scholarships' offered on social media: a scam.",
    },
    {
        "slug": "cote-d-ivoire-libre-circulation",
        "destination": "cote-d-ivoire",
        "category": "regional",
        "min_education": "",
        "sectors": "agriculture,trade,construction",
        "review_interval_days": 60,
        "sources": [ECOWAS_STATEMENT, ECOWAS_PROTOCOL],
        "to_verify": (
            "Documents réellement exigés par la Côte d'Ivoire aux Maliens en 2026 et évolution "
            "des négociations CEDEAO–AES."
        ),
        "title_fr": "Côte d'Ivoire : libre circulation et résidence (après le retrait du Mali de la CEDEAO)",
        "title_en": "Côte d'Ivoire: free movement and residence (after Mali left ECOWAS)",
        "summary_fr": (
            "Le Mali a quitté la CEDEAO le 29 janvier 2025. La CEDEAO a demandé à ses membres de "
            "continuer, jusqu'à nouvel ordre, à reconnaître les passeports et cartes d'identité "
            "maliens et à laisser les Maliens circuler sans visa, résider et s'établir."
        ),
        "summary_en": (
            "Mali left ECOWAS on 29 January 2025. ECOWAS asked its members to keep recognising "
            "Malian passports and identity cards, and to let Malians travel without a visa, "
            "reside and settle, until further notice."
        ),
        **REGIONAL_TEXT,
    },
    {
        "slug": "senegal-libre-circulation",
        "destination": "senegal",
        "category": "regional",
        "min_education": "",
        "sectors": "trade,construction,agriculture",
        "review_interval_days": 60,
        "sources": [ECOWAS_STATEMENT, ECOWAS_PROTOCOL],
        "to_verify": "Documents exigés par le Sénégal aux Maliens en 2026.",
        "title_fr": "Sénégal : libre circulation et résidence (après le retrait du Mali de la CEDEAO)",
        "title_en": "Senegal: free movement and residence (after Mali left ECOWAS)",
        "summary_fr": (
            "Aller au Sénégal pour travailler, commercer ou étudier sans visa : la CEDEAO a "
            "demandé de maintenir ce droit pour les Maliens jusqu'à nouvel ordre après le "
            "retrait du Mali (29 janvier 2025)."
        ),
        "summary_en": (
            "Go to Senegal to work, trade or study without a visa: ECOWAS asked members to keep "
            "this right for Malians until further notice after Mali's withdrawal (29 January "
            "2025)."
        ),
        **REGIONAL_TEXT,
    },
    {
        "slug": "maroc-etudiant",
        "destination": "maroc",
        "category": "student",
        "min_education": "bac",
        "sectors": "student",
        "review_interval_days": 180,
        "sources": [
            {
                "name": "AMCI — Agence marocaine de coopération internationale",
                "url": "https://www.amci.ma",
                "consulted": CONSULTED,
            }
        ],
        "to_verify": (
            "Calendrier des bourses AMCI pour le Mali et démarches d'immatriculation des "
            "étudiants étrangers au Maroc : à confirmer."
        ),
        "title_fr": "Maroc : étudiant (dont bourses AMCI)",
        "title_en": "Morocco: student (including AMCI scholarships)",
        "summary_fr": (
            "Le Maroc accueille de nombreux étudiants maliens, notamment boursiers de l'AMCI. "
            "La candidature aux bourses passe par les autorités maliennes chargées de "
            "l'enseignement supérieur ; les inscriptions privées se font auprès des écoles."
        ),
        "summary_en": (
            "Morocco hosts many Malian students, notably AMCI scholarship holders. Scholarship "
            "applications go through the Malian higher-education authorities; private "
            "enrolments are made with the schools."
        ),
        "who_for_fr": "Bacheliers et étudiants maliens.",
        "who_for_en": "Malian school-leavers and students.",
        "conditions_fr": (
            "- Le baccalauréat (ou le diplôme requis pour le niveau visé)\n"
            "- Une admission ou une bourse\n- Des moyens de subsistance"
        ),
        "conditions_en": (
            "- The baccalauréat (or the diploma needed for the level)\n"
            "- An admission or a scholarship\n- Means of support"
        ),
        "documents_fr": (
            "- Passeport valide\n- Diplômes et relevés de notes\n- Certificat médical\n"
            "- Attestation de bourse ou d'inscription"
        ),
        "documents_en": (
            "- Valid passport\n- Diplomas and transcripts\n- Medical certificate\n"
            "- Scholarship or enrolment letter"
        ),
        "steps_fr": (
            "1. Se renseigner sur l'appel à candidatures de bourses AMCI (voie officielle au "
            "Mali) ou candidater à une école.\n2. Voyager avec le passeport.\n"
            "3. Au Maroc, faire les démarches de séjour d'étudiant dans les délais."
        ),
        "steps_en": (
            "1. Check the AMCI scholarship call (official channel in Mali) or apply to a "
            "school.\n2. Travel with your passport.\n"
            "3. In Morocco, complete the student residence steps on time."
        ),
        "fees_fr": "Bourse AMCI : pas de frais de scolarité dans les établissements publics (à vérifier).",
        "fees_en": "AMCI scholarship: no tuition in public institutions (to be verified).",
        "processing_time_fr": "Selon le calendrier annuel des bourses.",
        "processing_time_en": "According to the yearly scholarship calendar.",
        "validity_fr": "Titre de séjour d'étudiant renouvelé chaque année.",
        "validity_en": "Student residence renewed each year.",
        "rights_fr": "- Étudier ; le travail des étudiants étrangers est encadré (à vérifier)",
        "rights_en": "- Study; work by foreign students is regulated (to be verified)",
        "pitfalls_fr": (
            "- Le Maroc n'est pas une porte d'entrée vers l'Europe : la traversée irrégulière "
            "tue chaque année.\n- Intermédiaires vendant des « places » de bourse : arnaque."
        ),
        "pitfalls_en": (
            "- Morocco is not a gateway to Europe: irregular crossings kill every year.\n"
            "- Go-betweens selling scholarship 'places': a scam."
        ),
    },
]
