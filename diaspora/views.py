"""Pages of the diaspora app: public figures, registration, the member's space, staff tools."""

import json
import logging
import smtplib

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AuditAction
from accounts.roles import COUNSELLOR, DIASPORA_MEMBER, MANAGER
from accounts.services import audit_record, client_ip
from cigem.pagination import page_without_count
from cigem.permissions import role_required, user_has_role
from diaspora import selectors, services
from diaspora.forms import (
    AssociationForm,
    CvForm,
    DeleteConfirmForm,
    DirectoryFilterForm,
    InviteForm,
    MissionMoveForm,
    NeedForm,
    ProfileForm,
    ProjectForm,
    ProjectUpdateForm,
    RegistrationForm,
    skill_formset,
)
from diaspora.models import Member, MissionStatus, NeedStatus
from diaspora.reference import COUNTRY_NAMES, Sector

logger = logging.getLogger(__name__)

# Staff who work with the diaspora: counsellors and managers (least privilege: editors,
# campaign managers and researchers do not see members' profiles).
DIASPORA_STAFF = (COUNSELLOR, MANAGER)


# --- public --------------------------------------------------------------------------------


def public(request):
    counts = selectors.public_counts()
    rows = [
        {**row, "name": COUNTRY_NAMES.get(row["country"], row["country"])} for row in counts["rows"]
    ]
    sectors = [Sector(code).label for code in counts["sectors"]]
    return render(
        request,
        "diaspora/public.html",
        {"counts": counts, "rows": rows, "sectors": sectors, "threshold": selectors.SUPPRESS_BELOW},
    )


def register(request):
    if request.user.is_authenticated:
        return redirect("diaspora:me")
    form = RegistrationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and not services.registration_allowed(
            ip=client_ip(request), email=form.cleaned_data["email"]
        )
    ):
        form.add_error(
            None,
            _("Too many attempts from this connection or for this address. Try again in an hour."),
        )
    if request.method == "POST" and form.is_valid() and form.unconfirmed_user is not None:
        # The same page as a new registration: it tells nobody whether the address was known.
        services.member_confirmation_resend(user=form.unconfirmed_user, request=request)
        request.session["diaspora_registered_email"] = form.cleaned_data["email"]
        return redirect("diaspora:register-sent")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_register(
                email=data["email"],
                full_name=data["full_name"],
                password=data["password1"],
                preferred_language=data["preferred_language"],
                news_opt_in=data["news_opt_in"],
                request=request,
            )
        except (OSError, smtplib.SMTPException):
            # Nothing was kept (the email is sent inside the transaction): say so, keep the form.
            logger.warning("diaspora registration: confirmation email could not be sent")
            form.add_error(
                None,
                _(
                    "We could not send the confirmation email just now. Nothing was recorded: "
                    "please try again in a few minutes."
                ),
            )
        else:
            request.session["diaspora_registered_email"] = data["email"]
            return redirect("diaspora:register-sent")
    return render(request, "diaspora/register.html", {"form": form})


def register_sent(request):
    return render(
        request,
        "diaspora/register_sent.html",
        {"email": request.session.get("diaspora_registered_email", "")},
    )


