"""Reference lists of the diaspora app: sectors, countries of residence, skill levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sector(models.TextChoices):
    ECONOMY = "economy", _("Economy and finance")
    HEALTH = "health", _("Health")
    TRAINING = "training", _("Vocational training and education")
    AGRICULTURE = "agriculture", _("Agriculture")
    ICT = "ict", _("Information and communication technology")
    ENGINEERING = "engineering", _("Engineering")
    CRAFTS = "crafts", _("Crafts")
    OTHER = "other", _("Other")


class SkillLevel(models.IntegerChoices):
    BASIC = 1, _("Basic")
    GOOD = 2, pgettext_lazy("skill level", "Good")
    ADVANCED = 3, _("Advanced")
    EXPERT = 4, _("Expert")


# Countries where Malians abroad mostly live (ISO 3166-1 alpha-2), neighbours and Central
# Africa first, then Europe, the Maghreb, the Gulf and the Americas. "ZZ" is any other country.
COUNTRIES = [
    ("CI", _("Côte d'Ivoire")),
    ("SN", _("Senegal")),
    ("GN", _("Guinea")),
    ("BF", _("Burkina Faso")),
    ("NE", _("Niger")),
    ("MR", _("Mauritania")),
    ("DZ", _("Algeria")),
    ("GH", _("Ghana")),
    ("NG", _("Nigeria")),
    ("GM", _("Gambia")),
    ("TG", _("Togo")),
    ("BJ", _("Benin")),
    ("CM", _("Cameroon")),
    ("GA", _("Gabon")),
    ("CG", _("Congo")),
    ("CD", _("Democratic Republic of the Congo")),
    ("GQ", _("Equatorial Guinea")),
    ("AO", _("Angola")),
    ("ZA", _("South Africa")),
    ("MA", _("Morocco")),
    ("TN", _("Tunisia")),
    ("LY", _("Libya")),
    ("EG", _("Egypt")),
    ("FR", _("France")),
    ("ES", _("Spain")),
    ("IT", _("Italy")),
    ("PT", _("Portugal")),
    ("BE", _("Belgium")),
    ("DE", _("Germany")),
    ("NL", _("Netherlands")),
    ("CH", _("Switzerland")),
    ("GB", _("United Kingdom")),
    ("SA", _("Saudi Arabia")),
    ("AE", _("United Arab Emirates")),
    ("QA", _("Qatar")),
    ("CN", _("China")),
    ("US", _("United States")),
    ("CA", _("Canada")),
    ("ZZ", _("Other country")),
]
COUNTRY_NAMES = dict(COUNTRIES)

# Plausibility limits: a figure above these is a typing error, not a life.
MAX_YEARS_ABROAD = 80
MAX_YEARS_EXPERIENCE = 60
MAX_DAYS_PER_YEAR = 365
