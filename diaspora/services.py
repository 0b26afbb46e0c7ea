"""Writes of the diaspora app: registration, profiles, CVs, needs, missions and projects."""

import re
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from unidecode import unidecode

from accounts.models import AuditAction, User
from accounts.roles import DIASPORA_MEMBER
from accounts.services import audit_record, user_create
from diaspora.models import (
    MISSION_MOVES,
    NEED_MATCHABLE,
    NEED_MOVES,
    Association,
    Member,
    MemberLanguage,
    Membership,
    MemberSkill,
    Mission,
    MissionStatus,
    Need,
    NeedOrigin,
    NeedStatus,
    Project,
    ProjectUpdate,
    Skill,
)


class StaleEdit(Exception):
    """The record changed since the form was opened: the second save is refused, not merged."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


def _save_if_current(
    obj, *, fields: dict, expected_version: int, extra: dict | None = None
) -> list[str]:
    """Write `fields` only if nobody saved since `expected_version` was read (else StaleEdit);
    return the names of the fields that changed, for the audit trail.

    The version check and the write are one conditional UPDATE: no window between them.
    """
    model = type(obj)
    # Compared with the row, not with `obj`: a ModelForm has already copied the new values on it.
    before = model.objects.filter(pk=obj.pk).values(*fields).first() or {}
    changed = sorted(
        name for name, value in fields.items() if before.get(name) != getattr(value, "pk", value)
    )
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    values = {**fields, **(extra or {})}
    written = model.objects.filter(pk=obj.pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if not written:
        raise StaleEdit(model.objects.get(pk=obj.pk))
    obj.refresh_from_db()
    return changed


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Signed link for confirming an email; it dies once the account is active."""

    key_salt = "diaspora.services.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.is_active}{user.email}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()


def skill_key(name: str) -> str:
    """'  Gestion de PROJET ' and 'gestion de projet' are one skill."""
    return re.sub(r"\s+", " ", unidecode(name).strip().lower())


def skill_get_or_create(*, name: str) -> Skill:
    name = re.sub(r"\s+", " ", name.strip())
    skill, _created = Skill.objects.get_or_create(key=skill_key(name), defaults={"name": name})
    return skill


def _absolute(request, path: str) -> str:
    # Views always pass the request; scripts get a relative link rather than a guessed host.
    return request.build_absolute_uri(path) if request is not None else path


def _confirmation_link(user: User, request) -> str:
    path = reverse(
        "diaspora:confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_confirmation_token.make_token(user),
        },
    )
    return _absolute(request, path)


# Each registration sends an email to an address the visitor typed: without a limit the form
# is a way to flood someone's mailbox, or the centre's mail server's reputation.
REGISTRATIONS_PER_HOUR_PER_ADDRESS = 5
CONFIRMATIONS_PER_HOUR_PER_EMAIL = 3


def registration_allowed(*, ip: str | None, email: str) -> bool:
    """Count one attempt from this IP and to this email; False once either is over its limit."""
    from cigem import throttle

    from_address = throttle.hit("diaspora-register-ip", ip or "unknown")
    to_email = throttle.hit("diaspora-register-email", skill_key(email))
    return (
        from_address <= REGISTRATIONS_PER_HOUR_PER_ADDRESS
        and to_email <= CONFIRMATIONS_PER_HOUR_PER_EMAIL
    )


@transaction.atomic
def member_register(
    *,
    email: str,
    full_name: str,
    password: str,
    preferred_language: str = "fr",
    news_opt_in: bool = False,
    request=None,
) -> Member:
    """Create an inactive account with the diaspora role, its empty profile, and send the
    confirmation link. The email is sent inside the transaction: if it cannot leave, nothing is
    kept and the person can simply try again."""
    user = user_create(
        email=email,
        full_name=full_name,
        password=password,
        roles=[DIASPORA_MEMBER],
        preferred_language=preferred_language,
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    now = timezone.now()
    member = Member.objects.create(
        user=user, news_opt_in=news_opt_in, news_opt_in_at=now if news_opt_in else None
    )
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        target=member,
        summary="self-registration",
        request=request,
    )
    _send_confirmation(user, request)
    return member


def _send_confirmation(user: User, request) -> None:
    with translation.override(user.preferred_language):
        body = render_to_string(
            "diaspora/email/confirm.txt",
            {"user": user, "link": _confirmation_link(user, request)},
        )
        send_mail(_("Confirm your registration with the CIGEM"), body, None, [user.email])


