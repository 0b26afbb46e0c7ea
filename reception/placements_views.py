"""Pages of circular migration: the public job board, offers, matching, the pipeline, figures."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AuditAction
from accounts.roles import COUNSELLOR, MANAGER, RESEARCHER
from accounts.services import audit_record, client_ip
from cigem.pagination import page_without_count
from cigem.permissions import role_required, user_has_role
from reception import placements_selectors as selectors
from reception import placements_services as services
from reception.models import Candidate
from reception.placements_forms import (
    ApplicationFilterForm,
    BoardFilterForm,
    CandidateCodeForm,
    DebriefForm,
    InterestForm,
    MoveForm,
    OfferFilterForm,
    OfferForm,
)
from reception.placements_models import (
    Application,
    JobOffer,
    OfferStatus,
)

WORKERS = (COUNSELLOR, MANAGER)  # work applications and matching, read offers and records
WRITERS = (MANAGER,)  # write offers, employers and programmes
FIGURES = (COUNSELLOR, MANAGER, RESEARCHER)  # aggregate figures carry no personal data
INTEREST_PER_HOUR = 5


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- Public board -----------------------------------------------------------------------------


def board(request):
    form = BoardFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"country": data["country"], "sector": data["sector"], "month": data["month"]}
    page = page_without_count(request, selectors.public_offer_list(**filters), per_page=20)
    return render(request, "reception/placements/board.html", {"form": form, "page": page})


def public_offer(request, pk):
    offer = get_object_or_404(
        JobOffer.objects.select_related("employer", "programme"),
        pk=pk,
        status=OfferStatus.OPEN,
        is_public=True,
    )
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("reception:placements-interest-thanks")
        bucket = f"placements-interest:{client_ip(request)}"
        if cache.get_or_set(bucket, 0, 3600) >= INTEREST_PER_HOUR:
            form.add_error(None, _("Too many requests from this connection: try again later."))
        else:
            data = form.cleaned_data
            try:
                services.interest_create(
                    offer=offer,
                    full_name=data["full_name"],
                    phone=data["phone"],
                    region=data["region"],
                    occupation=data["occupation"],
                    message=data["message"],
                    language=(get_language() or "fr")[:2],
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                try:
                    cache.incr(bucket)
                except ValueError:
                    cache.set(bucket, 1, 3600)
                return redirect("reception:placements-interest-thanks")
    return render(request, "reception/placements/public_offer.html", {"offer": offer, "form": form})


def interest_thanks(request):
    return render(request, "reception/placements/interest_thanks.html")


# --- Offers (staff) ---------------------------------------------------------------------------


@role_required(*WORKERS)
def offer_list(request):
    form = OfferFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "status": data["status"],
            "country": data["country"],
            "sector": data["sector"],
            "search": data["q"].strip(),
        }
    page = page_without_count(request, selectors.offer_list(**filters))
    return render(
        request,
        "reception/placements/offer_list.html",
        {"form": form, "page": page, "can_write": user_has_role(request.user, *WRITERS)},
    )


@role_required(*WORKERS)
def offer_detail(request, pk):
    offer = get_object_or_404(
        JobOffer.objects.select_related("employer", "programme", "partner").prefetch_related(
            "regions"
        ),
        pk=pk,
    )
    applications = list(selectors.offer_applications(offer))
    requests = selectors.offer_call_back_requests(offer)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=offer,
        summary=f"offer page with {len(applications)} applications and "
        f"{len(requests['waiting'])} call-back requests",
        request=request,
    )
    return render(
        request,
        "reception/placements/offer_detail.html",
        {
            "offer": offer,
            "applications": applications,
            "counts": selectors.offer_placement_counts(offer),
            "requests": requests,
            "code_form": CandidateCodeForm(),
            "can_write": user_has_role(request.user, *WRITERS),
            "status_choices": [
                (value, OfferStatus(value).label)
                for value in services.OFFER_TRANSITIONS.get(offer.status, ())
            ],
        },
    )


def _offer_form_page(request, offer=None):
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        data, regions = form.service_data()
        try:
            if offer is None:
                data["status"] = OfferStatus.DRAFT
                offer = services.offer_create(data=data, regions=regions, actor=request.user)
                messages.success(request, _("The offer was created as a draft."))
            else:
                offer = services.offer_update(
                    offer=offer, data=data, regions=regions, actor=request.user
                )
                messages.success(request, _("The offer was saved."))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect("reception:placements-offer", pk=offer.pk)
    return render(request, "reception/placements/offer_form.html", {"form": form, "offer": offer})


@role_required(*WRITERS)
def offer_create(request):
    return _offer_form_page(request)


@role_required(*WRITERS)
def offer_edit(request, pk):
    return _offer_form_page(request, get_object_or_404(JobOffer, pk=pk))


@require_POST
@role_required(*WRITERS)
def offer_status(request, pk):
    offer = get_object_or_404(JobOffer, pk=pk)
    try:
        services.offer_set_status(
            offer=offer, status=request.POST.get("status", ""), actor=request.user
        )
    except (ValidationError, ValueError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, _("The offer's status was changed."))
    return redirect("reception:placements-offer", pk=offer.pk)


@role_required(*WORKERS)
def offer_matches(request, pk):
    offer = get_object_or_404(JobOffer.objects.prefetch_related("regions"), pk=pk)
    if request.method == "POST":
        candidate = get_object_or_404(Candidate, pk=request.POST.get("candidate"))
        try:
            services.application_shortlist(
                offer=offer, candidate=candidate, actor=request.user, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(code)s was shortlisted.") % {"code": candidate.code})
        return redirect("reception:placements-matches", pk=offer.pk)
    try:
        limit = int(request.GET.get("limit", selectors.MATCH_LIMIT))
    except ValueError:
        limit = selectors.MATCH_LIMIT
    matches = selectors.match_candidates_for_offer(offer, limit=limit)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=offer,
        summary=f"matching list, {len(matches)} candidates shown",
        request=request,
    )
    return render(
        request,
        "reception/placements/matches.html",
        {
            "offer": offer,
            "matches": matches,
            "keywords": selectors.keywords_of(offer),
            "limit": limit,
            "more": limit < selectors.MATCH_MAX and len(matches) >= limit,
        },
    )


@require_POST
@role_required(*WORKERS)
def offer_apply(request, pk):
    """A counsellor records an application made at the desk, by candidate code."""
    offer = get_object_or_404(JobOffer, pk=pk)
    form = CandidateCodeForm(request.POST)
    candidate = None
    if form.is_valid():
        candidate = Candidate.objects.filter(code__iexact=form.cleaned_data["code"].strip()).first()
    if candidate is None:
        messages.error(request, _("No candidate has this code."))
        return redirect("reception:placements-offer", pk=offer.pk)
    try:
        application = services.application_submit(
            offer=offer, candidate=candidate, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reception:placements-offer", pk=offer.pk)
    messages.success(request, _("The application was recorded."))
    return redirect("reception:placements-application", pk=application.pk)


# --- Applications -----------------------------------------------------------------------------


@role_required(*WORKERS)
def application_list(request):
    form = ApplicationFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {"status": form.cleaned_data["status"], "search": form.cleaned_data["q"].strip()}
    page = page_without_count(request, selectors.application_list(**filters))
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="reception.application",
        summary=f"application list, {len(page)} shown",
        request=request,
    )
    return render(
        request, "reception/placements/application_list.html", {"form": form, "page": page}
    )


def _application_page(request, application, move_form=None, debrief_form=None, status=200):
    debrief = getattr(application, "debrief", None) if application.pk else None
    return render(
        request,
        "reception/placements/application_detail.html",
        {
            "application": application,
            "move_form": move_form or MoveForm(targets=services.allowed_moves(application.status)),
            "debrief_form": debrief_form
            or DebriefForm(
                initial={
                    "paid_as_promised": debrief.paid_as_promised,
                    "conditions": debrief.conditions,
                    "wants_to_go_again": debrief.wants_to_go_again,
                    "comments": debrief.comments,
                }
                if debrief
                else None
            ),
            "debrief": debrief,
        },
        status=status,
    )


def _get_application(pk) -> Application:
    try:
        return selectors.application_detail(pk)
    except Application.DoesNotExist:
        raise Http404 from None


@role_required(*WORKERS)
def application_detail(request, pk):
    application = _get_application(pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=application,
        summary=f"application of candidate {application.candidate_id}",
        request=request,
    )
    return _application_page(request, application)


@require_POST
@role_required(*WORKERS)
def application_move(request, pk):
    application = _get_application(pk)
    form = MoveForm(request.POST, targets=services.allowed_moves(application.status))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.application_move(
                application=application,
                to_status=data["to_status"],
                actor=request.user,
                on_date=data["on_date"],
                expected_return_date=data["expected_return_date"],
                contract_end=data["contract_end"],
                note=data["note"],
                debrief=form.debrief(),
                request=request,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The application was moved."))
            return redirect("reception:placements-application", pk=application.pk)
    return _application_page(request, application, move_form=form, status=400)


@require_POST
@role_required(*WORKERS)
def application_debrief(request, pk):
    application = _get_application(pk)
    form = DebriefForm(request.POST)
    if form.is_valid():
        try:
            services.debrief_record(
                application=application,
                data=form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The debrief was saved."))
            return redirect("reception:placements-application", pk=application.pk)
    return _application_page(request, application, debrief_form=form, status=400)


@role_required(*WORKERS)
def candidate_offers(request, pk):
    """The part of a candidate's record about circular migration (htmx or include)."""
    candidate = get_object_or_404(Candidate, pk=pk, erased_at__isnull=True)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=candidate,
        summary="offers and applications of the candidate",
        request=request,
    )
    return render(
        request,
        "reception/placements/_candidate_offers.html",
        {
            "candidate": candidate,
            "fits": selectors.open_offers_for_candidate(candidate),
            "applications": selectors.candidate_applications(candidate),
        },
    )


# --- Alerts and indicators --------------------------------------------------------------------


@role_required(*WORKERS)
def alerts(request):
    found = selectors.alerts()
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="reception.application",
        summary=f"placement alerts, {len(found['overdue'])} overdue returns shown",
        request=request,
    )
    return render(
        request,
        "reception/placements/alerts.html",
        {"alerts": found, "closing_days": selectors.CLOSING_SOON_DAYS},
    )


@role_required(*FIGURES)
def indicators(request):
    return render(
        request, "reception/placements/indicators.html", {"figures": selectors.indicators()}
    )
