"""Staff pages of the diaspora app: directory, profiles, needs, matching, missions, associations."""

import logging
import smtplib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AuditAction
from accounts.roles import DIASPORA_MEMBER, MANAGER
from accounts.services import audit_record
from cigem.pagination import page_without_count
from cigem.permissions import role_required, user_has_role
from diaspora import matching, selectors, services
from diaspora.forms import (
    AssociationForm,
    DirectoryFilterForm,
    InviteForm,
    MissionMoveForm,
    NeedForm,
    NeedReviewForm,
    ProjectForm,
    ProposedNeedForm,
    RemoveConfirmForm,
)
from diaspora.models import NEED_MATCHABLE, NEED_MOVES, NeedOrigin, NeedStatus
from diaspora.pagination import keyset_page
from diaspora.permissions import DIASPORA_STAFF
from diaspora.views.member import cv_response

logger = logging.getLogger(__name__)

# The research app's `diaspora_members` data set accepts every filter of the directory
# (research/datasets.py applies them through selectors.directory_member_ids): the file holds
# the members the page shows. A test checks the two lists stay equal.
EXPORT_FILTERS = tuple(DirectoryFilterForm.base_fields)
EXPORT_DATASET = "diaspora_members"


@role_required(*DIASPORA_STAFF)
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = keyset_page(request, selectors.member_directory(**filters, lean=True))
    selectors.directory_rows(page.object_list)
    export = None
    if user_has_role(request.user, MANAGER):
        export = {
            "payload": {
                "dataset": EXPORT_DATASET,
                "filters": {k: v for k, v in filters.items() if k in EXPORT_FILTERS and v},
            },
        }
    return render(
        request, "diaspora/directory.html", {"form": form, "page": page, "export": export}
    )


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
    response = cv_response(member)
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
    status = request.GET.get("status", "")
    page = page_without_count(request, selectors.need_list(status=status))
    return render(
        request,
        "diaspora/need_list.html",
        {"page": page, "status": status, "proposed_count": selectors.need_proposed_count()},
    )


@role_required(*DIASPORA_STAFF)
def need_create(request):
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        need = services.need_create(
            fields=form.model_fields(),
            skills=form.skill_list(),
            created_by=request.user,
            request=request,
        )
        messages.success(request, _("The need was posted. Here are the members who fit it."))
        return redirect("diaspora:need-detail", pk=need.pk)
    return render(request, "diaspora/need_form.html", {"form": form})


@role_required(*DIASPORA_STAFF)
def need_detail(request, pk: int):
    need = selectors.need_get(pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        target=need,
        summary="matches viewed" if need.status in NEED_MATCHABLE else "need viewed",
        request=request,
    )
    return render(request, "diaspora/need_detail.html", _need_detail_context(need))


def _need_detail_context(need, *, review_form=None) -> dict:
    # A proposal waiting for review (or rejected) is matched with nobody: no ranking is run.
    matchable = need.status in NEED_MATCHABLE
    missions = list(selectors.need_missions(need)) if matchable else []
    current = NeedStatus(need.status)
    return {
        "need": need,
        "matchable": matchable,
        "matches": matching.need_matches(need) if matchable else [],
        "missions": missions,
        "taken": {m.member_id for m in missions},
        "invite_form": InviteForm(),
        "review_form": review_form or NeedReviewForm(),
        # The current status and the moves allowed from it, in the list's order.
        "statuses": [
            (value, label)
            for value, label in NeedStatus.choices
            if value == current or value in NEED_MOVES[current]
        ],
        # Reversed once for the 50 rows; the template appends the member's id.
        "member_base": reverse("diaspora:member-detail", args=[0])[: -len("0/")],
        "shortlist_base": reverse("diaspora:need-shortlist", args=[need.pk, 0])[: -len("0/")],
        "score_label": _("score"),
        "shortlist_label": _("Shortlist"),
        "taken_label": _("Already on the shortlist"),
    }


@role_required(*DIASPORA_STAFF)
@require_POST
def need_review(request, pk: int):
    """Accept an institution's proposal (it is matched from now on) or reject it with a reason;
    either way the institution is told by email. Errors re-show the need with what was typed."""
    need = selectors.need_get(pk)
    form = NeedReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.need_review(
                need=need,
                accept=accept,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        except (OSError, smtplib.SMTPException):
            logger.warning("diaspora need review: the email to the institution could not leave")
            form.add_error(
                None,
                _(
                    "The email to the institution could not be sent just now. Nothing was "
                    "changed: please try again in a few minutes."
                ),
            )
        else:
            messages.success(
                request,
                _("The need was accepted and the institution told. Here are the members who fit.")
                if accept
                else _("The need was rejected and the institution told why."),
            )
            return redirect("diaspora:need-detail", pk=need.pk)
    need = selectors.need_get(pk)
    return render(
        request, "diaspora/need_detail.html", _need_detail_context(need, review_form=form)
    )


@role_required(*DIASPORA_STAFF)
@require_POST
def need_shortlist(request, pk: int, member_pk: int):
    need = selectors.need_get(pk)
    # Score and reasons are recomputed, never taken from the form.
    if need.status not in NEED_MATCHABLE:
        raise Http404  # a proposal not accepted shows no matches: there is nobody to shortlist
    match = next(iter(matching.need_matches(need, member_id=member_pk)), None)
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
            "can_remove": user_has_role(request.user, MANAGER),
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
            fields=form.model_fields(), actor=request.user, request=request
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
            association=association, fields=form.model_fields(), actor=request.user, request=request
        )
        messages.success(request, _("The project was recorded."))
        return redirect("diaspora:association-detail", pk=association.pk)
    return render(request, "diaspora/project_form.html", {"form": form, "association": association})