def member_confirmation_resend(*, user: User, request=None) -> None:
    """Send the confirmation link again to an account that never confirmed; the password and
    details already given are kept (whoever asks again may not be the owner of the address)."""
    if user.is_active:
        return
    _send_confirmation(user, request)


@transaction.atomic
def member_confirm(*, user: User, request=None) -> Member:
    """Activate the account whose email was just confirmed."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    member = Member.objects.get_or_create(user=user)[0]
    member.confirmed_at = timezone.now()
    member.save(update_fields=["confirmed_at"])
    _profiles_changed()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        target=member,
        summary="email confirmed",
        request=request,
    )
    if member.news_opt_in:
        transaction.on_commit(lambda: news_subscription_request(member_id=member.pk))
    return member


def member_ensure(*, user: User) -> Member:
    """The profile of a person given the member role by other means than registration (the
    admin, the demo): an empty one is created the first time they open their space."""
    member, created = Member.objects.get_or_create(
        user=user, defaults={"confirmed_at": timezone.now()}
    )
    if created:
        audit_record(actor=user, action=AuditAction.CREATE, target=member, summary="profile opened")
    return member


def news_subscription_request(*, member_id: int) -> None:
    """A member opted in to the centre's news: subscribe them through the campaigns app.

    Runs after the commit that recorded the opt-in; the consent was given on the profile, so the
    subscriber is active at once (no second confirmation). Safe to run twice: `subscribe` finds
    the same person by email.
    """
    from campaigns.models import Interest, SubscriberSource
    from campaigns.services import subscribe

    member = Member.objects.select_related("user", "region_of_origin").filter(pk=member_id).first()
    if member is None or not member.news_opt_in or not member.user.is_active:
        return
    subscribe(
        phone=None,
        email=member.user.email,
        language=member.user.preferred_language or "fr",
        region_code=member.region_of_origin.code if member.region_of_origin else None,
        interests=[Interest.DIASPORA],
        source=SubscriberSource.DIASPORA,
        consent_text_version=settings.CAMPAIGNS_CONSENT_TEXT_VERSION,
        actor=member.user,
    )


@transaction.atomic
def member_update(
    *,
    member: Member,
    fields: dict,
    skills: Sequence[tuple[str, int]] | None = None,
    languages: Iterable[str] | None = None,
    associations: Iterable[Association] | None = None,
    actor: User,
    request=None,
) -> Member:
    """Save the member's own profile. Lists given replace what was there."""
    # Read from the database: a ModelForm has already copied the new values onto `member`.
    was_opted_in = Member.objects.filter(pk=member.pk).values_list("news_opt_in", flat=True)[0]
    for name, value in fields.items():
        setattr(member, name, value)
    if member.news_opt_in and not was_opted_in:
        member.news_opt_in_at = timezone.now()
    elif not member.news_opt_in:
        member.news_opt_in_at = None
    member.updated_at = timezone.now()
    member.full_clean(exclude=["user", "cv"])
    member.save()
    if skills is not None:
        wanted: dict[int, int] = {}
        for name, level in skills:
            if name.strip():
                wanted[skill_get_or_create(name=name).pk] = level
        MemberSkill.objects.filter(member=member).exclude(skill_id__in=wanted).delete()
        for skill_id, level in wanted.items():
            MemberSkill.objects.update_or_create(
                member=member, skill_id=skill_id, defaults={"level": level}
            )
    if languages is not None:
        codes = set(languages)
        MemberLanguage.objects.filter(member=member).exclude(language__in=codes).delete()
        MemberLanguage.objects.bulk_create(
            [MemberLanguage(member=member, language=code) for code in sorted(codes)],
            ignore_conflicts=True,
        )
    if associations is not None:
        ids = {a.pk for a in associations}
        Membership.objects.filter(member=member).exclude(association_id__in=ids).delete()
        Membership.objects.bulk_create(
            [Membership(member=member, association_id=pk) for pk in sorted(ids)],
            ignore_conflicts=True,
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=member,
        summary="profile saved",
        request=request,
    )
    _profiles_changed()
    if member.news_opt_in and not was_opted_in:
        transaction.on_commit(lambda: news_subscription_request(member_id=member.pk))
    return member


