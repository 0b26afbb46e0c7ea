"""Seed guides and FAQ, written by CIGEM. Bambara text awaits a native speaker's review."""
# ruff: noqa: E501 - long official addresses and sentences are clearer unbroken

from legal.fixtures_data.destinations import CONSULTED, ECOWAS_STATEMENT

IOM_MISSING = {
    "name": "OIM, Missing Migrants Project",
    "url": "https://missingmigrants.iom.int",
    "consulted": CONSULTED,
}
ILO_FAIR = {
    "name": "OIT, Principes généraux et directives opérationnelles concernant le recrutement "
    "équitable",
    "url": "https://www.ilo.org/fr/publications/principes-generaux-et-directives-operationnelles-concernant-le-recrutement",
    "consulted": CONSULTED,
}
ILO_C181 = {
    "name": "OIT, Convention (n° 181) sur les agences d'emploi privées, 1997, article 7",
    "url": "https://normlex.ilo.org/dyn/nrmlx_fr/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C181",
    "consulted": CONSULTED,
}
UN_CMW = {
    "name": "Nations unies, Convention internationale sur la protection des droits de tous "
    "les travailleurs migrants et des membres de leur famille (1990)",
    "url": "https://www.ohchr.org/fr/instruments-mechanisms/instruments/international-convention-protection-rights-all-migrant-workers",
    "consulted": CONSULTED,
}
WB_REMITTANCES = {
    "name": "Banque mondiale, Remittance Prices Worldwide",
    "url": "https://remittanceprices.worldbank.org",
    "consulted": CONSULTED,
}

