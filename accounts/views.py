"""Pages of the accounts app: login (throttled by django-axes), profile, audit trail."""

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts import otp
from accounts.backends import PATH as PORTAL_BACKEND
from accounts.forms import AuditFilterForm, EmailAuthenticationForm, OTPCodeForm, ProfileForm
from accounts.roles import MANAGER, STAFF_ROLES
from accounts.selectors import audit_event_rows
from cigem.pagination import page_by_position
from cigem.permissions import role_required


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if otp.confirmed_device(user) is None:
            return super().form_valid(form)
        # Password right; the session only opens once the code from the phone is right too.
        otp.pending_login_start(self.request, user)
        self.request.session["otp_next"] = self.get_success_url()
        return redirect("accounts:otp-verify")


def otp_verify(request):
    user = otp.pending_login_user(request)
    if user is None:
        messages.info(request, _("Log in with your email and password first."))
        return redirect("accounts:login")
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.confirmed_device(user)
        if device is not None and otp.code_verify(device=device, code=form.cleaned_data["code"]):
            next_url = request.session.pop("otp_next", None) or "/"
            otp.pending_login_clear(request)
            user.backend = PORTAL_BACKEND
            auth_login(request, user)
            return redirect(next_url)
        form.add_error("code", _("This code is not right, or it expired. Type the new one."))
    return render(request, "accounts/otp_verify.html", {"form": form})


@role_required(*STAFF_ROLES)
def otp_setup(request):
    user = request.user
    if otp.confirmed_device(user) is not None:
        return redirect("accounts:profile")
    device = otp.otp_device_prepare(user=user)
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.otp_device_confirm(
            user=user, device=device, code=form.cleaned_data["code"], request=request
        ):
            messages.success(request, _("Two-step login is on: a code will be asked each time."))
            return redirect("accounts:profile")
        form.add_error("code", _("This code is not right. Check the phone's time and try again."))
    context = {
        "form": form,
        "qr": otp.qr_data_uri(device),
        "secret": otp.secret_for_typing(device),
    }
    return render(request, "accounts/otp_setup.html", context)


@role_required(*STAFF_ROLES)
def otp_disable(request):
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.otp_device_remove(
            user=request.user, code=form.cleaned_data["code"], request=request
        ):
            messages.success(request, _("Two-step login is off."))
            return redirect("accounts:profile")
        form.add_error("code", _("This code is not right, or it expired. Type the new one."))
    return render(request, "accounts/otp_disable.html", {"form": form})


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
    context = {
        "form": form,
        "is_staff_role": bool(request.user.roles & set(STAFF_ROLES)),
        "two_factor": otp.confirmed_device(request.user) is not None,
    }
    return render(request, "accounts/profile.html", context)


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
    page = page_by_position(request, audit_event_rows(**filters), per_page=50)
    return render(request, "accounts/audit_list.html", {"form": form, "page": page})