PDF_TAIL_BYTES = 2048


def cv_check(upload) -> None:
    """Refuse anything that is not a plausible PDF of an acceptable size.

    The extension and the browser's content type are claims; the bytes are checked: the PDF
    header, and the trailer a PDF reader needs (startxref and %%EOF near the end).
    """
    limit = settings.DIASPORA_CV_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The CV is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    if not re.match(rb"%PDF-\d\.\d", head):
        raise ValidationError(_("The CV must be a PDF document."), code="not_pdf")
    upload.seek(max(0, upload.size - PDF_TAIL_BYTES))
    tail = upload.read(PDF_TAIL_BYTES)
    upload.seek(0)
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(
            _("This PDF is damaged or incomplete. Please export it again and retry."),
            code="damaged_pdf",
        )


@transaction.atomic
def member_cv_set(*, member: Member, upload, actor: User, request=None) -> Member:
    cv_check(upload)
    old = member.cv.name if member.cv else ""
    member.cv.save("cv.pdf", upload, save=False)
    member.cv_uploaded_at = timezone.now()
    member.updated_at = member.cv_uploaded_at
    member.save(update_fields=["cv", "cv_uploaded_at", "updated_at"])
    if old:
        storage = member.cv.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=member,
        summary="CV uploaded",
        request=request,
    )
    return member


@transaction.atomic
def member_cv_delete(*, member: Member, actor: User, request=None) -> Member:
    if member.cv:
        name, storage = member.cv.name, member.cv.storage
        transaction.on_commit(lambda: storage.delete(name))
    member.cv = ""
    member.cv_uploaded_at = None
    member.updated_at = timezone.now()
    member.save(update_fields=["cv", "cv_uploaded_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=member,
        summary="CV deleted",
        request=request,
    )
    return member


@transaction.atomic
def member_erase(*, member: Member, request=None) -> None:
    """The member deletes their own data: profile, skills, CV, missions and the account.

    The audit event stays (it holds the record id, never a name), so the centre can show the
    erasure happened.
    """
    audit_record(
        actor=None,
        action=AuditAction.ERASE,
        target=member,
        summary="member erased own data",
        request=request,
    )
    if member.cv:
        name, storage = member.cv.name, member.cv.storage
        transaction.on_commit(lambda: storage.delete(name))
    user = member.user
    member.delete()
    user.delete()
    _profiles_changed()


@transaction.atomic
def need_create(*, fields: dict, skills: Iterable[str], created_by: User, request=None) -> Need:
    need = Need(created_by=created_by, **fields)
    need.full_clean()
    need.save()
    need.skills.set([skill_get_or_create(name=name) for name in skills if name.strip()])
    audit_record(actor=created_by, action=AuditAction.CREATE, target=need, request=request)
    return need


class NeedMoveError(ValidationError):
    pass


# Each proposal is a row staff must read: without a limit the public form fills their queue.
PROPOSALS_PER_HOUR_PER_ADDRESS = 5


def need_proposal_allowed(*, ip: str | None) -> bool:
    """Count one proposal from this IP address; False once it is over the hourly limit."""
    from cigem import throttle

    return throttle.hit("diaspora-need-propose-ip", ip or "unknown") <= (
        PROPOSALS_PER_HOUR_PER_ADDRESS
    )


@transaction.atomic
def need_propose(*, fields: dict, skills: Iterable[str], language: str, request=None) -> Need:
    """A Malian institution proposes a need on the public form. It waits, `proposed`, for staff
    to accept it (then it is matched) or reject it; nobody is matched or told before that."""
    need = Need(
        status=NeedStatus.PROPOSED,
        origin=NeedOrigin.INSTITUTION,
        contact_language=language,
        **fields,
    )
    need.full_clean()
    need.save()
    need.skills.set([skill_get_or_create(name=name) for name in skills if name.strip()])
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        target=need,
        summary="proposed by an institution",
        request=request,
    )
    return need


@transaction.atomic
def mission_shortlist(
    *, need: Need, member: Member, score: int, reasons: list[str], actor: User, request=None
) -> Mission:
    if need.status not in NEED_MATCHABLE:
        # A proposal not yet accepted (or rejected) is not offered to anyone.
        raise NeedMoveError(
            _("This need has not been accepted: nobody can be shortlisted for it."),
            code="not_matchable",
        )
    mission, created = Mission.objects.get_or_create(
        need=need, member=member, defaults={"score": score, "reasons": reasons}
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=mission,
            summary=f"member #{member.pk} shortlisted for need #{need.pk}",
            request=request,
        )
    return mission


