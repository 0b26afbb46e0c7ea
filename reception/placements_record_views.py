"""Pages of circular migration about records: employers and programmes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cigem.pagination import page_without_count
from cigem.permissions import role_required, user_has_role
from reception import placements_selectors as selectors
from reception import placements_services as services
from reception.placements_forms import EmployerForm, ProgrammeForm
from reception.placements_models import Employer, Programme
from reception.placements_views import WORKERS, WRITERS, _errors_to_form

# --- Employers and programmes -----------------------------------------------------------------


@role_required(*WORKERS)
def employer_list(request):
    search = request.GET.get("q", "").strip()[:100]
    page = page_without_count(request, selectors.employer_list(search=search))
    return render(
        request,
        "reception/placements/employer_list.html",
        {"page": page, "q": search, "can_write": user_has_role(request.user, *WRITERS)},
    )


@role_required(*WORKERS)
def employer_detail(request, pk):
    employer = get_object_or_404(Employer, pk=pk)
    return render(
        request,
        "reception/placements/record_detail.html",
        {
            "record": employer,
            "kind": "employer",
            "offers": employer.offers.order_by("-period_start")[:50],
            "can_write": user_has_role(request.user, *WRITERS),
        },
    )


@role_required(*WORKERS)
def programme_list(request):
    search = request.GET.get("q", "").strip()[:100]
    page = page_without_count(request, selectors.programme_list(search=search))
    return render(
        request,
        "reception/placements/programme_list.html",
        {"page": page, "q": search, "can_write": user_has_role(request.user, *WRITERS)},
    )


@role_required(*WORKERS)
def programme_detail(request, pk):
    programme = get_object_or_404(Programme.objects.select_related("partner"), pk=pk)
    return render(
        request,
        "reception/placements/record_detail.html",
        {
            "record": programme,
            "kind": "programme",
            "offers": programme.offers.select_related("employer").order_by("-period_start")[:50],
            "can_write": user_has_role(request.user, *WRITERS),
        },
    )


def _record_form(request, form_class, service, url_name, instance=None, kind=""):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            record = service(data=data, actor=request.user, **{kind: instance})
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(url_name, pk=record.pk)
    return render(
        request,
        "reception/placements/record_form.html",
        {"form": form, "record": instance, "kind": kind},
    )


@role_required(*WRITERS)
def employer_edit(request, pk=None):
    employer = get_object_or_404(Employer, pk=pk) if pk else None
    return _record_form(
        request,
        EmployerForm,
        services.employer_save,
        "reception:placements-employer",
        employer,
        "employer",
    )


@role_required(*WRITERS)
def programme_edit(request, pk=None):
    programme = get_object_or_404(Programme, pk=pk) if pk else None
    return _record_form(
        request,
        ProgrammeForm,
        services.programme_save,
        "reception:placements-programme",
        programme,
        "programme",
    )