GUIDES = [
    {
        "slug": "dangers-routes-irregulieres",
        "topic": "irregular_routes",
        "position": 10,
        "sources": [IOM_MISSING],
        "to_verify": "",
        "bm_needs_review": True,
        "review_interval_days": 365,
        "title_fr": "Les dangers des routes irrégulières : désert, mer, passeurs, dettes",
        "title_en": "The dangers of irregular routes: desert, sea, smugglers, debt",
        "title_bm": "Sira minnu tɛ sariya la, u ka farati",
        "summary_fr": (
            "Chaque année, des milliers de personnes meurent ou disparaissent dans le Sahara et "
            "en mer en essayant de rejoindre l'Europe (source 1). Les passeurs mentent sur le "
            "trajet, le prix et ce qui attend à l'arrivée. Avant de décider, parlez au centre : "
            "c'est gratuit."
        ),
        "summary_en": (
            "Every year thousands of people die or go missing in the Sahara and at sea trying to "
            "reach Europe (source 1). Smugglers lie about the route, the price and what awaits "
            "on arrival. Before deciding, talk to the centre: it is free."
        ),
        "summary_bm": (
            "San o san, mɔgɔ ba caman bɛ sa walima ka tunun kungokolon kɔnɔ ani kɔgɔji kan, "
            "u kɛtɔ ka taa Erɔpu. Sira tigiw bɛ nkalon tigɛ sira kan, a sɔngɔ kan ani fɛn min "
            "bɛ i makɔnɔ yen. I kana juru ta ka taa. Sani i ka i hakili latigɛ, na kuma CIGEM "
            "fɛ : o ye fu ye."
        ),
        "body_fr": (
            "Le désert\n"
            "- Les camions surchargés tombent en panne ; des personnes sont abandonnées sans eau.\n"
            "- Les enlèvements et les rançons sont fréquents sur les routes du Niger et de Libye.\n"
            "\nLa traversée en mer\n"
            "- Les pirogues et canots vers l'Italie, l'Espagne ou les Canaries sont surchargés et "
            "sans sécurité. La route atlantique vers les Canaries est l'une des plus meurtrières.\n"
            "\nLes passeurs et la dette\n"
            "- Le prix annoncé augmente à chaque étape ; la famille est appelée pour payer.\n"
            "- Une dette envers un passeur peut conduire au travail forcé ou à la prostitution.\n"
            "\nCe que vous pouvez faire\n"
            "- Comparez avec les voies légales de ce site : elles existent pour le travail "
            "saisonnier, les études et la famille.\n"
            "- Parlez à un conseiller du CIGEM ou d'un partenaire, sans engagement."
        ),
        "body_en": (
            "The desert\n- Overloaded trucks break down; people are left without water.\n"
            "- Kidnappings and ransoms are common on routes through Niger and Libya.\n"
            "\nThe sea crossing\n- Canoes and boats to Italy, Spain or the Canaries are overloaded and unsafe. The "
            "Atlantic route to the Canaries is one of the deadliest.\n"
            "\nSmugglers and debt\n- The announced price rises at every stage; the family is "
            "called to pay.\n- A debt to a smuggler can lead to forced labour or prostitution.\n"
            "\nWhat you can do\n- Compare with the legal pathways on this site: they exist for "
            "seasonal work, studies and family.\n- Talk to a CIGEM counsellor or a partner, with "
            "no commitment."
        ),
    },
    {
        "slug": "reconnaitre-fraude-recrutement",
        "topic": "fraud",
        "position": 20,
        "sources": [ILO_FAIR, ILO_C181],
        "to_verify": "",
        "bm_needs_review": True,
        "review_interval_days": 365,
        "title_fr": "Reconnaître une fraude au recrutement",
        "title_en": "Recognising recruitment fraud",
        "title_bm": "Baara ɲinini nanbara dɔn cogo",
        "summary_fr": (
            "Un recrutement légal ne vous demande pas d'argent : selon les normes de "
            "l'Organisation internationale du travail, les frais de recrutement ne doivent pas "
            "être payés par le travailleur (sources 1 et 2). Si on vous demande de payer pour un "
            "contrat, un visa ou une place, c'est très probablement une arnaque."
        ),
        "summary_en": (
            "Legal recruitment does not ask you for money: under International Labour "
            "Organization standards, recruitment fees must not be charged to workers (sources 1 "
            "and 2). If you are asked to pay for a contract, a visa or a place, it is very "
            "probably a scam."
        ),
        "summary_bm": (
            "Baara sɔrɔli min bɛ sariya la, o tɛ wari ɲini i fɛ. Ni mɔgɔ ye wari ɲini i fɛ ko a "
            "bɛ baara sɛbɛ, visa walima yɔrɔ di i ma, o ye nanbara ye. I kana i ka pasipɔri di "
            "mɔgɔ si ma. Sani i ka wari sara, ɲininkali kɛ CIGEM walima ANPE la."
        ),
        "body_fr": (
            "Signes d'alerte\n"
            "- On vous demande de l'argent pour un contrat, un visa, une « inscription » ou une "
            "formation obligatoire.\n"
            "- L'offre arrive par WhatsApp ou Facebook, sans entreprise identifiable.\n"
            "- Le salaire promis est très élevé pour un travail sans qualification.\n"
            "- On veut garder votre passeport.\n"
            "- On vous presse : « il reste deux places, payez aujourd'hui ».\n"
            "\nVérifier\n"
            "1. Demandez le nom de l'employeur et vérifiez-le auprès du centre ou de l'ANPE.\n"
            "2. Ne payez jamais un intermédiaire ; les taxes officielles se paient aux "
            "autorités, avec un reçu.\n"
            "3. Gardez les messages et les reçus : ils servent de preuve.\n"
            "\nSi vous avez été victime\n"
            "- Venez au centre avec les preuves ; portez plainte auprès de la police ou de la "
            "gendarmerie."
        ),
        "body_en": (
            "Warning signs\n- You are asked for money for a contract, a visa, a 'registration' or "
            "a compulsory training.\n- The offer comes via WhatsApp or Facebook, with no "
            "identifiable company.\n- The promised pay is very high for unskilled work.\n"
            "- Someone wants to keep your passport.\n- You are rushed: 'two places left, pay "
            "today'.\n\nCheck\n1. Ask for the employer's name and check it with the centre or "
            "ANPE.\n2. Never pay a go-between; official fees are paid to the authorities, with "
            "a receipt.\n3. Keep the messages and receipts: they are evidence.\n\nIf you were a "
            "victim\n- Come to the centre with the evidence; file a complaint with the police or "
            "gendarmerie."
        ),
    },
    {
        "slug": "droits-des-migrants",
        "topic": "rights",
        "position": 30,
        "sources": [UN_CMW, ECOWAS_STATEMENT],
        "to_verify": "Date de ratification de la Convention de 1990 par le Mali (2003) : à vérifier.",
        "bm_needs_review": False,
        "review_interval_days": 365,
        "title_fr": "Les droits des migrants",
        "title_en": "The rights of migrants",
        "summary_fr": (
            "Quel que soit votre statut, vous avez des droits fondamentaux : ne pas être "
            "soumis au travail forcé, être payé pour le travail fait, garder vos papiers "
            "d'identité, contacter votre consulat. La Convention des Nations unies de 1990 sur "
            "les travailleurs migrants, ratifiée par le Mali, les énonce (source 1)."
        ),
        "summary_en": (
            "Whatever your status, you have basic rights: not to be subjected to forced labour, "
            "to be paid for work done, to keep your identity papers, to contact your consulate. "
            "The 1990 UN Convention on migrant workers, ratified by Mali, sets them out "
            "(source 1)."
        ),
        "body_fr": (
            "- Personne, sauf un agent public habilité, n'a le droit de confisquer votre "
            "passeport.\n- En cas d'arrestation, vous pouvez demander que votre consulat soit "
            "prévenu.\n- Vous avez droit au salaire du travail effectué, même sans contrat écrit.\n"
            "- Les Maliens à l'étranger peuvent s'inscrire au consulat et obtenir une carte "
            "consulaire."
        ),
        "body_en": (
            "- Nobody but an authorised official may take your passport.\n- If arrested, you "
            "may ask for your consulate to be told.\n- You are entitled to pay for work done, "
            "even without a written contract.\n- Malians abroad may register with the consulate "
            "and get a consular card."
        ),
    },
    {
        "slug": "preparer-son-depart",
        "topic": "preparing",
        "position": 40,
        "sources": [ILO_FAIR],
        "to_verify": "",
        "bm_needs_review": False,
        "review_interval_days": 365,
        "title_fr": "Préparer son départ",
        "title_en": "Preparing a departure",
        "summary_fr": (
            "Un départ réussi se prépare : papiers en règle, contrat lu et compris, argent pour "
            "les premiers mois, contacts utiles, et un plan pour le retour."
        ),
        "summary_en": (
            "A good departure is prepared: papers in order, a contract read and understood, "
            "money for the first months, useful contacts, and a plan for coming back."
        ),
        "body_fr": (
            "1. Passeport valide au moins 6 mois après la date de retour prévue.\n"
            "2. Copies de tous vos documents, laissées à la famille et gardées en ligne.\n"
            "3. Contrat de travail lu dans une langue que vous comprenez ; salaire, horaires, "
            "logement et retour écrits.\n"
            "4. Adresse et téléphone de l'ambassade ou du consulat du Mali dans le pays.\n"
            "5. Carnet de vaccination à jour.\n"
            "6. Un moyen d'envoyer de l'argent à bas coût (voir le guide dédié)."
        ),
        "body_en": (
            "1. Passport valid at least 6 months after the planned return.\n2. Copies of all "
            "documents, left with family and kept online.\n3. Employment contract read in a "
            "language you understand; pay, hours, housing and return written down.\n4. Address "
            "and phone of the Malian embassy or consulate in the country.\n5. Vaccination card "
            "up to date.\n6. A cheap way to send money home (see the dedicated guide)."
        ),
    },
    {
        "slug": "retour-et-reintegration",
        "topic": "return",
        "position": 50,
        "sources": [
            {
                "name": "OIM Mali, aide au retour volontaire et à la réintégration",
                "url": "https://www.iom.int/countries/mali",
                "consulted": CONSULTED,
            }
        ],
        "to_verify": "Programmes de réintégration ouverts en 2026 : liste à confirmer.",
        "bm_needs_review": False,
        "review_interval_days": 180,
        "title_fr": "Revenir au pays et se réinsérer",
        "title_en": "Coming home and reintegration",
        "summary_fr": (
            "Le CIGEM accueille les personnes de retour, les écoute et les oriente vers des "
            "formations, un emploi, un projet ou un soutien psychosocial, avec ses partenaires."
        ),
        "summary_en": (
            "The CIGEM welcomes returnees, listens to them and directs them to training, a job, "
            "a project or psychosocial support, with its partners."
        ),
        "body_fr": (
            "- Venez au centre dès votre retour, même sans projet précis.\n"
            "- Des programmes d'aide au retour volontaire et à la réintégration existent avec "
            "l'OIM (source 1) ; les conditions changent selon les financements.\n"
            "- Faites reconnaître l'expérience acquise à l'étranger : elle compte pour un emploi."
        ),
        "body_en": (
            "- Come to the centre as soon as you are back, even without a clear plan.\n"
            "- Assisted voluntary return and reintegration programmes exist with IOM (source 1); "
            "conditions change with funding.\n- Get the experience gained abroad recognised: it "
            "counts for a job."
        ),
    },
    {
        "slug": "envoyer-argent-moins-cher",
        "topic": "remittances",
        "position": 60,
        "sources": [WB_REMITTANCES],
        "to_verify": "",
        "bm_needs_review": False,
        "review_interval_days": 365,
        "title_fr": "Envoyer de l'argent au pays à moindre coût",
        "title_en": "Sending money home at lower cost",
        "summary_fr": (
            "Les frais d'envoi d'argent varient beaucoup selon le service et le pays. Comparez "
            "le coût total (frais et taux de change) sur le site de la Banque mondiale avant "
            "d'envoyer (source 1)."
        ),
        "summary_en": (
            "Money transfer costs vary a lot by service and country. Compare the total cost "
            "(fees and exchange rate) on the World Bank site before sending (source 1)."
        ),
        "body_fr": (
            "- Regardez le montant reçu au Mali, pas seulement les frais affichés.\n"
            "- Les transferts vers un compte de mobile money sont souvent moins chers que le "
            "retrait en espèces.\n- Évitez les circuits informels : en cas de perte, aucun "
            "recours."
        ),
        "body_en": (
            "- Look at the amount received in Mali, not only the fees shown.\n- Transfers to a "
            "mobile money account are often cheaper than cash pick-up.\n- Avoid informal "
            "channels: if the money is lost, there is no recourse."
        ),
    },
]

