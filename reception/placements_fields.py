"""A model field of circular migration that reception's Candidate carries: years of experience."""

from django.core.validators import MaxValueValidator
from django.db import models

MAX_YEARS_OF_EXPERIENCE = 60


class YearsOfExperienceField(models.PositiveSmallIntegerField):
    """0–60 years, enforced by the model, the desk form and the API serializer alike.

    The desk form skips the model's full_clean (reception's services validate), so the bound is
    also put on the form field here rather than left to the model validator alone.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MaxValueValidator(MAX_YEARS_OF_EXPERIENCE)])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"max_value": MAX_YEARS_OF_EXPERIENCE, **kwargs})