def confirm(request, uidb64: str, token: str):
    """GET shows a button, POST activates: mail scanners that open links activate nothing."""
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    valid = user is not None and services.email_confirmation_token.check_token(user, token)
    if not valid:
        return render(request, "diaspora/confirm_invalid.html", status=400)
    if request.method == "POST":
        services.member_confirm(user=user, request=request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your email address is confirmed. Now complete your profile."))
        return redirect("diaspora:me-edit")
    return render(request, "diaspora/confirm.html", {"person": user})


# --- the member's own space -----------------------------------------------------------------


def _own_member(request) -> Member:
    # Someone given the member role by other means than registration (admin, demo) gets an
    # empty profile the first time, rather than a 404 on their own space.
    services.member_ensure(user=request.user)
    return selectors.member_of(request.user)


@role_required(DIASPORA_MEMBER)
def me(request):
    member = _own_member(request)
    return render(
        request,
        "diaspora/me.html",
        {
            "member": member,
            "completeness": selectors.member_completeness(member),
            "missions": selectors.member_missions(member),
            "projects": selectors.member_projects(member),
            "cv_form": CvForm(),
        },
    )


@role_required(DIASPORA_MEMBER)
def me_edit(request):
    member = _own_member(request)
    initial = {
        "languages": [lang.language for lang in member.languages.all()],
        "associations": [m.association for m in member.memberships.all()],
    }
    form = ProfileForm(request.POST or None, instance=member, initial=initial)
    skills = skill_formset(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid() and skills.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
        services.member_update(
            member=member,
            fields=fields,
            skills=[(row["name"], row["level"]) for row in skills.cleaned_data if row],
            languages=form.cleaned_data["languages"],
            associations=form.cleaned_data["associations"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("Your profile was saved."))
        return redirect("diaspora:me")
    return render(request, "diaspora/me_edit.html", {"form": form, "skills": skills})


@role_required(DIASPORA_MEMBER)
@require_POST
def me_cv_upload(request):
    member = _own_member(request)
    form = CvForm(request.POST, request.FILES)
    if form.is_valid():
        services.member_cv_set(
            member=member, upload=form.cleaned_data["cv"], actor=request.user, request=request
        )
        messages.success(request, _("Your CV was saved."))
        return redirect("diaspora:me")
    return render(
        request,
        "diaspora/me.html",
        {
            "member": member,
            "completeness": selectors.member_completeness(member),
            "missions": selectors.member_missions(member),
            "projects": selectors.member_projects(member),
            "cv_form": form,
        },
        status=400,
    )


@role_required(DIASPORA_MEMBER)
@require_POST
def me_cv_delete(request):
    member = _own_member(request)
    services.member_cv_delete(member=member, actor=request.user, request=request)
    messages.success(request, _("Your CV was deleted."))
    return redirect("diaspora:me")


def _cv_response(member: Member):
    if not member.cv:
        raise Http404
    try:
        handle = member.cv.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=f"cv-{member.pk}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(DIASPORA_MEMBER)
def me_cv_download(request):
    return _cv_response(_own_member(request))


@role_required(DIASPORA_MEMBER)
def me_download(request):
    member = _own_member(request)
    data = selectors.member_export_data(member)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=member,
        summary="own data download",
        request=request,
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="cigem-diaspora-{member.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(DIASPORA_MEMBER)
def me_delete(request):
    member = _own_member(request)
    form = DeleteConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.member_erase(member=member, request=request)
        # The account is gone; end the session that pointed at it.
        request.session.flush()
        return redirect("diaspora:deleted")
    return render(request, "diaspora/me_delete.html", {"form": form, "member": member})


def deleted(request):
    return render(request, "diaspora/deleted.html")


@role_required(DIASPORA_MEMBER)
def my_mission(request, pk: int):
    mission = selectors.member_mission_of(request.user, pk)
    if mission.status == MissionStatus.SHORTLISTED:
        raise Http404  # not offered yet
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer in ("accept", "decline"):
            try:
                services.mission_respond(
                    mission=mission, accept=answer == "accept", actor=request.user, request=request
                )
                messages.success(
                    request,
                    _("Thank you: the centre will contact you.")
                    if answer == "accept"
                    else _("Your answer was recorded."),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        return redirect("diaspora:my-mission", pk=mission.pk)
    return render(request, "diaspora/my_mission.html", {"mission": mission})


@role_required(DIASPORA_MEMBER)
def project_update(request, pk: int):
    project = selectors.project_for_member(request.user, pk)
    form = ProjectUpdateForm(request.POST or None, initial={"amount_raised": project.amount_raised})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.project_update_add(
            project=project,
            text=data["text"],
            date=data["date"],
            amount_raised=data["amount_raised"],
            status=data["status"],
            author=request.user,
            request=request,
        )
        messages.success(request, _("The progress update was published."))
        return redirect("diaspora:me")
    return render(
        request,
        "diaspora/project_update.html",
        {"form": form, "project": selectors.project_get(project.pk)},
    )


# --- staff ----------------------------------------------------------------------------------


@role_required(*DIASPORA_STAFF)
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_without_count(request, selectors.member_directory(**filters))
    return render(request, "diaspora/directory.html", {"form": form, "page": page})


@role_required(*DIASPORA_STAFF)
def member_detail(request, pk: int):
    member = selectors.member_for_staff(pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=member,
        summary="profile viewed",
        request=request,
    )
    return render(
        request,
        "diaspora/member_detail.html",
        {"member": member, "completeness": selectors.member_completeness(member)},
    )


@role_required(*DIASPORA_STAFF)
def member_cv(request, pk: int):
    member = selectors.member_for_staff(pk)
    response = _cv_response(member)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=member,
        summary="CV downloaded",
        request=request,
    )
    return response


@role_required(*DIASPORA_STAFF)
def need_list(request):
    page = page_without_count(request, selectors.need_list(status=request.GET.get("status", "")))
    return render(request, "diaspora/need_list.html", {"page": page})


@role_required(*DIASPORA_STAFF)
def need_create(request):
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in NeedForm.Meta.fields}
        fields["languages"] = form.cleaned_data["languages"]
        need = services.need_create(
            fields=fields, skills=form.skill_list(), created_by=request.user, request=request
        )
        messages.success(request, _("The need was posted. Here are the members who fit it."))
        return redirect("diaspora:need-detail", pk=need.pk)
    return render(request, "diaspora/need_form.html", {"form": form})


@role_required(*DIASPORA_STAFF)
def need_detail(request, pk: int):
    need = selectors.need_get(pk)
    missions = list(selectors.need_missions(need))
    taken = {m.member_id for m in missions}
    matches = selectors.need_matches(need)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=need,
        summary="matches viewed",
        request=request,
    )
    return render(
        request,
        "diaspora/need_detail.html",
        {
            "need": need,
            "matches": matches,
            "missions": missions,
            "taken": taken,
            "invite_form": InviteForm(),
            "statuses": NeedStatus.choices,
        },
    )


@role_required(*DIASPORA_STAFF)
@require_POST
def need_shortlist(request, pk: int, member_pk: int):
    need = selectors.need_get(pk)
    # Score and reasons are recomputed, never taken from the form.
    match = next(iter(selectors.need_matches(need, member_id=member_pk)), None)
    if match is None:
        raise Http404
    services.mission_shortlist(
        need=need,
        member=match,
        score=match.score,
        reasons=match.reasons,
        actor=request.user,
        request=request,
    )
    messages.success(request, _("Member shortlisted."))
    return redirect("diaspora:need-detail", pk=need.pk)


@role_required(*DIASPORA_STAFF)
@require_POST
def mission_invite(request, pk: int):
    mission = selectors.mission_for_staff(pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.mission_invite(
                mission=mission,
                message=form.cleaned_data["message"],
                actor=request.user,
                request=request,
            )
            messages.success(request, _("The invitation was sent by email."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("diaspora:need-detail", pk=mission.need_id)


@role_required(*DIASPORA_STAFF)
@require_POST
def mission_move(request, pk: int):
    mission = selectors.mission_for_staff(pk)
    form = MissionMoveForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.mission_move(
                    mission=mission,
                    to=form.cleaned_data["to"],
                    outcome=form.cleaned_data["outcome"],
                    actor=request.user,
                    request=request,
                )
            messages.success(request, _("The mission was updated."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("diaspora:need-detail", pk=mission.need_id)


@role_required(*DIASPORA_STAFF, DIASPORA_MEMBER)
def association_list(request):
    page = page_without_count(request, selectors.association_list())
    return render(
        request,
        "diaspora/association_list.html",
        {"page": page, "can_edit": user_has_role(request.user, *DIASPORA_STAFF)},
    )


@role_required(*DIASPORA_STAFF, DIASPORA_MEMBER)
def association_detail(request, pk: int):
    association = selectors.association_get(pk)
    is_staff = user_has_role(request.user, *DIASPORA_STAFF)
    return render(
        request,
        "diaspora/association_detail.html",
        {
            "association": association,
            "projects": selectors.project_list(association=association),
            # Contacts and the list of members are for the centre's staff, not for other members.
            "show_contact": is_staff,
            "memberships": selectors.association_memberships(association) if is_staff else (),
        },
    )


@role_required(*DIASPORA_STAFF)
@require_POST
def membership_confirm(request, pk: int):
    membership = selectors.membership_for_staff(pk)
    services.membership_confirm(membership=membership, actor=request.user, request=request)
    messages.success(request, _("The membership was confirmed."))
    return redirect("diaspora:member-detail", pk=membership.member_id)


@role_required(*DIASPORA_STAFF)
def association_create(request):
    form = AssociationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        association = services.association_create(
            fields=form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, _("The association was recorded."))
        return redirect("diaspora:association-detail", pk=association.pk)
    return render(request, "diaspora/association_form.html", {"form": form})


@role_required(*DIASPORA_STAFF)
def project_create(request, pk: int):
    association = selectors.association_get(pk)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.project_create(
            association=association, fields=form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, _("The project was recorded."))
        return redirect("diaspora:association-detail", pk=association.pk)
    return render(request, "diaspora/project_form.html", {"form": form, "association": association})


@role_required(*DIASPORA_STAFF)
@require_POST
def need_status(request, pk: int):
    need = selectors.need_get(pk)
    status = request.POST.get("status", "")
    if status in NeedStatus.values:
        services.need_set_status(need=need, status=status, actor=request.user, request=request)
        messages.success(request, _("The need's status was changed."))
    return redirect("diaspora:need-detail", pk=need.pk)
