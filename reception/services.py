"""Writes of the reception app: intake, consents, duplicates, merge, erasure, visits, referrals."""

from collections.abc import Sequence
from datetime import date, timedelta
from uuid import uuid4

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditAction, User
from accounts.services import audit_record
from campaigns.models import ConsentMethod, Subscriber, SubscriberSource
from campaigns.services import normalise_email, normalise_phone, subscriber_unsubscribe
from campaigns.services import subscribe as campaigns_subscribe
from reception import names
from reception.models import (
    CANDIDATE_EDITABLE_FIELDS,
    AppointmentRequest,
    AppointmentStatus,
    Candidate,
    CandidateConsent,
    CandidateStatus,
    ClosingReason,
    ConsentKind,
    DuplicateDecision,
    DuplicateLink,
    FollowUp,
    Partner,
    Referral,
    ReferralStatus,
    ServiceGiven,
    Visit,
    VisitChannel,
)

# Version of the consent wording read to the person; bump it when the text changes.
CONSENT_TEXT_VERSION = "2026-11"
REFERRAL_FOLLOW_UP_DAYS = 14
OLDEST_BIRTH_YEAR = 1900


class StaleEdit(Exception):
    """The record changed since the form was opened: the second save is refused, not merged."""

    def __init__(self, current: Candidate):
        super().__init__("stale edit")
        self.current = current


class DuplicateSuspected(Exception):
    """Creating would add a likely duplicate the counsellor has not declared different."""

    def __init__(self, matches):
        super().__init__("duplicate suspected")
        self.matches = matches


# --- input cleaning ---------------------------------------------------------------------------


def phone_normalise(raw: str) -> str:
    """E.164 form of a phone number (Mali by default); '' stays ''; else ValidationError."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This is not a phone number."), code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This is not a valid phone number."), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def identifier_normalise(raw: str) -> str:
    """NINA and passport numbers: upper case, spaces and dashes removed."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def _clean_candidate_fields(fields: dict) -> dict:
    """Validate and normalise candidate fields; errors are raised per field, all at once."""
    errors: dict[str, list] = {}
    clean = dict(fields)
    today = timezone.localdate()
    for key in ("last_name", "first_name", "cercle", "commune", "residence", "occupation"):
        if key in clean and clean[key] is not None:
            clean[key] = " ".join(str(clean[key]).split())
    if "phone" in clean:
        try:
            clean["phone"] = phone_normalise(clean["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.messages
    for key in ("nina", "passport_number"):
        if key in clean:
            clean[key] = identifier_normalise(clean[key])
    if "email" in clean:
        clean["email"] = (clean["email"] or "").strip().lower()
    birth_date = clean.get("birth_date")
    if birth_date:
        if birth_date > today:
            errors["birth_date"] = [_("The date of birth cannot be in the future.")]
        elif birth_date.year < OLDEST_BIRTH_YEAR:
            errors["birth_date"] = [_("This date of birth is not plausible.")]
        else:
            clean["birth_year"] = birth_date.year
    year = clean.get("birth_year")
    if year is not None and "birth_date" not in errors:
        if year > today.year:
            errors["birth_year"] = [_("The year of birth cannot be in the future.")]
        elif year < OLDEST_BIRTH_YEAR:
            errors["birth_year"] = [_("This year of birth is not plausible.")]
        elif birth_date and birth_date.year != year:
            errors["birth_year"] = [_("The year does not match the date of birth.")]
    if "languages" in clean:
        clean["languages"] = list(dict.fromkeys(clean["languages"] or []))
    if clean.get("status") == CandidateStatus.CLOSED and not clean.get("closing_reason"):
        errors["closing_reason"] = [_("Say why the record is closed.")]
    if errors:
        raise ValidationError(errors)
    return clean


def _with_name_keys(clean: dict, last_name: str, first_name: str) -> dict:
    last, first, search = names.name_keys(last_name, first_name)
    return {**clean, "last_name_key": last, "first_name_key": first, "search_name": search}


def _code_for(candidate: Candidate) -> str:
    return f"CIG-{candidate.created_at.year}-{candidate.pk:06d}"


# --- candidates ------------------------------------------------------------------------------


@transaction.atomic
def candidate_create(
    *,
    actor: User | None,
    confirmed_distinct: Sequence[int] = (),
    check_duplicates: bool = True,
    code: str = "",
    request=None,
    **fields,
) -> Candidate:
    """Create a record after searching for duplicates.

    Raises DuplicateSuspected when a likely match exists that the counsellor has not declared
    to be a different person (`confirmed_distinct`); the declaration is stored as a link.
    """
    if not (fields.get("last_name") or fields.get("first_name")):
        raise ValidationError({"last_name": [_("Give at least a family or a given name.")]})
    clean = _clean_candidate_fields(fields)
    clean = _with_name_keys(clean, clean.get("last_name", ""), clean.get("first_name", ""))
    code = code.strip().upper()
    if code and Candidate.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("Another record already has this code.")]})
    matches = []
    if check_duplicates:
        from reception.selectors import duplicate_search

        matches = duplicate_search(person_from_fields(clean))
        unconfirmed = [m for m in matches if m.candidate.pk not in set(confirmed_distinct)]
        if unconfirmed:
            raise DuplicateSuspected(unconfirmed)
    clean.setdefault("counsellor", actor)
    candidate = Candidate.objects.create(
        code=code or f"TMP-{uuid4().hex[:16]}", created_by=actor, **clean
    )
    if not code:
        candidate.code = _code_for(candidate)
        Candidate.objects.filter(pk=candidate.pk).update(code=candidate.code)
    for match in matches:
        DuplicateLink.objects.get_or_create(
            candidate=candidate,
            other=match.candidate,
            defaults={
                "decision": DuplicateDecision.DIFFERENT_PEOPLE,
                "score": match.score,
                "reasons": match.reasons,
                "decided_by": actor,
            },
        )
    summary = "created"
    if matches:
        summary += f"; declared different from {', '.join(str(m.candidate.pk) for m in matches)}"
    audit_record(
        actor=actor, action=AuditAction.CREATE, target=candidate, summary=summary, request=request
    )
    return candidate


