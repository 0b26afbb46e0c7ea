"""The diaspora member's own space: profile, CV, own data, missions, project progress."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AuditAction
from accounts.roles import DIASPORA_MEMBER
from accounts.services import audit_record
from cigem.permissions import role_required
from diaspora import selectors, services
from diaspora.forms import (
    CvForm,
    DeleteConfirmForm,
    ProfileForm,
    ProjectUpdateForm,
    skill_formset,
)
from diaspora.models import Member, MissionStatus


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


def cv_response(member: Member):
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
    return cv_response(_own_member(request))


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
