"""Pages of the reception desk: intake, records, visits, referrals, follow-ups, queue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AuditAction
from accounts.roles import COUNSELLOR, MANAGER
from accounts.services import audit_record, client_ip
from cigem import throttle
from cigem.pagination import page_by_position, page_without_count
from cigem.permissions import role_required
from reception import selectors, services
from reception.forms import (
    AppointmentConvertForm,
    AppointmentRequestForm,
    CandidateFilterForm,
    CandidateForm,
    CloseForm,
    ConsentForm,
    EraseForm,
    FollowUpDoneForm,
    FollowUpForm,
    IdentityForm,
    IntakeForm,
    MergeForm,
    PartnerForm,
    ReferralStatusForm,
    VisitForm,
)
from reception.models import (
    AppointmentRequest,
    AppointmentStatus,
    Candidate,
    FollowUp,
    Partner,
    Referral,
    ReferralStatus,
)
from reception.templatetags.reception_tags import empty_form_markup

DESK = (COUNSELLOR, MANAGER)
OPEN_REFERRAL_STATES = (ReferralStatus.IN_PROGRESS, ReferralStatus.ACCEPTED)
IDENTITY_FIELDS = tuple(IdentityForm.base_fields)


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's errors next to the fields they concern (or at the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- home and lists --------------------------------------------------------------------------


@role_required(*DESK)
def desk_home(request):
    today = timezone.localdate()
    follow_ups = list(selectors.follow_ups_open_for(request.user).filter(due_date__lte=today)[:20])
    return render(
        request,
        "reception/home.html",
        {
            "today": today,
            "visits": list(selectors.visits_on(request.user, today)[:50]),
            "follow_ups": follow_ups,
            "queue": list(selectors.appointment_queue()[:10]),
        },
    )


@role_required(*DESK)
def candidate_list(request):
    form = CandidateFilterForm(request.GET or None)
    rows = selectors.CandidateRows(**(form.filters() if form.is_bound else {}))
    page = page_by_position(request, rows)
    return render(request, "reception/candidate_list.html", {"form": form, "page": page})


# --- intake: search before create -------------------------------------------------------------


def _person_from_identity(form: IdentityForm):
    from reception.names import Person

    data = form.cleaned_data
    phone = data.get("phone") or ""
    try:
        phone = services.phone_normalise(phone)
    except ValidationError:
        phone = ""
    return Person(
        last_name=data.get("last_name") or "",
        first_name=data.get("first_name") or "",
        sex=data.get("sex") or "",
        birth_date=data.get("birth_date"),
        birth_year=data.get("birth_year"),
        phone=phone,
        nina=services.identifier_normalise(data.get("nina") or ""),
        passport_number=services.identifier_normalise(data.get("passport_number") or ""),
    )


def _has_search_input(person) -> bool:
    return any(
        (person.last_name, person.first_name, person.phone, person.nina, person.passport_number)
    )


@role_required(*DESK)
def duplicate_panel(request):
    """The live list of likely existing records, refreshed as the counsellor types (htmx)."""
    form = IdentityForm(request.GET)
    matches = []
    if form.is_valid():
        person = _person_from_identity(form)
        if _has_search_input(person):
            matches = selectors.duplicate_search(person)
    return render(
        request,
        "reception/_duplicates.html",
        {"matches": _labelled(matches), "searched": form.is_valid()},
    )


def _create_with_consents(request, form, confirmed):
    from django.db import transaction

    with transaction.atomic():
        candidate = services.candidate_create(
            actor=request.user,
            confirmed_distinct=confirmed,
            request=request,
            **form.service_fields(),
        )
        for kind, given in form.consents().items():
            if given:
                services.candidate_consent_record(
                    candidate=candidate, actor=request.user, kind=kind, given=True, request=request
                )
    return candidate


def _labelled(matches):
    return [
        {"match": m, "candidate": m.candidate, "reasons": selectors.reason_labels(m.reasons)}
        for m in matches
    ]


@role_required(*DESK)
def candidate_intake(request):
    """Search first; create only when no likely match remains unexplained."""
    if request.method == "POST":
        form = IntakeForm(request.POST)
        confirmed = [int(v) for v in request.POST.getlist("different_from") if v.isdigit()]
        matches = []
        if form.is_valid():
            try:
                candidate = _create_with_consents(request, form, confirmed)
            except services.DuplicateSuspected as exc:
                matches = exc.matches
                form.add_error(
                    None,
                    _(
                        "This person may already have a record. Open it, or confirm that they "
                        "are different people."
                    ),
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Record %(code)s created.") % {"code": candidate.code})
                return redirect("reception:candidate-detail", pk=candidate.pk)
        return render(
            request,
            "reception/intake.html",
            {
                "form": form,
                "matches": _labelled(matches),
                "confirm_needed": bool(matches),
                "identity_fields": IDENTITY_FIELDS,
            },
        )
    initial = {k: v for k, v in request.GET.items() if k in IntakeForm.base_fields}
    form = IntakeForm(initial=initial or None)
    identity = IdentityForm(request.GET)
    matches = []
    if request.GET and identity.is_valid():
        person = _person_from_identity(identity)
        if _has_search_input(person):
            matches = selectors.duplicate_search(person)
    return render(
        request,
        "reception/intake.html",
        {
            "form": form,
            "matches": _labelled(matches),
            "searched": bool(request.GET),
            "identity_fields": IDENTITY_FIELDS,
        },
    )


# --- the record ------------------------------------------------------------------------------


def _record_view(request, candidate, what: str) -> None:
    audit_record(
        actor=request.user, action=AuditAction.VIEW, target=candidate, summary=what, request=request
    )


@role_required(*DESK)
def candidate_detail(request, pk: int):
    record = selectors.record_page(request.user, pk)
    candidate = record.candidate
    _record_view(request, candidate, "record page")
    for referral in record.referrals:
        if referral.status in OPEN_REFERRAL_STATES:
            # One form per referral, each with its own ids, so every label points at its own field.
            referral.status_form = ReferralStatusForm(auto_id=f"referral{referral.pk}_%s")
    return render(
        request,
        "reception/candidate_detail.html",
        {
            "candidate": candidate,
            "consents": record.consents,
            "visits": record.visits,
            "referrals": record.referrals,
            "follow_ups": record.follow_ups,
            "links": record.links,
            "visit_form": empty_form_markup(VisitForm),
            "consent_form": empty_form_markup(ConsentForm),
            "follow_up_form": empty_form_markup(FollowUpForm),
            "close_form": empty_form_markup(CloseForm),
        },
    )


@role_required(*DESK)
def candidate_edit(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    if candidate.is_erased:
        raise Http404
    stale = None
    if request.method == "POST":
        form = CandidateForm(request.POST, instance=candidate)
        if form.is_valid():
            try:
                services.candidate_update(
                    candidate=candidate,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("version") or 0,
                    request=request,
                    **form.service_fields(),
                )
            except services.StaleEdit as exc:
                stale = exc.current
                form.add_error(
                    None,
                    _(
                        "Someone else saved this record while you were editing it. Your changes "
                        "are kept below and were not saved; compare them with the current record, "
                        "then save again."
                    ),
                )
                # The next save is checked against the version the counsellor has now seen.
                data = request.POST.copy()
                data["version"] = str(stale.version)
                form.data = data
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Record saved."))
                return redirect("reception:candidate-detail", pk=candidate.pk)
    else:
        form = CandidateForm(instance=candidate)
        _record_view(request, candidate, "edit form")
    return render(
        request,
        "reception/candidate_edit.html",
        {"form": form, "candidate": candidate, "stale": stale},
    )


@role_required(*DESK)
def candidate_timeline(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    _record_view(request, candidate, "timeline")
    return render(
        request,
        "reception/timeline.html",
        {"candidate": candidate, "entries": selectors.candidate_timeline(candidate)},
    )


@role_required(*DESK)
def candidate_print(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    if candidate.is_erased:
        raise Http404
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=candidate,
        summary="printable summary",
        request=request,
    )
    return render(
        request,
        "reception/print.html",
        {
            "candidate": candidate,
            "visits": selectors.candidate_visits(candidate, limit=5),
            "referrals": selectors.candidate_referrals(candidate, limit=10),
            "follow_ups": [
                f for f in selectors.candidate_follow_ups(candidate, limit=10) if not f.is_done
            ],
        },
    )


@role_required(*DESK)
@require_POST
def candidate_visit_add(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            _visit_with_referral(request, candidate, form)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("reception:candidate-detail", pk=candidate.pk)
    return render(
        request, "reception/visit_form.html", {"candidate": candidate, "visit_form": form}
    )


def _visit_with_referral(request, candidate, form):
    from django.db import transaction

    data = form.cleaned_data
    with transaction.atomic():
        visit = services.visit_create(
            candidate=candidate, actor=request.user, request=request, **form.visit_fields()
        )
        if data.get("referral_partner"):
            try:
                services.referral_create(
                    candidate=candidate,
                    actor=request.user,
                    partner=data["referral_partner"],
                    service=data["referral_service"],
                    visit=visit,
                    request=request,
                )
            except ValidationError as exc:
                # Refused referral: the visit is not saved either, so nothing half-done remains.
                errors = exc.message_dict if hasattr(exc, "error_dict") else {}
                raise ValidationError(
                    {"referral_partner": errors.get("partner", exc.messages)}
                ) from exc
    return visit


@role_required(*DESK)
@require_POST
def candidate_consent(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.candidate_consent_record(
            candidate=candidate,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            given=form.cleaned_data["given"],
            request=request,
        )
        messages.success(request, _("Consent recorded."))
    else:
        messages.error(request, _("Choose a consent and an answer."))
    return redirect("reception:candidate-detail", pk=candidate.pk)


@role_required(*DESK)
@require_POST
def candidate_follow_up_add(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_create(
                candidate=candidate, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Follow-up planned."))
    else:
        messages.error(request, _("Give a due date and what to do."))
    return redirect("reception:candidate-detail", pk=candidate.pk)


@role_required(*DESK)
@require_POST
def candidate_close(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        services.candidate_close(
            candidate=candidate,
            actor=request.user,
            reason=form.cleaned_data["closing_reason"],
            request=request,
        )
        messages.success(request, _("Record closed."))
    return redirect("reception:candidate-detail", pk=candidate.pk)


@role_required(*DESK)
@require_POST
def candidate_reopen(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    try:
        services.candidate_reopen(candidate=candidate, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Record reopened."))
    return redirect("reception:candidate-detail", pk=candidate.pk)


@role_required(*DESK)
@require_POST
def candidate_link(request, pk: int):
    """Record 'same person' or 'different people' for a record found by the duplicate search."""
    candidate = selectors.candidate_for(request.user, pk)
    other = selectors.candidate_for(request.user, request.POST.get("other", ""))
    try:
        services.duplicate_link(
            candidate=candidate,
            other=other,
            decision=request.POST.get("decision", ""),
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision recorded. The records are not merged."))
    return redirect("reception:candidate-detail", pk=candidate.pk)


@role_required(*DESK)
def candidate_duplicates(request, pk: int):
    """Records that look like this one, to link (counsellor) or merge (manager)."""
    candidate = selectors.candidate_for(request.user, pk)
    _record_view(request, candidate, "duplicate check")
    matches = selectors.duplicate_search(
        services.person_from_fields(candidate.__dict__), exclude=candidate.pk
    )
    return render(
        request,
        "reception/duplicates.html",
        {"candidate": candidate, "matches": _labelled(matches)},
    )


@role_required(MANAGER)
def candidate_merge(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    form = MergeForm(request.POST or None, initial={"other_code": request.GET.get("other", "")})
    other = None
    code = (form.data.get("other_code") or form.initial.get("other_code") or "").strip().upper()
    if code:
        other = Candidate.objects.filter(code=code).first()
    if request.method == "POST" and form.is_valid():
        if other is None:
            form.add_error("other_code", _("No record has this code."))
        else:
            try:
                services.candidate_merge(
                    keep=candidate, drop=other, actor=request.user, request=request
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Record %(drop)s was merged into %(keep)s.")
                    % {"drop": other.code, "keep": candidate.code},
                )
                return redirect("reception:candidate-detail", pk=candidate.pk)
    return render(
        request, "reception/merge.html", {"candidate": candidate, "other": other, "form": form}
    )


@role_required(MANAGER)
def candidate_erase(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["code"].strip().upper() != candidate.code:
            form.add_error("code", _("The code does not match this record."))
        else:
            services.candidate_erase(candidate=candidate, actor=request.user, request=request)
            messages.success(request, _("The record was anonymised."))
            return redirect("reception:candidate-detail", pk=candidate.pk)
    return render(request, "reception/erase.html", {"candidate": candidate, "form": form})


@role_required(MANAGER)
def candidate_access_log(request, pk: int):
    candidate = selectors.candidate_for(request.user, pk)
    page = page_without_count(request, selectors.candidate_access_log(candidate), per_page=50)
    return render(request, "reception/access_log.html", {"candidate": candidate, "page": page})


# --- referrals and follow-ups ------------------------------------------------------------------


@role_required(*DESK)
@require_POST
def referral_status(request, pk: int):
    referral = get_object_or_404(Referral.objects.select_related("candidate"), pk=pk)
    form = ReferralStatusForm(request.POST)
    if form.is_valid():
        try:
            services.referral_transition(
                referral=referral,
                to_status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Referral updated."))
    return redirect("reception:candidate-detail", pk=referral.candidate_id)


@role_required(*DESK)
def my_follow_ups(request):
    page = page_without_count(request, selectors.follow_ups_open_for(request.user))
    return render(
        request,
        "reception/follow_ups.html",
        {"page": page, "today": timezone.localdate(), "done_form": FollowUpDoneForm()},
    )


@role_required(*DESK)
@require_POST
def follow_up_done(request, pk: int):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    form = FollowUpDoneForm(request.POST)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
    services.follow_up_complete(
        follow_up=follow_up, actor=request.user, outcome=outcome, request=request
    )
    messages.success(request, _("Follow-up done."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("reception:follow-ups")
    return redirect(target)


# --- partners --------------------------------------------------------------------------------


@role_required(*DESK)
def partner_list(request):
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    return render(
        request,
        "reception/partner_list.html",
        {"partners": selectors.partner_list(q=q, kind=kind), "q": q, "kind": kind},
    )


@role_required(MANAGER)
def partner_edit(request, pk: int | None = None):
    """Managers keep the directory: add a partner, change its services and contacts."""
    partner = get_object_or_404(Partner, pk=pk) if pk else None
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        partner = form.save()
        audit_record(
            actor=request.user,
            action=AuditAction.UPDATE if pk else AuditAction.CREATE,
            target=partner,
            summary="partner directory",
            request=request,
        )
        messages.success(request, _("Partner saved."))
        return redirect("reception:partner-detail", pk=partner.pk)
    return render(request, "reception/partner_form.html", {"form": form, "partner": partner})


@role_required(*DESK)
def partner_detail(request, pk: int):
    partner = get_object_or_404(Partner.objects.select_related("region"), pk=pk)
    return render(request, "reception/partner_detail.html", {"partner": partner})


# --- appointment requests ----------------------------------------------------------------------

APPOINTMENT_LIMIT_PER_HOUR = 5


def appointment_request(request):
    """Public form: no login, works without JavaScript, limited per address."""
    form = AppointmentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("reception:appointment-thanks")
        # Only requests that went through count: a typo in the phone does not use the quota.
        if throttle.count("appointment", client_ip(request)) >= APPOINTMENT_LIMIT_PER_HOUR:
            form.add_error(None, _("Too many requests from this connection. Please call us."))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            try:
                services.appointment_request_create(language=get_language() or "fr", **data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                throttle.hit("appointment", client_ip(request))
                return redirect("reception:appointment-thanks")
    return render(request, "reception/appointment_request.html", {"form": form})


def appointment_thanks(request):
    return render(request, "reception/appointment_thanks.html")


@role_required(*DESK)
def appointment_queue(request):
    page = page_without_count(request, selectors.appointment_queue())
    return render(request, "reception/appointment_queue.html", {"page": page})


@role_required(*DESK)
def appointment_detail(request, pk: int):
    appointment = get_object_or_404(AppointmentRequest, pk=pk)
    form = AppointmentConvertForm(
        request.POST or None, initial={"visit_date": timezone.localdate()}
    )
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            services.appointment_cancel(appointment=appointment, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("reception:appointment-queue")
    if request.method == "POST" and form.is_valid():
        candidate = Candidate.objects.filter(
            code=form.cleaned_data["candidate_code"].strip().upper()
        ).first()
        if candidate is None:
            form.add_error("candidate_code", _("No record has this code."))
        else:
            try:
                services.appointment_convert(
                    appointment=appointment,
                    candidate=candidate,
                    actor=request.user,
                    visit_date=form.cleaned_data["visit_date"],
                    notes=form.cleaned_data["notes"],
                    request=request,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The request became a visit."))
                return redirect("reception:candidate-detail", pk=candidate.pk)
    matches = []
    if appointment.status == AppointmentStatus.NEW:
        from reception.names import Person

        parts = appointment.full_name.split()
        person = Person(
            last_name=parts[-1] if parts else "",
            first_name=" ".join(parts[:-1]),
            phone=appointment.phone,
        )
        matches = selectors.duplicate_search(person)
    return render(
        request,
        "reception/appointment_detail.html",
        {"appointment": appointment, "form": form, "matches": _labelled(matches)},
    )