def person_from_fields(fields: dict) -> names.Person:
    return names.Person(
        last_name=fields.get("last_name") or "",
        first_name=fields.get("first_name") or "",
        sex=fields.get("sex") or "",
        birth_date=fields.get("birth_date"),
        birth_year=fields.get("birth_year"),
        phone=fields.get("phone") or "",
        nina=fields.get("nina") or "",
        passport_number=fields.get("passport_number") or "",
    )


EDITABLE_FIELDS = frozenset(CANDIDATE_EDITABLE_FIELDS)


@transaction.atomic
def candidate_update(
    *, candidate: Candidate, actor: User | None, expected_version: int, request=None, **fields
) -> Candidate:
    """Save changes only if nobody saved since `expected_version` was read (else StaleEdit)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if candidate.is_erased:
        raise ValidationError(_("This record was erased and can no longer be changed."))
    clean = _clean_candidate_fields(fields)
    if "last_name" in clean or "first_name" in clean:
        clean = _with_name_keys(
            clean,
            clean.get("last_name", candidate.last_name),
            clean.get("first_name", candidate.first_name),
        )
    changed = sorted(k for k in fields if getattr(candidate, k) != clean.get(k))
    # The version check and the write are one conditional UPDATE: no window between them.
    updated = Candidate.objects.filter(pk=candidate.pk, version=expected_version).update(
        **clean, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(Candidate.objects.get(pk=candidate.pk))
    candidate.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=candidate,
        summary=f"changed: {', '.join(changed) or 'nothing'}",
        request=request,
    )
    return candidate


@transaction.atomic
def candidate_close(
    *, candidate: Candidate, actor: User | None, reason: str, request=None
) -> Candidate:
    if reason not in ClosingReason.values:
        raise ValidationError({"closing_reason": [_("Choose a reason from the list.")]})
    candidate.status = CandidateStatus.CLOSED
    candidate.closing_reason = reason
    candidate.closed_at = timezone.now()
    candidate.version += 1
    candidate.save(update_fields=["status", "closing_reason", "closed_at", "version", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=candidate,
        summary=f"closed: {reason}",
        request=request,
    )
    return candidate


@transaction.atomic
def candidate_reopen(*, candidate: Candidate, actor: User | None, request=None) -> Candidate:
    if candidate.is_erased or candidate.merged_into_id:
        raise ValidationError(_("An erased or merged record cannot be reopened."))
    candidate.status = CandidateStatus.OPEN
    candidate.closing_reason = ""
    candidate.closed_at = None
    candidate.version += 1
    candidate.save(update_fields=["status", "closing_reason", "closed_at", "version", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=candidate,
        summary="reopened",
        request=request,
    )
    return candidate


# --- consents --------------------------------------------------------------------------------


@transaction.atomic
def candidate_consent_record(
    *,
    candidate: Candidate,
    actor: User | None,
    kind: str,
    given: bool,
    text_version: str = CONSENT_TEXT_VERSION,
    request=None,
) -> CandidateConsent:
    """Record a consent given or withdrawn. Messages consent goes through its own service."""
    if kind not in ConsentKind.values:
        raise ValidationError({"kind": [_("Unknown consent.")]})
    if kind == ConsentKind.MESSAGES:
        return candidate_consent_messages_record(
            candidate=candidate,
            actor=actor,
            given=given,
            text_version=text_version,
            request=request,
        )
    consent = CandidateConsent.objects.create(
        candidate=candidate, kind=kind, given=given, text_version=text_version, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=candidate,
        summary=f"consent {kind}: {'given' if given else 'withdrawn'} ({text_version})",
        request=request,
    )
    return consent


@transaction.atomic
def candidate_consent_messages_record(
    *,
    candidate: Candidate,
    actor: User | None,
    given: bool,
    text_version: str = CONSENT_TEXT_VERSION,
    language: str = "fr",
    interests: Sequence[str] = (),
    request=None,
) -> CandidateConsent:
    """Consent to information messages: recorded here, then the person is subscribed through
    `campaigns.services.subscribe` (source "counsellor": consent given at the desk, active at
    once). Withdrawing unsubscribes the person's phone and email at once through
    `campaigns.services.subscriber_unsubscribe`, so pending messages are skipped too.
    """
    consent = CandidateConsent.objects.create(
        candidate=candidate,
        kind=ConsentKind.MESSAGES,
        given=given,
        text_version=text_version,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=candidate,
        summary=f"consent messages: {'given' if given else 'withdrawn'} ({text_version})",
        request=request,
    )
    if given and (candidate.phone or candidate.email):
        _subscribe_to_messages(
            phone=candidate.phone,
            email=candidate.email,
            language=language,
            region_code=candidate.region_of_origin.code if candidate.region_of_origin else "",
            interests=list(interests),
            source=SubscriberSource.COUNSELLOR,
            consent_text_version=text_version,
            actor=actor,
        )
    if not given:
        _unsubscribe_from_messages(candidate=candidate, actor=actor, request=request)
    return consent


def _subscribe_to_messages(**kwargs) -> None:
    """The one call point into the campaigns app (kept apart so tests can watch it)."""
    campaigns_subscribe(**kwargs)


def _unsubscribe_from_messages(*, candidate: Candidate, actor: User | None, request=None) -> int:
    """Unsubscribe every subscriber holding this person's phone or email; returns how many.

    The phone and the email may have been subscribed separately (a public form, then the desk),
    so both are looked up; a person never subscribed is nothing to do.
    """
    try:
        phone = normalise_phone(candidate.phone)
    except ValidationError:  # a foreign spelling the campaigns app refuses: stored as is
        phone = candidate.phone or None
    try:
        email = normalise_email(candidate.email)
    except ValidationError:
        email = candidate.email or None
    lookups = []
    if phone:
        lookups.append(Subscriber.objects.filter(phone=phone))
    if email:
        lookups.append(Subscriber.objects.filter(email=email))
    found = {subscriber.pk: subscriber for qs in lookups for subscriber in qs}
    for subscriber in found.values():
        subscriber_unsubscribe(
            subscriber=subscriber,
            method=ConsentMethod.COUNSELLOR,
            actor=actor,
            detail=f"consent withdrawn at the desk ({candidate.code})",
            request=request,
        )
    return len(found)


def consent_current(candidate: Candidate, kind: str) -> bool:
    latest = (
        CandidateConsent.objects.filter(candidate=candidate, kind=kind)
        .order_by("-recorded_at", "-id")
        .values_list("given", flat=True)
        .first()
    )
    return bool(latest)


# --- duplicates, merge, erasure ------------------------------------------------------------


@transaction.atomic
def duplicate_link(
    *,
    candidate: Candidate,
    other: Candidate,
    decision: str,
    actor: User | None,
    score: float | None = None,
    reasons: Sequence[str] = (),
    request=None,
) -> DuplicateLink:
    """Record that two records are the same person (linked, not merged) or different people."""
    if candidate.pk == other.pk:
        raise ValidationError(_("A record cannot be linked to itself."))
    if decision not in DuplicateDecision.values:
        raise ValidationError({"decision": [_("Unknown decision.")]})
    first, second = sorted([candidate, other], key=lambda c: c.pk)
    DuplicateLink.objects.filter(candidate=second, other=first).delete()
    link, _created = DuplicateLink.objects.update_or_create(
        candidate=first,
        other=second,
        defaults={
            "decision": decision,
            "score": score,
            "reasons": list(reasons),
            "decided_by": actor,
        },
    )
    for target in (first, second):
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=target,
            summary=f"duplicate link {first.pk}/{second.pk}: {decision}",
            request=request,
        )
    return link


IDENTITY_FILL = (
    "sex",
    "birth_date",
    "birth_year",
    "phone",
    "email",
    "nina",
    "passport_number",
    "region_of_origin",
    "cercle",
    "commune",
    "residence",
    "education_level",
    "occupation",
    "skills",
    "family_situation",
    "dependants",
    "intended_destination",
    "migration_motive",
    "motive_details",
)


@transaction.atomic
def candidate_merge(
    *, keep: Candidate, drop: Candidate, actor: User | None, request=None
) -> Candidate:
    """Move everything of `drop` to `keep` (visits, referrals, applications, ...), close `drop`.

    Every relation pointing at a candidate is moved, including those other apps add later
    (applications), so a merge never leaves rows behind. `drop` stays, closed and pointing at
    `keep`, so old links and audit events still lead somewhere.
    """
    if keep.pk == drop.pk:
        raise ValidationError(_("Choose two different records."))
    keep = Candidate.objects.select_for_update().get(pk=keep.pk)
    drop = Candidate.objects.select_for_update().get(pk=drop.pk)
    if drop.merged_into_id or drop.is_erased or keep.merged_into_id or keep.is_erased:
        raise ValidationError(_("A merged or erased record cannot be merged."))
    moved = []
    for relation in Candidate._meta.related_objects:
        if relation.many_to_many or relation.related_model is DuplicateLink:
            continue
        field = relation.field
        count = relation.related_model._default_manager.filter(**{field.name: drop}).update(
            **{field.name: keep}
        )
        if count:
            moved.append(f"{relation.related_model._meta.model_name}={count}")
    for name in IDENTITY_FILL:
        if getattr(keep, name) in ("", None) and getattr(drop, name) not in ("", None):
            setattr(keep, name, getattr(drop, name))
    keep.languages = list(dict.fromkeys([*keep.languages, *drop.languages]))
    keep.version += 1
    keep.save()
    drop.status = CandidateStatus.CLOSED
    drop.closing_reason = ClosingReason.MERGED
    drop.closed_at = timezone.now()
    drop.merged_into = keep
    drop.version += 1
    drop.save()
    DuplicateLink.objects.filter(candidate=drop, other=keep).delete()
    DuplicateLink.objects.update_or_create(
        candidate=keep,
        other=drop,
        defaults={"decision": DuplicateDecision.SAME_PERSON, "decided_by": actor},
    )
    summary = f"merged {drop.pk} into {keep.pk}; moved {', '.join(moved) or 'nothing'}"
    for target in (keep, drop):
        audit_record(
            actor=actor, action=AuditAction.MERGE, target=target, summary=summary, request=request
        )
    return keep


@transaction.atomic
def candidate_erase(*, candidate: Candidate, actor: User | None, request=None) -> Candidate:
    """Anonymise on request: identity and free text wiped; counts and categories kept."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.is_erased:
        return candidate
    for name in (
        "last_name",
        "first_name",
        "phone",
        "email",
        "nina",
        "passport_number",
        "residence",
        "skills",
        "motive_details",
        "last_name_key",
        "first_name_key",
        "search_name",
    ):
        setattr(candidate, name, "")
    # The year stays for statistics; the exact date identifies.
    candidate.birth_date = None
    candidate.status = CandidateStatus.CLOSED
    candidate.closing_reason = ClosingReason.ERASED
    candidate.closed_at = candidate.closed_at or timezone.now()
    candidate.erased_at = timezone.now()
    candidate.version += 1
    candidate.save()
    candidate.visits.update(notes="", next_step="")
    candidate.referrals.update(notes="", outcome="")
    candidate.follow_ups.update(reason=_("(erased)"), outcome="")
    candidate.appointment_requests.update(full_name="", phone="", message="")
    audit_record(
        actor=actor, action=AuditAction.ERASE, target=candidate, summary="erased", request=request
    )
    return candidate