class MissionMoveError(ValidationError):
    pass


@transaction.atomic
def mission_move(
    *, mission: Mission, to: str, actor: User, outcome: str = "", request=None
) -> Mission:
    """The one way a mission changes state. Locks the row so two clicks cannot both move it."""
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    current = MissionStatus(mission.status)
    target = MissionStatus(to)
    if target not in MISSION_MOVES[current]:
        raise MissionMoveError(
            _("A mission that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.label, "target": target.label},
            code="illegal_move",
        )
    if target == MissionStatus.DONE and not outcome.strip():
        raise MissionMoveError(_("Describe the outcome of the mission."), code="outcome")
    now = timezone.now()
    mission.status = target
    mission.updated_at = now
    if target in (MissionStatus.ACCEPTED, MissionStatus.DECLINED):
        mission.responded_at = now
    if outcome:
        mission.outcome = outcome.strip()
    mission.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=mission,
        summary=f"{current.value} -> {target.value}",
        request=request,
    )
    return mission


@transaction.atomic
def mission_invite(*, mission: Mission, message: str, actor: User, request=None) -> Mission:
    """Propose the mission to the member and write to them (inside the transaction: if the
    email cannot leave, the mission stays shortlisted)."""
    mission = mission_move(mission=mission, to=MissionStatus.PROPOSED, actor=actor, request=request)
    mission.message = message.strip()
    mission.invited_at = timezone.now()
    mission.save(update_fields=["message", "invited_at"])
    user = mission.member.user
    link = _absolute(request, reverse("diaspora:my-mission", args=[mission.pk]))
    with translation.override(user.preferred_language):
        body = render_to_string(
            "diaspora/email/invitation.txt",
            {"user": user, "need": mission.need, "mission": mission, "link": link},
        )
        send_mail(
            _("The CIGEM proposes a mission: %(title)s") % {"title": mission.need.title},
            body,
            None,
            [user.email],
        )
    return mission


def mission_respond(*, mission: Mission, accept: bool, actor: User, request=None) -> Mission:
    return mission_move(
        mission=mission,
        to=MissionStatus.ACCEPTED if accept else MissionStatus.DECLINED,
        actor=actor,
        request=request,
    )


@transaction.atomic
def project_update_add(
    *,
    project: Project,
    text: str,
    date,
    amount_raised=None,
    status: str = "",
    author: User,
    request=None,
) -> ProjectUpdate:
    update = ProjectUpdate.objects.create(project=project, text=text, date=date, author=author)
    changed = ["updated_at"]
    if amount_raised is not None:
        project.amount_raised = amount_raised
        changed.append("amount_raised")
    if status:
        project.status = status
        changed.append("status")
    project.updated_at = timezone.now()
    project.save(update_fields=changed)
    audit_record(
        actor=author,
        action=AuditAction.UPDATE,
        target=project,
        summary="progress update",
        request=request,
    )
    return update


@transaction.atomic
def membership_confirm(*, membership: Membership, actor: User, request=None) -> Membership:
    """Staff confirm, after checking with the association, that the member belongs to it."""
    membership.confirmed = True
    membership.save(update_fields=["confirmed"])
    audit_record(
        actor=actor,
        action=AuditAction.APPROVE,
        target=membership,
        summary=f"member #{membership.member_id} in association #{membership.association_id}",
        request=request,
    )
    return membership


@transaction.atomic
def association_create(*, fields: dict, actor: User, request=None) -> Association:
    association = Association(**fields)
    association.full_clean()
    association.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=association, request=request)
    return association


@transaction.atomic
def project_create(*, association: Association, fields: dict, actor: User, request=None) -> Project:
    project = Project(association=association, **fields)
    project.full_clean()
    project.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=project, request=request)
    return project


