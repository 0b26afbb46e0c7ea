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
    # campaigns
    "/campaigns/subscribe/",
]

# --- research ---
PUBLIC_PATHS += ["/documentation/", "/indicators/", "/key-figures/"]