# --- visits, referrals, follow-ups -----------------------------------------------------------


def _published_pathways(slugs: Sequence[str]) -> dict:
    """slug -> published legal pathway, for the slugs that name one."""
    if not slugs:
        return {}
    from legal.models import Pathway

    return {p.slug: p for p in Pathway.objects.filter(slug__in=slugs, is_published=True)}


@transaction.atomic
def visit_create(
    *,
    candidate: Candidate,
    actor: User | None,
    visit_date: date,
    channel: str = VisitChannel.WALK_IN,
    services: Sequence[str] = (),
    pathways: Sequence[str] = (),
    notes: str = "",
    next_step: str = "",
    follow_up_date: date | None = None,
    request=None,
) -> Visit:
    errors = {}
    today = timezone.localdate()
    if visit_date > today:
        errors["visit_date"] = [_("A visit cannot be recorded in the future.")]
    if follow_up_date and follow_up_date < visit_date:
        errors["follow_up_date"] = [_("The follow-up date must come after the visit.")]
    unknown = set(services) - set(ServiceGiven.values)
    if unknown:
        errors["services"] = [_("Unknown service.")]
    if channel not in VisitChannel.values:
        errors["channel"] = [_("Unknown channel.")]
    if candidate.is_erased or candidate.merged_into_id:
        errors["candidate"] = [_("This record is closed for good: use the kept record.")]
    slugs = list(dict.fromkeys(pathways))
    linked = _published_pathways(slugs)
    missing = [slug for slug in slugs if slug not in linked]
    if missing:
        errors["pathways"] = [
            _("No published legal pathway has this reference: %(slugs)s.")
            % {"slugs": ", ".join(missing)}
        ]
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        candidate=candidate,
        counsellor=actor,
        visit_date=visit_date,
        channel=channel,
        services=list(dict.fromkeys(services)),
        pathways=slugs,
        notes=notes,
        next_step=next_step,
        follow_up_date=follow_up_date,
    )
    if linked:
        visit.legal_pathways.set(linked.values())
    if follow_up_date:
        FollowUp.objects.create(
            candidate=candidate,
            visit=visit,
            assigned_to=actor,
            due_date=follow_up_date,
            reason=next_step or _("Follow up the visit"),
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=candidate,
        summary=f"visit {visit.pk} added",
        request=request,
    )
    return visit


