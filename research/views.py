"""Pages of research: documentation centre, indicators, exports (dashboards in dashboards.py)."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.roles import MANAGER
from cigem.pagination import page_without_count
from cigem.permissions import role_required, user_has_role
from research import selectors, services
from research.charts import column_chart
from research.datasets import REGISTRY, get_dataset
from research.exporting import neutralise
from research.forms import ExportRequestForm, PublicationForm, PublicationSearchForm
from research.models import ExportStatus
from research.storage import private_storage

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_headers(response, *, sandbox: bool = True):
    """Headers for a file a person downloads: never rendered by the browser as a page."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Documentation centre ---------------------------------------------------------------------


def publication_list(request):
    form = PublicationSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    publications = selectors.publication_list(
        user=request.user, **{k: v for k, v in filters.items() if v not in (None, "")}
    )
    page = page_without_count(request, publications, per_page=20)
    return render(
        request,
        "research/publication_list.html",
        {
            "form": form,
            "page": page,
            "can_edit": selectors.can_edit_publications(request.user),
        },
    )


def publication_detail(request, pk: int):
    publication = selectors.publication_for(request.user, pk)
    return render(
        request,
        "research/publication_detail.html",
        {
            "publication": publication,
            "can_edit": selectors.can_edit_publications(request.user),
        },
    )


def publication_file(request, pk: int):
    publication = selectors.publication_for(request.user, pk)
    if not publication.file:
        raise Http404
    handle = private_storage().open(publication.file.name, "rb")
    filename = f"cigem-publication-{publication.pk}-{publication.year}.pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    return _file_headers(response)


@role_required(*selectors.PUBLICATION_EDITORS)
def publication_edit(request, pk: int | None = None):
    publication = selectors.publication_for(request.user, pk) if pk else None
    form = PublicationForm(request.POST or None, request.FILES or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        saved = services.publication_save(
            form=form, user=request.user, request=request, creating=publication is None
        )
        messages.success(request, _("The publication was saved."))
        return redirect(saved)
    return render(
        request, "research/publication_form.html", {"form": form, "publication": publication}
    )


@role_required(*selectors.PUBLICATION_EDITORS)
def publication_delete(request, pk: int):
    publication = selectors.publication_for(request.user, pk)
    if request.method == "POST":
        services.publication_delete(publication=publication, user=request.user, request=request)
        messages.success(request, _("The publication was deleted."))
        return redirect("research:publication-list")
    return render(request, "research/publication_delete.html", {"publication": publication})


def indicator_list(request):
    indicators = selectors.indicators_visible(request.user).order_by("name")
    return render(request, "research/indicator_list.html", {"indicators": indicators})


def indicator_detail(request, code: str):
    indicator = selectors.indicator_for(request.user, code)
    values = selectors.indicator_values(indicator)
    countries = sorted({v.country for v in values})
    charts = [
        (
            country,
            column_chart(
                [(str(v.year), v.value) for v in values if v.country == country],
                title=f"{indicator.name} – {country} ({indicator.unit})",
            ),
        )
        for country in countries
        if sum(1 for v in values if v.country == country) > 1
    ]
    return render(
        request,
        "research/indicator_detail.html",
        {"indicator": indicator, "values": values, "charts": charts},
    )


class _Echo:
    def write(self, value):
        return value


def indicator_csv(request, code: str):
    indicator = selectors.indicator_for(request.user, code)
    writer = csv.writer(_Echo())
    header = ["indicator", "name", "unit", "country", "year", "value", "verified", "source", "note"]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for v in selectors.indicator_values(indicator):
            yield writer.writerow(
                [
                    neutralise(indicator.code),
                    neutralise(indicator.name),
                    neutralise(indicator.unit),
                    neutralise(v.country),
                    v.year,
                    v.value,
                    "yes" if v.verified else "no",
                    neutralise(indicator.source),
                    neutralise(v.note),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.csv"'
    return _file_headers(response)


# --- Exports ----------------------------------------------------------------------------------


def _datasets_for(user):
    return [
        (d.key, d.label)
        for d in REGISTRY.values()
        if user_has_role(user, *d.anonymised_roles, *d.identified_roles)
    ]


@role_required(*selectors.EXPORT_ROLES)
def export_list(request):
    can_identify = user_has_role(request.user, MANAGER)
    form = ExportRequestForm(
        request.POST or None,
        datasets=_datasets_for(request.user),
        can_identify=can_identify,
        initial={"anonymised": True},
    )
    if request.method == "POST" and form.is_valid():
        dataset = get_dataset(form.cleaned_data["dataset"])
        anonymised = form.cleaned_data["anonymised"] or not can_identify
        filters = form.filters_for(dataset)  # adds an error to a filter the set lacks
        if not form.errors:
            try:
                job = services.export_request(
                    user=request.user,
                    dataset=dataset.key,
                    format=form.cleaned_data["format"],
                    filters=filters,
                    anonymised=anonymised,
                    request=request,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error("anonymised", str(exc))
            else:
                return redirect(job)
    page = page_without_count(request, selectors.export_jobs_for(request.user), per_page=20)
    return render(
        request,
        "research/export_list.html",
        {"form": form, "page": page, "datasets": {d.key: d.label for d in REGISTRY.values()}},
    )


@role_required(*selectors.EXPORT_ROLES)
def export_detail(request, pk):
    job = selectors.export_job_for(request.user, pk)
    dataset = get_dataset(job.dataset)
    context = {"job": job, "dataset_label": dataset.label if dataset else job.dataset}
    if request.htmx:
        return render(request, "research/includes/export_status.html", context)
    return render(request, "research/export_detail.html", context)


@role_required(*selectors.EXPORT_ROLES)
def export_cancel(request, pk):
    """GET asks for confirmation (a page, no script), POST cancels."""
    job = selectors.export_job_for(request.user, pk)
    if request.method != "POST":
        return render(request, "research/export_cancel.html", {"job": job})
    try:
        services.export_cancel(job=job, user=request.user, request=request)
    except services.ExportStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The export was cancelled."))
    return redirect(job)


def serve_export(request, job):
    """The file of a finished export; 409 while it runs, 410 once failed, cancelled or expired."""
    if job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING):
        return None, 409
    if not job.is_downloadable:
        return None, 410
    try:
        handle = private_storage().open(job.file.name, "rb")
    except FileNotFoundError:
        return None, 410
    services.export_downloaded(job=job, user=request.user, request=request)
    suffix = "-anonymised" if job.anonymised else ""
    filename = f"cigem-{job.dataset}{suffix}-{job.created_at:%Y%m%d-%H%M}.{job.format}"
    content_type = "text/csv; charset=utf-8" if job.format == "csv" else XLSX_TYPE
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    return _file_headers(response), 200


@role_required(*selectors.EXPORT_ROLES)
def export_download(request, pk):
    job = selectors.export_job_for(request.user, pk)
    response, status = serve_export(request, job)
    if response is not None:
        return response
    return render(request, "research/export_gone.html", {"job": job}, status=status)
