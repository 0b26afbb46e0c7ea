"""Seed pathways for France, written by CIGEM from the sources listed with each one."""
# ruff: noqa: E501 - long official addresses and sentences are clearer unbroken

from legal.fixtures_data.destinations import CONSULTED

SP_SEASONAL = {
    "name": "Service-Public.fr, « Carte de séjour pluriannuelle travailleur saisonnier » (F21516)",
    "url": "https://www.service-public.fr/particuliers/vosdroits/F21516",
    "consulted": CONSULTED,
}
INTERIEUR_SEASONAL = {
    "name": "Ministère de l'Intérieur, « La carte de séjour portant la mention travailleur "
    "saisonnier » (page d'archive)",
    "url": "https://immigration.interieur.gouv.fr/fr/Archives/Les-archives-du-site/Archives-Immigration/Archives-Immigration-professionnelle/La-carte-de-sejour-portant-la-mention-travailleur-saisonnier",
    "consulted": CONSULTED,
}
FRANCE_VISAS = {
    "name": "France-Visas, site officiel des visas pour la France",
    "url": "https://france-visas.gouv.fr",
    "consulted": CONSULTED,
}

PATHWAYS = [
    {
        "slug": "france-travailleur-saisonnier",
        "destination": "france",
        "category": "seasonal",
        "min_education": "",
        "sectors": "agriculture,hospitality",
        "review_interval_days": 180,
        "sources": [SP_SEASONAL, INTERIEUR_SEASONAL, FRANCE_VISAS],
        "to_verify": (
            "Montant des taxes (visa, titre de séjour, taxe employeur OFII) : à vérifier sur "
            "France-Visas et Service-Public avant de l'annoncer à un candidat."
        ),
        "title_fr": "France : travailleur saisonnier",
        "title_en": "France: seasonal worker",
        "summary_fr": (
            "Travailler en France quelques mois par an (récoltes, vendanges, tourisme) avec une "
            "carte de séjour pluriannuelle « travailleur saisonnier » valable jusqu'à 3 ans, "
            "sans dépasser 6 mois de séjour par an, et en gardant son domicile au Mali."
        ),
        "summary_en": (
            "Work in France a few months a year (harvests, grape picking, tourism) with a "
            "multi-year 'seasonal worker' residence card valid up to 3 years, staying no more "
            "than 6 months a year and keeping your home in Mali."
        ),
        "who_for_fr": (
            "Les personnes recrutées par un employeur en France pour un emploi saisonnier, "
            "agricole ou non, qui veulent revenir vivre au Mali entre deux saisons."
        ),
        "who_for_en": (
            "People hired by an employer in France for seasonal work, in farming or not, who "
            "want to come back and live in Mali between seasons."
        ),
        "conditions_fr": (
            "- Un contrat de travail saisonnier d'au moins 3 mois (source 1)\n"
            "- Une autorisation de travail demandée par l'employeur avant votre arrivée\n"
            "- Le séjour en France ne dépasse pas 6 mois cumulés par an (source 1)\n"
            "- S'engager à garder sa résidence habituelle hors de France"
        ),
        "conditions_en": (
            "- A seasonal employment contract of at least 3 months (source 1)\n"
            "- A work authorisation requested by the employer before you arrive\n"
            "- The stay in France does not exceed 6 months in total per year (source 1)\n"
            "- A commitment to keep your usual residence outside France"
        ),
        "documents_fr": (
            "- Passeport valide\n- Contrat de travail saisonnier et autorisation de travail\n"
            "- Visa de long séjour « travailleur saisonnier »\n"
            "- Acte de naissance, photos d'identité\n"
            "- Engagement de garder sa résidence hors de France"
        ),
        "documents_en": (
            "- Valid passport\n- Seasonal employment contract and work authorisation\n"
            "- Long-stay 'seasonal worker' visa\n- Birth certificate, ID photos\n"
            "- Commitment to keep your residence outside France"
        ),
        "steps_fr": (
            "1. L'employeur en France demande l'autorisation de travail en ligne (ANEF).\n"
            "2. Une fois l'autorisation accordée, vous demandez le visa de long séjour "
            "« travailleur saisonnier » sur France-Visas et au consulat compétent.\n"
            "3. En France, vous demandez la carte de séjour dans votre espace ANEF, dans les "
            "2 mois qui suivent l'arrivée (source 1).\n"
            "4. À la fin de la saison, vous rentrez ; pour les saisons suivantes, l'employeur "
            "fait viser le nouveau contrat."
        ),
        "steps_en": (
            "1. The employer in France applies online (ANEF) for the work authorisation.\n"
            "2. Once granted, you apply for the long-stay 'seasonal worker' visa on "
            "France-Visas and at the competent consulate.\n"
            "3. In France, you apply for the residence card in your ANEF account within 2 "
            "months of arrival (source 1).\n"
            "4. At the end of the season you go home; for later seasons the employer has the "
            "new contract approved."
        ),
        "fees_fr": (
            "- Frais de visa de long séjour : voir le barème de France-Visas\n"
            "- Taxe de délivrance du titre de séjour payée par le travailleur (source 2)\n"
            "- Une taxe est payée par l'employeur à l'OFII (source 2) : elle ne doit jamais "
            "vous être retenue sur le salaire ni demandée avant le départ"
        ),
        "fees_en": (
            "- Long-stay visa fee: see the France-Visas scale\n"
            "- Residence card issuing tax paid by the worker (source 2)\n"
            "- The employer pays a tax to OFII (source 2): it must never be taken from your "
            "wages or asked of you before leaving"
        ),
        "processing_time_fr": (
            "Plusieurs semaines à quelques mois : autorisation de travail, puis visa. Comptez "
            "large avant le début de la saison."
        ),
        "processing_time_en": (
            "Several weeks to a few months: work authorisation, then visa. Allow plenty of time "
            "before the season starts."
        ),
        "validity_fr": (
            "Carte valable jusqu'à 3 ans, renouvelable (source 1). Elle ne permet de séjourner "
            "que pendant les périodes de travail, 6 mois par an au plus."
        ),
        "validity_en": (
            "Card valid up to 3 years, renewable (source 1). It allows a stay only during work "
            "periods, 6 months a year at most."
        ),
        "rights_fr": (
            "- Même salaire et mêmes conditions de travail que les salariés en France\n"
            "- Visite médicale organisée par l'OFII (source 2)\n"
            "- Cette carte ne permet pas de faire venir sa famille (source 1)\n"
            "- Obligation de quitter la France à la fin de chaque période de travail"
        ),
        "rights_en": (
            "- Same pay and working conditions as employees in France\n"
            "- Medical check organised by OFII (source 2)\n"
            "- This card does not allow you to bring your family (source 1)\n"
            "- You must leave France at the end of each work period"
        ),
        "pitfalls_fr": (
            "- Un « agent » qui vend un contrat saisonnier ou un visa : c'est une arnaque. Le "
            "recrutement légal est gratuit pour le travailleur.\n"
            "- Rester après la saison vous fait perdre la carte et tout droit futur.\n"
            "- Ne confiez jamais votre passeport à un intermédiaire."
        ),
        "pitfalls_en": (
            "- An 'agent' selling a seasonal contract or a visa: it is a scam. Legal recruitment "
            "is free for the worker.\n"
            "- Staying after the season costs you the card and any future right.\n"
            "- Never hand your passport to a go-between."
        ),
    },
    {
        "slug": "france-talent-carte-bleue",
        "destination": "france",
        "category": "talent",
        "min_education": "bachelor",
        "sectors": "it,health",
        "review_interval_days": 180,
        "sources": [
            {
                "name": "Deloitte Société d'Avocats, « Titres de séjour talent salarié qualifié "
                "et carte bleue européenne : hausse du niveau de rémunération requis » (arrêté "
                "du 21 août 2025)",
                "url": "https://blog.avocats.deloitte.fr/titres-de-sejour-talent-salarie-qualifie-talent-carte-bleue-europeenne-ue-hausse-du-niveau-de-remuneration-requis",
                "consulted": CONSULTED,
            },
            {
                "name": "Home Conseil, veille juridique septembre 2025 (décret n° 2025-539 du "
                "13 juin 2025 relatif aux cartes de séjour « Talent »)",
                "url": "http://www.home-conseil.com/news/veille-juridique-home-conseil-immigration-septembre-2025.html",
                "consulted": CONSULTED,
            },
            FRANCE_VISAS,
        ],
        "to_verify": (
            "Seuils de salaire relevés dans des sources secondaires (39 582 € et 59 373 € bruts "
            "par an) : à vérifier dans l'arrêté du 21 août 2025 sur Légifrance."
        ),
        "title_fr": "France : talent – carte bleue européenne",
        "title_en": "France: talent – EU Blue Card",
        "summary_fr": (
            "Pour les diplômés recrutés sur un emploi hautement qualifié et bien payé. Depuis "
            "le décret du 13 juin 2025, le « passeport talent » s'appelle carte de séjour "
            "« talent » ; la mention « carte bleue européenne » exige un salaire d'au moins "
            "1,5 fois le salaire de référence, soit 59 373 € bruts par an (à vérifier)."
        ),
        "summary_en": (
            "For graduates hired into a highly qualified, well-paid job. Since the decree of "
            "13 June 2025 the 'talent passport' is called the 'talent' residence card; the "
            "'EU Blue Card' mention requires a salary of at least 1.5 times the reference "
            "salary, i.e. €59,373 gross a year (to be verified)."
        ),
        "who_for_fr": (
            "Ingénieurs, informaticiens, médecins, cadres : diplômés du supérieur ayant une "
            "offre d'emploi qualifié en France."
        ),
        "who_for_en": (
            "Engineers, IT specialists, doctors, managers: university graduates with a skilled "
            "job offer in France."
        ),
        "conditions_fr": (
            "- Un diplôme d'au moins trois années d'études supérieures, ou une expérience "
            "professionnelle équivalente selon les cas (source 2)\n"
            "- Un contrat de travail d'au moins 6 mois (source 2)\n"
            "- Un salaire annuel brut d'au moins 59 373 € pour la carte bleue européenne, "
            "39 582 € pour « talent – salarié qualifié » (source 1, à vérifier)"
        ),
        "conditions_en": (
            "- A degree of at least three years of higher education, or equivalent work "
            "experience in some cases (source 2)\n"
            "- An employment contract of at least 6 months (source 2)\n"
            "- Gross annual pay of at least €59,373 for the EU Blue Card, €39,582 for 'talent – "
            "qualified employee' (source 1, to be verified)"
        ),
        "documents_fr": (
            "- Passeport valide\n- Contrat de travail ou promesse d'embauche\n"
            "- Diplômes (avec traduction si besoin)\n- Visa de long séjour « talent »"
        ),
        "documents_en": (
            "- Valid passport\n- Employment contract or job offer\n"
            "- Degrees (translated if needed)\n- Long-stay 'talent' visa"
        ),
        "steps_fr": (
            "1. L'employeur prépare le contrat ; selon le cas, il fait les démarches en ligne.\n"
            "2. Vous demandez le visa de long séjour « talent » sur France-Visas.\n"
            "3. À l'arrivée, vous validez votre visa ou demandez la carte dans l'espace ANEF."
        ),
        "steps_en": (
            "1. The employer prepares the contract and, depending on the case, files online.\n"
            "2. You apply for the long-stay 'talent' visa on France-Visas.\n"
            "3. On arrival you validate the visa or apply for the card in your ANEF account."
        ),
        "fees_fr": "Frais de visa et taxe de titre de séjour : voir France-Visas et Service-Public.",
        "fees_en": "Visa fee and residence card tax: see France-Visas and Service-Public.",
        "processing_time_fr": "Quelques semaines à quelques mois selon le consulat.",
        "processing_time_en": "A few weeks to a few months depending on the consulate.",
        "validity_fr": (
            "Carte pluriannuelle, jusqu'à 4 ans selon la durée du contrat ; renouvelable."
        ),
        "validity_en": "Multi-year card, up to 4 years depending on the contract; renewable.",
        "rights_fr": (
            "- Travailler pour l'employeur et sur l'emploi prévus\n"
            "- La famille (conjoint, enfants) peut accompagner sans passer par le regroupement "
            "familial\n- Mobilité facilitée vers d'autres pays de l'UE (carte bleue)"
        ),
        "rights_en": (
            "- Work for the planned employer and job\n"
            "- The family (spouse, children) may come along without the family reunification "
            "procedure\n- Easier mobility to other EU countries (Blue Card)"
        ),
        "pitfalls_fr": (
            "- Des sites promettent un « passeport talent » contre paiement : seul l'État "
            "délivre les visas.\n- Un salaire sous le seuil entraîne le refus."
        ),
        "pitfalls_en": (
            "- Websites promise a 'talent passport' for money: only the State issues visas.\n"
            "- Pay below the threshold means refusal."
        ),
    },
    {
        "slug": "france-etudiant",
        "destination": "france",
        "category": "student",
        "min_education": "bac",
        "sectors": "student",
        "review_interval_days": 120,
        "sources": [
            {
                "name": "Campus France Mali",
                "url": "https://www.mali.campusfrance.org",
                "consulted": CONSULTED,
            },
            FRANCE_VISAS,
            {
                "name": "Banouto, suspension des services Campus France et visas aux étudiants "
                "du Mali, 18 septembre 2023",
                "url": "https://www.banouto.bj/societe/article/20230918-mali-bukina-niger-les-services-campus-france-et-visas-suspendus-aux-etudiants",
                "consulted": CONSULTED,
            },
        ],
        "to_verify": (
            "Statut actuel de Campus France Mali (suspendu depuis 2023) ; montant des frais de "
            "dossier ; ressources minimales exigées (615 € par mois selon des sources "
            "secondaires)."
        ),
        "title_fr": "France : étudiant",
        "title_en": "France: student",
        "summary_fr": (
            "Étudier en France après le bac avec un visa de long séjour « étudiant ». La "
            "procédure passe normalement par Campus France, mais ses services au Mali sont "
            "suspendus depuis 2023 : renseignez-vous au centre avant de payer quoi que ce soit."
        ),
        "summary_en": (
            "Study in France after the baccalauréat with a long-stay 'student' visa. The "
            "procedure normally goes through Campus France, but its services in Mali have been "
            "suspended since 2023: ask the centre before paying anything."
        ),
        "who_for_fr": "Bacheliers et étudiants admis dans un établissement supérieur français.",
        "who_for_en": "School-leavers and students admitted to a French higher-education school.",
        "conditions_fr": (
            "- Une admission (inscription) dans un établissement d'enseignement supérieur\n"
            "- Des ressources suffisantes pour vivre en France (montant mensuel fixé par "
            "l'État, à vérifier)\n- Un niveau de langue adapté aux études"
        ),
        "conditions_en": (
            "- An admission to a higher-education institution\n"
            "- Enough money to live in France (monthly amount set by the State, to be "
            "verified)\n- A language level suited to the studies"
        ),
        "documents_fr": (
            "- Passeport valide\n- Attestation d'admission ou d'inscription\n"
            "- Diplômes et relevés de notes\n- Preuve de ressources (bourse, garant, compte)\n"
            "- Justificatif de logement si demandé"
        ),
        "documents_en": (
            "- Valid passport\n- Admission or enrolment letter\n- Diplomas and transcripts\n"
            "- Proof of funds (scholarship, guarantor, account)\n- Proof of housing if asked"
        ),
        "steps_fr": (
            "1. Choisir une formation et candidater (procédure Campus France lorsqu'elle est "
            "ouverte).\n2. Obtenir l'admission.\n3. Demander le visa sur France-Visas.\n"
            "4. En France, valider le visa en ligne dans les 3 mois."
        ),
        "steps_en": (
            "1. Choose a programme and apply (Campus France procedure when it is open).\n"
            "2. Get the admission.\n3. Apply for the visa on France-Visas.\n"
            "4. In France, validate the visa online within 3 months."
        ),
        "fees_fr": (
            "- Frais de dossier Campus France (montant variable, à vérifier)\n"
            "- Frais de visa (barème France-Visas)\n- Droits d'inscription de l'établissement"
        ),
        "fees_en": (
            "- Campus France file fee (amount varies, to be verified)\n"
            "- Visa fee (France-Visas scale)\n- Tuition fees of the institution"
        ),
        "processing_time_fr": "Candidatures plusieurs mois avant la rentrée ; visa en quelques semaines.",
        "processing_time_en": "Applications months before term; visa in a few weeks.",
        "validity_fr": "Visa valant titre de séjour pour un an, puis carte de séjour « étudiant ».",
        "validity_en": "Visa serving as a residence permit for one year, then a 'student' card.",
        "rights_fr": (
            "- Travailler à titre accessoire (964 heures par an au plus)\n"
            "- Obligation de suivre réellement les études"
        ),
        "rights_en": (
            "- Work on the side (at most 964 hours a year)\n"
            "- Obligation to actually follow the studies"
        ),
        "pitfalls_fr": (
            "- Fausses admissions vendues par des « agences » : vérifiez toujours auprès de "
            "l'établissement.\n- Faux garants et faux relevés bancaires : refus et fichage."
        ),
        "pitfalls_en": (
            "- Fake admissions sold by 'agencies': always check with the institution.\n"
            "- Fake guarantors and bank statements: refusal and a record against you."
        ),
    },
    {
        "slug": "france-regroupement-familial",
        "destination": "france",
        "category": "family",
        "min_education": "",
        "sectors": "",
        "review_interval_days": 180,
        "sources": [
            {
                "name": "OFII, « Quelles sont les conditions à remplir pour faire venir sa "
                "famille ? »",
                "url": "http://www.ofii.fr/tests_197/quelles_sont_les_conditions_a_remplir_pour_faire_venir_sa_famille_1017.html",
                "consulted": CONSULTED,
            },
            {
                "name": "Préfecture du Bas-Rhin, « Le regroupement familial »",
                "url": "http://bas-rhin.gouv.fr/Politiques-publiques/Delivrance-des-titres/Etrangers/Regroupement-familial/Le-regroupement-familial",
                "consulted": CONSULTED,
            },
        ],
        "to_verify": (
            "Effets de la loi du 26 janvier 2024 (exigence de langue avant l'arrivée) : décret "
            "d'application à vérifier."
        ),
        "title_fr": "France : regroupement familial",
        "title_en": "France: family reunification",
        "summary_fr": (
            "Un Malien qui vit légalement en France depuis au moins 18 mois peut demander à "
            "être rejoint par son conjoint et ses enfants mineurs, s'il a des ressources "
            "stables et un logement adapté. C'est lui qui fait la demande, en France, à l'OFII."
        ),
        "summary_en": (
            "A Malian living legally in France for at least 18 months may ask to be joined by "
            "their spouse and minor children, if they have stable income and suitable "
            "housing. They apply, in France, to OFII."
        ),
        "who_for_fr": "Le conjoint majeur et les enfants mineurs d'un étranger résidant en France.",
        "who_for_en": "The adult spouse and minor children of a foreigner living in France.",
        "conditions_fr": (
            "- Le demandeur réside régulièrement en France depuis au moins 18 mois (source 1)\n"
            "- Ressources stables au moins égales au SMIC mensuel moyen sur 12 mois, majorées "
            "pour les familles de 4 personnes et plus (source 1)\n"
            "- Un logement adapté à la taille de la famille (source 2)\n"
            "- Respect des principes de la vie familiale en France, dont la monogamie (source 2)"
        ),
        "conditions_en": (
            "- The applicant has lived legally in France for at least 18 months (source 1)\n"
            "- Stable income at least equal to the average monthly minimum wage over 12 months, "
            "more for families of 4 or more (source 1)\n"
            "- Housing suited to the family's size (source 2)\n"
            "- Respect for the principles of family life in France, including monogamy "
            "(source 2)"
        ),
        "documents_fr": (
            "- Titre de séjour du demandeur\n- Justificatifs de ressources (12 derniers mois)\n"
            "- Justificatif de logement\n- Actes de mariage et de naissance (état civil malien "
            "authentique)"
        ),
        "documents_en": (
            "- The applicant's residence permit\n- Proof of income (last 12 months)\n"
            "- Proof of housing\n- Marriage and birth certificates (genuine Malian civil "
            "records)"
        ),
        "steps_fr": (
            "1. Le demandeur dépose le dossier à l'OFII en France.\n"
            "2. La mairie vérifie le logement et les ressources ; le préfet décide.\n"
            "3. En cas d'accord, la famille demande le visa au consulat.\n"
            "4. En France, la famille reçoit un titre de séjour."
        ),
        "steps_en": (
            "1. The applicant files with OFII in France.\n"
            "2. The town hall checks housing and income; the prefect decides.\n"
            "3. If granted, the family applies for the visa at the consulate.\n"
            "4. In France, the family receives a residence permit."
        ),
        "fees_fr": "Taxe OFII payée par le demandeur et frais de visa : à vérifier sur Service-Public.",
        "fees_en": "OFII tax paid by the applicant and visa fees: check Service-Public.",
        "processing_time_fr": (
            "Le délai légal est de 6 mois ; dans les faits, souvent plus long (à vérifier)."
        ),
        "processing_time_en": "The legal time limit is 6 months; in practice often longer.",
        "validity_fr": "Titre de séjour de la même durée que celui du demandeur, en général.",
        "validity_en": "Usually a residence permit of the same length as the applicant's.",
        "rights_fr": "- Droit de travailler\n- Scolarisation obligatoire des enfants",
        "rights_en": "- Right to work\n- School is compulsory for the children",
        "pitfalls_fr": (
            "- Partir avec un visa de tourisme pour « régulariser sur place » ne marche pas : "
            "la procédure se fait avant l'arrivée de la famille.\n"
            "- Faux actes d'état civil : refus et poursuites."
        ),
        "pitfalls_en": (
            "- Leaving on a tourist visa to 'sort it out there' does not work: the procedure "
            "happens before the family arrives.\n- Fake civil records: refusal and prosecution."
        ),
    },
]
