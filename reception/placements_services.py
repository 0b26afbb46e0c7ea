"""Writes of circular migration: offers, the application pipeline, debriefs, interest.

`application_move` is the only code that changes an application's status: it refuses illegal
moves with a translated error naming the field at fault, stores who moved it and when, and
keeps the offer's positions from being exceeded (the offer row is locked while counting).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditAction
from accounts.services import audit_record
from reception.models import AppointmentRequest, AppointmentTopic, Candidate, CandidateStatus
from reception.placements_models import (
    PLACEMENT_STATES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Debrief,
    Employer,
    JobOffer,
    OfferStatus,
    Programme,
)
from reception.services import appointment_request_create

S = ApplicationStatus

# Every legal move of an application. A late return is still a return: "not returned" may
# become "returned" when the person comes back after being declared missing.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.SHORTLISTED, S.REJECTED, S.WITHDRAWN}),
    S.SHORTLISTED: frozenset({S.SELECTED, S.REJECTED, S.WITHDRAWN}),
    S.SELECTED: frozenset({S.CONTRACT_SIGNED, S.REJECTED, S.WITHDRAWN}),
    S.CONTRACT_SIGNED: frozenset({S.VISA_OBTAINED, S.REJECTED, S.WITHDRAWN}),
    S.VISA_OBTAINED: frozenset({S.DEPARTED, S.WITHDRAWN}),
    S.DEPARTED: frozenset({S.RETURNED, S.NOT_RETURNED}),
    S.NOT_RETURNED: frozenset({S.RETURNED}),
    S.RETURNED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

OFFER_TRANSITIONS: dict[str, frozenset[str]] = {
    OfferStatus.DRAFT: frozenset({OfferStatus.OPEN, OfferStatus.CLOSED}),
    OfferStatus.OPEN: frozenset({OfferStatus.CLOSED, OfferStatus.FILLED, OfferStatus.DRAFT}),
    OfferStatus.CLOSED: frozenset({OfferStatus.OPEN}),
    OfferStatus.FILLED: frozenset({OfferStatus.OPEN, OfferStatus.CLOSED}),
}


def allowed_moves(status: str) -> list[str]:
    """Targets offered to the user, in pipeline order."""
    targets = TRANSITIONS.get(status, frozenset())
    return [value for value in S.values if value in targets]


# --- Employers and programmes -----------------------------------------------------------------


@transaction.atomic
def employer_save(*, data: dict, actor, employer: Employer | None = None) -> Employer:
    employer = employer or Employer()
    for name, value in data.items():
        setattr(employer, name, value)
    employer.full_clean()
    employer.save()
    return employer


@transaction.atomic
def programme_save(*, data: dict, actor, programme: Programme | None = None) -> Programme:
    programme = programme or Programme()
    for name, value in data.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    return programme


# --- Offers -----------------------------------------------------------------------------------


def _validate_offer(data: dict, *, new: bool, previous_deadline=None) -> None:
    errors = {}
    today = timezone.localdate()
    deadline = data.get("application_deadline")
    if deadline is not None and deadline < today and (new or deadline != previous_deadline):
        errors["application_deadline"] = _("The application deadline cannot be in the past.")
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        errors["period_end"] = _("The end of work cannot be before its start.")
    if deadline and start and deadline > start:
        errors["application_deadline"] = _(
            "The application deadline must fall before the start of work."
        )
    age_min, age_max = data.get("age_min"), data.get("age_max")
    if age_min is not None and age_max is not None and age_max < age_min:
        errors["age_max"] = _("The maximum age is below the minimum age.")
    if age_min is not None and age_min < 18:
        errors["age_min"] = _("Offers abroad are for adults: the minimum age is 18 or more.")
    positions = data.get("positions")
    if positions is not None and positions < 1:
        errors["positions"] = _("An offer has at least one position.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def offer_create(*, data: dict, actor, regions=()) -> JobOffer:
    _validate_offer(data, new=True)
    offer = JobOffer(created_by=actor, **data)
    if offer.status == OfferStatus.OPEN:
        offer.published_at = timezone.now()
    offer.full_clean()
    offer.save()
    offer.regions.set(regions)
    return offer


@transaction.atomic
def offer_update(*, offer: JobOffer, data: dict, actor, regions=None) -> JobOffer:
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    _validate_offer(data, new=False, previous_deadline=offer.application_deadline)
    positions = data.get("positions")
    if positions is not None:
        placed = offer.applications.filter(status__in=PLACEMENT_STATES).count()
        if positions < placed:
            raise ValidationError(
                {
                    "positions": _(
                        "%(placed)d people are already selected: the offer needs at least "
                        "that many positions."
                    )
                    % {"placed": placed}
                }
            )
    for name, value in data.items():
        setattr(offer, name, value)
    offer.full_clean()
    offer.save()
    if regions is not None:
        offer.regions.set(regions)
    return offer


@transaction.atomic
def offer_set_status(*, offer: JobOffer, status: str, actor) -> JobOffer:
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    if status == offer.status:
        return offer
    if status not in OFFER_TRANSITIONS.get(offer.status, ()):
        raise ValidationError(
            _("An offer cannot go from “%(from)s” to “%(to)s”.")
            % {"from": OfferStatus(offer.status).label, "to": OfferStatus(status).label}
        )
    if status == OfferStatus.OPEN:
        if offer.application_deadline < timezone.localdate():
            raise ValidationError(
                {
                    "application_deadline": _(
                        "The application deadline has passed: move it before opening the offer."
                    )
                }
            )
        placed = offer.applications.filter(status__in=PLACEMENT_STATES).count()
        if placed >= offer.positions:
            raise ValidationError(
                {
                    "positions": _(
                        "All positions are taken: add positions before opening the offer again."
                    )
                }
            )
        offer.published_at = offer.published_at or timezone.now()
    offer.status = status
    offer.save(update_fields=["status", "published_at", "updated_at"])
    return offer


# --- Applications -----------------------------------------------------------------------------


def _event(application: Application, *, from_status: str, actor, note: str = "") -> None:
    ApplicationEvent.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=application.status_changed_at,
        note=note,
    )


@transaction.atomic
def application_submit(
    *, offer: JobOffer, candidate: Candidate, actor, note: str = "", request=None
) -> Application:
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OfferStatus.OPEN:
        raise ValidationError(_("This offer is not open to applications."))
    if (
        candidate.status != CandidateStatus.OPEN
        or candidate.erased_at is not None
        or candidate.merged_into_id is not None
    ):
        raise ValidationError(_("This candidate's record is closed: reopen it first."))
    if Application.objects.filter(offer=offer, candidate=candidate).exists():
        raise ValidationError(_("This candidate has already applied to this offer."))
    now = timezone.now()
    application = Application.objects.create(
        offer=offer,
        candidate=candidate,
        status=S.SUBMITTED,
        status_changed_at=now,
        status_changed_by=actor,
        created_by=actor,
        outcome_note="",
    )
    _event(application, from_status="", actor=actor, note=note)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=application,
        summary=f"application of candidate {candidate.pk} to offer {offer.pk}",
        request=request,
    )
    return application


@transaction.atomic
def application_shortlist(
    *, offer: JobOffer, candidate: Candidate, actor, request=None
) -> Application:
    """From the matching list: apply on the candidate's behalf if needed, then shortlist."""
    application = Application.objects.filter(offer=offer, candidate=candidate).first()
    if application is None:
        application = application_submit(
            offer=offer,
            candidate=candidate,
            actor=actor,
            note=_("Proposed from the matching list."),
            request=request,
        )
    return application_move(
        application=application, to_status=S.SHORTLISTED, actor=actor, request=request
    )


