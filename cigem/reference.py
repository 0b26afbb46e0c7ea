"""Reference data shared by every app: the regions of Mali and the languages people speak."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 19 regions and the District of Bamako. Source: loi n° 2012-017 du 2 mars 2012 portant
# création de circonscriptions administratives en République du Mali, whose new regions were
# put in place by 2023 (Ministère de l'Administration territoriale et de la Décentralisation).
REGIONS = [
    ("BKO", "District de Bamako", True),
    ("KAY", "Kayes", False),
    ("KLK", "Koulikoro", False),
    ("SIK", "Sikasso", False),
    ("SEG", "Ségou", False),
    ("MOP", "Mopti", False),
    ("TBT", "Tombouctou", False),
    ("GAO", "Gao", False),
    ("KID", "Kidal", False),
    ("TAO", "Taoudénit", False),
    ("MEN", "Ménaka", False),
    ("NIO", "Nioro du Sahel", False),
    ("KIT", "Kita", False),
    ("DIO", "Dioïla", False),
    ("NAR", "Nara", False),
    ("BGN", "Bougouni", False),
    ("KTL", "Koutiala", False),
    ("SAN", "San", False),
    ("DTZ", "Douentza", False),
    ("BDG", "Bandiagara", False),
]


class SpokenLanguage(models.TextChoices):
    """Languages a person speaks (ISO 639 codes), the national languages of Mali first."""

    BAMBARA = "bm", _("Bambara")
    FULFULDE = "ff", _("Fulfulde (Peul)")
    SONINKE = "snk", _("Soninke")
    SONGHAY = "ses", _("Songhay")
    TAMASHEQ = "tmh", _("Tamasheq")
    DOGON = "dogon", _("Dogon")
    SENUFO = "sef", _("Senufo")
    MINYANKA = "myk", _("Minyanka")
    MALINKE = "mlq", _("Malinke")
    BOMU = "bmq", _("Bomu")
    BOZO = "bze", _("Bozo")
    KHASSONKE = "kao", _("Khassonke")
    HASSANIYA = "mey", _("Hassaniya Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    SPANISH = "es", _("Spanish")
    OTHER = "other", _("Other")