FAQ = [
    {
        "slug": "faq-centre-payant",
        "position": 10,
        "sources": [],
        "question_fr": "Le CIGEM fait-il payer ses services ?",
        "question_en": "Does the CIGEM charge for its services?",
        "answer_fr": "Non. L'information et l'orientation sont gratuites. Personne au centre ne "
        "peut vous demander d'argent.",
        "answer_en": "No. Information and guidance are free. Nobody at the centre may ask you "
        "for money.",
    },
    {
        "slug": "faq-cedeao-retrait",
        "position": 20,
        "sources": [ECOWAS_STATEMENT],
        "question_fr": "Depuis que le Mali a quitté la CEDEAO, puis-je encore voyager sans visa "
        "en Afrique de l'Ouest ?",
        "question_en": "Since Mali left ECOWAS, can I still travel without a visa in West Africa?",
        "answer_fr": (
            "Oui, pour l'instant. Le retrait est effectif depuis le 29 janvier 2025, mais la "
            "CEDEAO a demandé à ses membres de maintenir, jusqu'à nouvel ordre, la circulation "
            "sans visa, la résidence et l'établissement des Maliens, et de reconnaître les "
            "passeports et cartes d'identité portant son logo. Vérifiez avant chaque voyage."
        ),
        "answer_en": (
            "Yes, for now. The withdrawal took effect on 29 January 2025, but ECOWAS asked its "
            "members to keep visa-free travel, residence and establishment for Malians until "
            "further notice, and to recognise passports and ID cards bearing its logo. Check "
            "before each trip."
        ),
    },
    {
        "slug": "faq-agent-visa",
        "position": 30,
        "sources": [ILO_C181],
        "question_fr": "Un agent me propose un visa contre de l'argent. Que faire ?",
        "question_en": "An agent offers me a visa for money. What should I do?",
        "answer_fr": "Refusez. Seuls les consulats délivrent les visas, et les frais se paient "
        "au consulat ou à son prestataire officiel, avec un reçu. Signalez l'offre au centre.",
        "answer_en": "Refuse. Only consulates issue visas, and fees are paid to the consulate or "
        "its official provider, with a receipt. Report the offer to the centre.",
    },
    {
        "slug": "faq-saisonnier-diplome",
        "position": 40,
        "sources": [],
        "question_fr": "Faut-il un diplôme pour être travailleur saisonnier ?",
        "question_en": "Do I need a diploma to be a seasonal worker?",
        "answer_fr": "Non, en général. Il faut surtout être sélectionné par un employeur dans "
        "le cadre d'un programme reconnu, et rentrer à la fin de chaque saison.",
        "answer_en": "Usually not. Above all you must be selected by an employer through a "
        "recognised programme, and come home at the end of each season.",
    },
    {
        "slug": "faq-verifier-information",
        "position": 50,
        "sources": [],
        "question_fr": "Comment savoir si une information de ce site est à jour ?",
        "question_en": "How do I know whether information on this site is up to date?",
        "answer_fr": "Chaque page indique ses sources, la date de dernière vérification et qui "
        "l'a faite. Si la date de révision est dépassée, un avertissement s'affiche : "
        "vérifiez alors auprès du centre.",
        "answer_en": "Each page shows its sources, the date it was last checked and by whom. If "
        "the review date has passed, a warning is shown: then check with the centre.",
    },
]
