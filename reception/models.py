"""Models of the reception app: partners (more to come: candidates, visits, referrals)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    TRAINING = "training", _("Vocational training centre")
    NGO = "ngo", _("NGO or association")
    INTERNATIONAL = "international", _("International organisation")
    CONSULATE = "consulate", _("Embassy or consulate")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other")


class Partner(models.Model):
    """An institution the centre refers people to (ANPE, APEJ, FAFPA, DGME, NGOs...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    services = models.TextField(_("services offered"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    region = models.ForeignKey(
        "cigem.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return f"{self.acronym} – {self.name}" if self.acronym else self.name
