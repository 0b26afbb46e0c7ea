"""Shared reference tables: the regions of Mali, which every app points to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    is_district = models.BooleanField(_("district"), default=False)

    class Meta:
        ordering = ["-is_district", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name