@transaction.atomic
def referral_create(
    *,
    candidate: Candidate,
    actor: User | None,
    partner: Partner,
    service: str,
    notes: str = "",
    visit: Visit | None = None,
    request=None,
) -> Referral:
    """Refer a person to a partner; refused while the referral consent is missing."""
    if not consent_current(candidate, ConsentKind.REFERRAL):
        raise ValidationError(
            {
                "partner": [
                    _(
                        "The person has not agreed to be referred to a partner. Record the "
                        "consent first."
                    )
                ]
            }
        )
    if not partner.is_active:
        raise ValidationError({"partner": [_("This partner is no longer active.")]})
    if not service.strip():
        raise ValidationError({"service": [_("Say which service is requested.")]})
    referral = Referral.objects.create(
        candidate=candidate,
        visit=visit,
        partner=partner,
        service=service.strip(),
        notes=notes,
        created_by=actor,
        status_changed_at=timezone.now(),
    )
    FollowUp.objects.create(
        candidate=candidate,
        visit=visit,
        referral=referral,
        assigned_to=actor,
        due_date=timezone.localdate() + timedelta(days=REFERRAL_FOLLOW_UP_DAYS),
        reason=_("Check the outcome of the referral to %(partner)s")
        % {"partner": partner.acronym or partner.name},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=candidate,
        summary=f"referral {referral.pk} to partner {partner.pk}",
        request=request,
    )
    return referral


