"""Pages of the accounts app: login (throttled by django-axes), profile, audit trail."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts.forms import AuditFilterForm, EmailAuthenticationForm, ProfileForm
from accounts.roles import MANAGER
from accounts.selectors import audit_event_list
from cigem.pagination import page_without_count
from cigem.permissions import role_required


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@role_required(MANAGER)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_email": data["actor"] or "",
            "action": data["action"] or "",
            "object_type": data["object_type"] or "",
            "object_id": data["object_id"] or "",
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    page = page_without_count(request, audit_event_list(**filters), per_page=50)
    return render(request, "accounts/audit_list.html", {"form": form, "page": page})