@transaction.atomic
def need_set_status(
    *, need: Need, status: str, actor: User, reason: str = "", request=None
) -> Need:
    """The one way a need changes status (`NEED_MOVES`); any other move is refused. Locks the
    row so that two colleagues reviewing the same proposal cannot both answer it. Rejecting a
    proposal needs the reason that the institution will read."""
    locked = Need.objects.select_for_update().get(pk=need.pk)
    current = NeedStatus(locked.status)
    try:
        target = NeedStatus(status)
    except ValueError:
        raise NeedMoveError(_("Unknown status."), code="unknown_status") from None
    if target not in NEED_MOVES[current]:
        raise NeedMoveError(
            _("A need that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.label, "target": target.label},
            code="illegal_move",
        )
    if target == NeedStatus.REJECTED and not reason.strip():
        raise NeedMoveError(
            _("Give the reason of the refusal: the institution will read it."), code="reason"
        )
    locked.status = target
    changed = ["status"]
    if current == NeedStatus.PROPOSED:
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.review_reason = reason.strip()
        changed += ["reviewed_by", "reviewed_at", "review_reason"]
    locked.save(update_fields=changed)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=locked,
        summary=f"{current.value} -> {target.value}",
        request=request,
    )
    for name in changed:
        setattr(need, name, getattr(locked, name))
    return need


@transaction.atomic
def need_review(*, need: Need, accept: bool, actor: User, reason: str = "", request=None) -> Need:
    """Staff answer an institution's proposal: accepted (open: it is matched from now on) or
    rejected with a reason. The institution is told by email in the language of its form; the
    email is sent inside the transaction, so if it cannot leave the proposal stays waiting and
    the page says so."""
    need = need_set_status(
        need=need,
        status=NeedStatus.OPEN if accept else NeedStatus.REJECTED,
        actor=actor,
        reason=reason,
        request=request,
    )
    if need.contact_email:
        template = "need_accepted" if accept else "need_rejected"
        with translation.override(need.contact_language or settings.LANGUAGE_CODE):
            body = render_to_string(f"diaspora/email/{template}.txt", {"need": need})
            subject = (
                _("The CIGEM accepted your need: %(title)s")
                if accept
                else _("The CIGEM's answer to your need: %(title)s")
            )
            send_mail(subject % {"title": need.title}, body, None, [need.contact_email])
    return need


@transaction.atomic
def need_edit(
    *,
    need: Need,
    fields: dict,
    skills: Iterable[str],
    expected_version: int,
    actor: User,
    request=None,
) -> Need:
    """Staff correct a need. Refused with StaleEdit if a colleague saved it meanwhile."""
    changed = _save_if_current(need, fields=fields, expected_version=expected_version)
    wanted = [skill_get_or_create(name=name) for name in skills if name.strip()]
    if {s.pk for s in wanted} != set(need.skills.values_list("pk", flat=True)):
        changed.append("skills")
    need.skills.set(wanted)
    # The ranking depends on what the need asks: the cached one is now wrong.
    need_matches_forget(need_id=need.pk)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=need,
        summary=f"changed: {', '.join(changed) or 'nothing'}",
        request=request,
    )
    return need


@transaction.atomic
def association_edit(
    *, association: Association, fields: dict, expected_version: int, actor: User, request=None
) -> Association:
    changed = _save_if_current(association, fields=fields, expected_version=expected_version)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=association,
        summary=f"changed: {', '.join(changed) or 'nothing'}",
        request=request,
    )
    return association


@transaction.atomic
def project_edit(
    *, project: Project, fields: dict, expected_version: int, actor: User, request=None
) -> Project:
    changed = _save_if_current(
        project,
        fields=fields,
        expected_version=expected_version,
        extra={"updated_at": timezone.now()},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=project,
        summary=f"changed: {', '.join(changed) or 'nothing'}",
        request=request,
    )
    return project


@transaction.atomic
def project_remove(*, project: Project, actor: User, request=None) -> None:
    """A project recorded by mistake or abandoned before it started; its updates go with it.
    The audit event keeps the id and the association, not the content."""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=project,
        summary=f"project removed from association #{project.association_id}",
        request=request,
    )
    project.delete()


def need_matches_forget(*, need_id: int) -> None:
    """Drop the cached ranking of a need (after commit, so a reader cannot re-cache the old)."""
    from django.core.cache import cache

    from diaspora.matching import ranking_cache_key

    transaction.on_commit(lambda: cache.delete(ranking_cache_key(need_id)))


def _profiles_changed() -> None:
    from diaspora.matching import profiles_changed

    transaction.on_commit(profiles_changed)
