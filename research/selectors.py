"""Reads of the research app: what each person may see of publications, indicators and exports."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import MANAGER, RESEARCHER, STAFF_ROLES
from cigem.permissions import user_has_role
from research.models import ExportJob, Indicator, Publication, Visibility

# Who adds and edits publications; every staff role reads the internal ones.
PUBLICATION_EDITORS = (RESEARCHER, MANAGER)
EXPORT_ROLES = (RESEARCHER, MANAGER)


def can_see_internal(user) -> bool:
    return user_has_role(user, *STAFF_ROLES)


def can_edit_publications(user) -> bool:
    return user_has_role(user, *PUBLICATION_EDITORS)


def publications_visible(user) -> QuerySet:
    qs = Publication.objects.all()
    if not can_see_internal(user):
        qs = qs.filter(visibility=Visibility.PUBLIC)
    return qs


def publication_list(
    *,
    user,
    q: str = "",
    kind: str = "",
    language: str = "",
    theme=None,
    region=None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> QuerySet:
    qs = publications_visible(user)
    if q:
        words = q.split()[:8]
        for word in words:
            qs = qs.filter(
                Q(title__icontains=word) | Q(authors__icontains=word) | Q(abstract__icontains=word)
            )
    if kind:
        qs = qs.filter(kind=kind)
    if language:
        qs = qs.filter(language=language)
    if theme is not None:
        qs = qs.filter(themes=theme)
    if region is not None:
        qs = qs.filter(regions=region)
    if year_from:
        qs = qs.filter(year__gte=year_from)
    if year_to:
        qs = qs.filter(year__lte=year_to)
    return qs.prefetch_related("themes").order_by("-year", "title")


def publication_for(user, pk: int) -> Publication:
    """The publication if this person may see it; 404 otherwise (internal ones do not exist)."""
    publication = (
        publications_visible(user).prefetch_related("themes", "regions").filter(pk=pk).first()
    )
    if publication is None:
        raise Http404
    return publication


def indicators_visible(user) -> QuerySet:
    qs = Indicator.objects.all()
    if not can_see_internal(user):
        qs = qs.filter(is_public=True)
    return qs


def indicator_for(user, code: str) -> Indicator:
    indicator = indicators_visible(user).filter(code=code).first()
    if indicator is None:
        raise Http404
    return indicator


def indicator_values(indicator: Indicator) -> list:
    return list(indicator.values.order_by("country", "year"))


def export_jobs_for(user) -> QuerySet:
    return ExportJob.objects.filter(requested_by=user).order_by("-created_at")


def export_job_for(user, pk) -> ExportJob:
    """A person sees their own exports only; anyone else's is 404, as if it did not exist."""
    job = ExportJob.objects.filter(pk=pk, requested_by=user).first()
    if job is None:
        raise Http404
    return job
