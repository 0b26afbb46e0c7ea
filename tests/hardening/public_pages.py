"""The public pages the hardening tests visit: page weight, no-JavaScript journeys, axe-core.

Each app's public pages are added here as they land, as paths a visitor reaches without logging
in (with the demo data of `seed_demo` where a page needs a record).
"""

PUBLIC_PATHS = [
    "/",
    "/accounts/login/",
    "/accounts/reset/",
    # diaspora
    "/diaspora/",
    "/diaspora/register/",
    "/diaspora/needs/propose/",
    # campaigns
    "/campaigns/subscribe/",
    # legal
    "/legal/",
    "/legal/countries/espagne/",
    "/legal/goals/work/",
    "/legal/pathways/espagne-saisonnier-circulaire/",
    "/legal/pathways/france-etudiant/sheet/",
    "/legal/search/?q=travail+saisonnier",
    "/legal/questionnaire/?goal=work&education=none&occupation=agriculture",
    "/legal/guides/",
    "/legal/guides/reconnaitre-fraude-recrutement/",
    "/legal/faq/",
    # circular migration: the public job board
    "/offres-emploi/",
    # reception: the public appointment request
    "/rendez-vous/",
]

# --- research ---
PUBLIC_PATHS += ["/documentation/", "/indicators/", "/key-figures/"]