REFERRAL_MOVES = {
    ReferralStatus.IN_PROGRESS: {
        ReferralStatus.ACCEPTED,
        ReferralStatus.REJECTED,
        ReferralStatus.REVOKED,
    },
    ReferralStatus.ACCEPTED: {ReferralStatus.DONE, ReferralStatus.REVOKED},
    ReferralStatus.REJECTED: set(),
    ReferralStatus.DONE: set(),
    ReferralStatus.REVOKED: set(),
}


@transaction.atomic
def referral_transition(
    *, referral: Referral, to_status: str, actor: User | None, outcome: str = "", request=None
) -> Referral:
    """The one way a referral changes status; an illegal move is refused with a clear error."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    current = ReferralStatus(referral.status)
    if to_status not in ReferralStatus.values or to_status not in REFERRAL_MOVES[current]:
        target = (
            ReferralStatus(to_status).label if to_status in ReferralStatus.values else to_status
        )
        raise ValidationError(
            {
                "status": [
                    _("A referral that is “%(current)s” cannot become “%(target)s”.")
                    % {"current": current.label, "target": target}
                ]
            }
        )
    referral.status = to_status
    referral.status_changed_at = timezone.now()
    if outcome:
        referral.outcome = outcome
    referral.save(update_fields=["status", "status_changed_at", "outcome"])
    if to_status in (ReferralStatus.DONE, ReferralStatus.REVOKED, ReferralStatus.REJECTED):
        referral.follow_ups.filter(done_at__isnull=True).update(
            done_at=timezone.now(), done_by=actor, outcome=ReferralStatus(to_status).label
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=referral.candidate,
        summary=f"referral {referral.pk}: {current.value} -> {to_status}",
        request=request,
    )
    return referral


@transaction.atomic
def follow_up_create(
    *,
    candidate: Candidate,
    actor: User | None,
    due_date: date,
    reason: str,
    assigned_to: User | None = None,
    request=None,
) -> FollowUp:
    if not reason.strip():
        raise ValidationError({"reason": [_("Say what is to be done.")]})
    if due_date < timezone.localdate() - timedelta(days=365):
        raise ValidationError({"due_date": [_("This date is too far in the past.")]})
    follow_up = FollowUp.objects.create(
        candidate=candidate, assigned_to=assigned_to or actor, due_date=due_date, reason=reason
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=candidate,
        summary=f"follow-up {follow_up.pk} planned",
        request=request,
    )
    return follow_up


@transaction.atomic
def follow_up_complete(
    *, follow_up: FollowUp, actor: User | None, outcome: str = "", request=None
) -> FollowUp:
    """Mark done; doing it twice keeps the first completion (a double click changes nothing)."""
    updated = FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor, outcome=outcome
    )
    follow_up.refresh_from_db()
    if updated:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=follow_up.candidate,
            summary=f"follow-up {follow_up.pk} done",
            request=request,
        )
    return follow_up


# --- appointment requests from the public site ---------------------------------------------

APPOINTMENT_MAX_DAYS_AHEAD = 90


@transaction.atomic
def appointment_request_create(
    *,
    full_name: str,
    phone: str,
    topic: str,
    preferred_date: date,
    message: str = "",
    language: str = "fr",
) -> AppointmentRequest:
    errors: dict[str, list] = {}
    today = timezone.localdate()
    try:
        phone = phone_normalise(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if not phone and "phone" not in errors:
        errors["phone"] = [_("A phone number is needed to call you back.")]
    if preferred_date < today:
        errors["preferred_date"] = [_("Choose today or a later day.")]
    elif preferred_date > today + timedelta(days=APPOINTMENT_MAX_DAYS_AHEAD):
        errors["preferred_date"] = [_("Choose a day within the next three months.")]
    if not full_name.strip():
        errors["full_name"] = [_("Tell us your name.")]
    if errors:
        raise ValidationError(errors)
    return AppointmentRequest.objects.create(
        full_name=" ".join(full_name.split()),
        phone=phone,
        topic=topic,
        preferred_date=preferred_date,
        message=message.strip(),
        language=language,
    )


@transaction.atomic
def appointment_convert(
    *,
    appointment: AppointmentRequest,
    candidate: Candidate,
    actor: User | None,
    visit_date: date | None = None,
    notes: str = "",
    request=None,
) -> Visit:
    """Turn a request from the queue into a visit of the given record (claimed once)."""
    claimed = AppointmentRequest.objects.filter(
        pk=appointment.pk, status=AppointmentStatus.NEW
    ).update(status=AppointmentStatus.CONVERTED, handled_by=actor, handled_at=timezone.now())
    if not claimed:
        raise ValidationError(_("This request was already handled."))
    visit = visit_create(
        candidate=candidate,
        actor=actor,
        visit_date=visit_date or timezone.localdate(),
        channel=VisitChannel.ONLINE_REQUEST,
        notes=notes or appointment.message,
        request=request,
    )
    AppointmentRequest.objects.filter(pk=appointment.pk).update(candidate=candidate, visit=visit)
    appointment.refresh_from_db()
    return visit


@transaction.atomic
def appointment_cancel(*, appointment: AppointmentRequest, actor: User | None) -> None:
    claimed = AppointmentRequest.objects.filter(
        pk=appointment.pk, status=AppointmentStatus.NEW
    ).update(status=AppointmentStatus.CANCELLED, handled_by=actor, handled_at=timezone.now())
    if not claimed:
        raise ValidationError(_("This request was already handled."))