@role_required(*DIASPORA_STAFF)
@require_POST
def need_status(request, pk: int):
    need = selectors.need_get(pk)
    status = request.POST.get("status", "")
    if status == need.status:
        return redirect("diaspora:need-detail", pk=need.pk)
    # Closing takes the need off the list of open needs: a page asks first (no script needed).
    if (
        status == NeedStatus.CLOSED
        and status in NEED_MOVES[NeedStatus(need.status)]
        and request.POST.get("confirmed") != "yes"
    ):
        return render(
            request,
            "diaspora/need_close_confirm.html",
            {"need": need, "missions": selectors.need_missions(need).exclude(status="shortlisted")},
        )
    try:
        # Accepting or rejecting a proposal goes through the review (it writes to the
        # institution): this form only moves needs already accepted.
        if need.status == NeedStatus.PROPOSED:
            raise services.NeedMoveError(
                _("Accept or reject the proposal with the buttons of the review box.")
            )
        services.need_set_status(need=need, status=status, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The need's status was changed."))
    return redirect("diaspora:need-detail", pk=need.pk)


def _edit(request, *, form, save, template: str, context: dict):
    """The edit pages' shared flow: validate, save with the stale-edit check, keep what was
    typed on any refusal. Returns a response, or None once saved."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except services.StaleEdit as exc:
            form.stale(exc.current)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                form.add_error(None, exc.messages)
            else:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        else:
            return None
    return render(request, template, {"form": form, **context})


@role_required(*DIASPORA_STAFF)
def need_edit(request, pk: int):
    need = selectors.need_get(pk)
    form_class = ProposedNeedForm if need.origin == NeedOrigin.INSTITUTION else NeedForm
    form = form_class(request.POST or None, instance=selectors.need_get(pk))
    response = _edit(
        request,
        form=form,
        save=lambda f: services.need_edit(
            need=need,
            fields=f.model_fields(),
            skills=f.skill_list(),
            expected_version=f.cleaned_data["version"] or 0,
            actor=request.user,
            request=request,
        ),
        template="diaspora/need_form.html",
        context={"need": need},
    )
    if response is not None:
        return response
    messages.success(request, _("The need was saved."))
    return redirect("diaspora:need-detail", pk=need.pk)


@role_required(*DIASPORA_STAFF)
def association_edit(request, pk: int):
    association = selectors.association_get(pk)
    form = AssociationForm(request.POST or None, instance=selectors.association_get(pk))
    response = _edit(
        request,
        form=form,
        save=lambda f: services.association_edit(
            association=association,
            fields=f.model_fields(),
            expected_version=f.cleaned_data["version"] or 0,
            actor=request.user,
            request=request,
        ),
        template="diaspora/association_form.html",
        context={"association": association},
    )
    if response is not None:
        return response
    messages.success(request, _("The association was saved."))
    return redirect("diaspora:association-detail", pk=association.pk)


@role_required(*DIASPORA_STAFF)
def project_edit(request, pk: int):
    project = selectors.project_get(pk)
    form = ProjectForm(request.POST or None, instance=selectors.project_get(pk))
    response = _edit(
        request,
        form=form,
        save=lambda f: services.project_edit(
            project=project,
            fields=f.model_fields(),
            expected_version=f.cleaned_data["version"] or 0,
            actor=request.user,
            request=request,
        ),
        template="diaspora/project_form.html",
        context={"association": project.association, "project": project},
    )
    if response is not None:
        return response
    messages.success(request, _("The project was saved."))
    return redirect("diaspora:association-detail", pk=project.association_id)


# Removing a project deletes its history of progress updates: managers only.
@role_required(MANAGER)
def project_remove(request, pk: int):
    project = selectors.project_get(pk)
    # An empty POST (box left unticked) must still be a bound form that shows the error.
    form = RemoveConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        association_id = project.association_id
        services.project_remove(project=project, actor=request.user, request=request)
        messages.success(request, _("The project was removed."))
        return redirect("diaspora:association-detail", pk=association_id)
    return render(request, "diaspora/project_remove.html", {"form": form, "project": project})