def _not_before(day, earlier, field: str, message: str, errors: dict) -> None:
    if day is not None and earlier is not None and day < earlier:
        errors[field] = message


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_status: str,
    actor,
    on_date: datetime.date | None = None,
    expected_return_date: datetime.date | None = None,
    contract_end: datetime.date | None = None,
    note: str = "",
    debrief: dict | None = None,
    request=None,
) -> Application:
    """Move an application one step; refuse any move the pipeline does not allow.

    `on_date` is the day the step happened (selection, signature, visa, departure, return);
    it defaults to today and may not be in the future.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    offer = JobOffer.objects.select_for_update().get(pk=application.offer_id)
    current = application.status
    try:
        target = S(to_status)
    except ValueError:
        raise ValidationError({"to_status": _("Unknown status.")}) from None
    if target not in TRANSITIONS[current]:
        raise ValidationError({"to_status": _illegal_move_message(current, target)})

    today = timezone.localdate()
    day = on_date or today
    errors: dict[str, str] = {}
    if day > today:
        errors["on_date"] = _("This date is in the future.")

    if target == S.SELECTED:
        placed = offer.applications.filter(status__in=PLACEMENT_STATES).count()
        if placed >= offer.positions:
            errors["to_status"] = _(
                "All %(positions)d positions of this offer are already taken: no more "
                "candidates can be selected."
            ) % {"positions": offer.positions}
        application.selected_on = day
    elif target == S.CONTRACT_SIGNED:
        _not_before(
            day,
            application.selected_on,
            "on_date",
            _("The contract cannot be signed before the selection."),
            errors,
        )
        application.contract_signed_on = day
        application.contract_end = contract_end or offer.period_end
        _not_before(
            application.contract_end,
            day,
            "contract_end",
            _("The contract cannot end before it is signed."),
            errors,
        )
    elif target == S.VISA_OBTAINED:
        _not_before(
            day,
            application.contract_signed_on,
            "on_date",
            _("The visa date cannot be before the contract was signed."),
            errors,
        )
        application.visa_obtained_on = day
    elif target == S.DEPARTED:
        _not_before(
            day,
            application.selected_on,
            "on_date",
            _("The departure cannot be before the selection (%(date)s).")
            % {"date": _format(application.selected_on)},
            errors,
        )
        application.departure_date = day
        application.expected_return_date = (
            expected_return_date or application.contract_end or offer.period_end
        )
        if application.expected_return_date is None:
            errors["expected_return_date"] = _("Give the expected return date.")
        elif application.expected_return_date <= day:
            errors["expected_return_date"] = _("The expected return must come after the departure.")
    elif target == S.RETURNED:
        _not_before(
            day,
            application.departure_date,
            "on_date",
            _("The return cannot be before the departure (%(date)s).")
            % {"date": _format(application.departure_date)},
            errors,
        )
        application.return_date = day
    elif target == S.NOT_RETURNED:
        if application.expected_return_date and application.expected_return_date >= today:
            errors["to_status"] = _("The expected return date (%(date)s) has not passed yet.") % {
                "date": _format(application.expected_return_date)
            }
    elif target in (S.REJECTED, S.WITHDRAWN) and not note.strip():
        errors["note"] = _("Say why, in a few words.")

    if errors:
        raise ValidationError(errors)
    if note:
        application.outcome_note = note
    application.status = target
    application.status_changed_at = timezone.now()
    application.status_changed_by = actor if actor and actor.is_authenticated else None
    application.save()
    _event(application, from_status=current, actor=actor, note=note)
    if target == S.RETURNED and debrief:
        debrief_record(application=application, data=debrief, actor=actor, request=request)
    if target == S.SELECTED:
        placed = offer.applications.filter(status__in=PLACEMENT_STATES).count()
        if placed >= offer.positions and offer.status == OfferStatus.OPEN:
            # The last position is taken: the public board stops showing the offer.
            offer.status = OfferStatus.FILLED
            offer.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=application,
        summary=f"application {current} -> {target}",
        request=request,
    )
    return application


def _illegal_move_message(current: str, target: str) -> str:
    if target == S.DEPARTED:
        return _(
            "A departure can only be recorded once the candidate is selected, has signed the "
            "contract and obtained the visa (now: %(status)s)."
        ) % {"status": S(current).label}
    if target in (S.RETURNED, S.NOT_RETURNED):
        return _("A return can only be recorded after the departure (now: %(status)s).") % {
            "status": S(current).label
        }
    return _("An application cannot go from “%(from)s” to “%(to)s”.") % {
        "from": S(current).label,
        "to": S(target).label,
    }


def _format(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT") if day else "—"


@transaction.atomic
def debrief_record(*, application: Application, data: dict, actor, request=None) -> Debrief:
    if application.status != S.RETURNED:
        raise ValidationError(_("A debrief is recorded once the person has returned."))
    allowed = {"paid_as_promised", "conditions", "wants_to_go_again", "comments"}
    values = {key: value for key, value in data.items() if key in allowed}
    debrief, _created = Debrief.objects.get_or_create(
        application=application,
        defaults={**values, "recorded_by": actor if actor and actor.is_authenticated else None},
    )
    if not _created:
        for name, value in values.items():
            setattr(debrief, name, value)
    debrief.full_clean(exclude=["application"])
    debrief.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=application,
        summary="return debrief recorded",
        request=request,
    )
    return debrief


# --- Expressions of interest ------------------------------------------------------------------


@transaction.atomic
def interest_create(
    *,
    offer: JobOffer,
    full_name: str,
    phone: str,
    region=None,
    occupation: str = "",
    message: str = "",
    language: str = "fr",
) -> AppointmentRequest:
    """A call-back request left on a public offer: one more request in the desk's queue.

    It goes through reception's `appointment_request_create` (the phone is checked and stored in
    E.164 there), about job offers, for today, and is tied to the offer so that the offer's
    page lists who asked about it.
    """
    if offer.status != OfferStatus.OPEN or not offer.is_public:
        raise ValidationError(_("This offer no longer takes applications."))
    lines = [_("Offer: %(title)s (no. %(id)s)") % {"title": offer.title, "id": offer.pk}]
    if region is not None:
        lines.append(_("Region: %(region)s") % {"region": region.name})
    if occupation.strip():
        lines.append(_("Occupation: %(occupation)s") % {"occupation": " ".join(occupation.split())})
    if message.strip():
        lines.append(message.strip())
    appointment = appointment_request_create(
        full_name=full_name,
        phone=phone,
        topic=AppointmentTopic.JOB_OFFERS,
        preferred_date=timezone.localdate(),
        message="\n".join(lines),
        language=language,
    )
    appointment.job_offer = offer
    appointment.save(update_fields=["job_offer"])
    return appointment
