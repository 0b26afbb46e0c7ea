"""Public pages of the diaspora app: figures, registration, email confirmation."""

import logging
import smtplib

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.services import client_ip
from diaspora import selectors, services
from diaspora.forms import NeedProposalForm, RegistrationForm
from diaspora.reference import COUNTRY_NAMES, Sector

logger = logging.getLogger(__name__)


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
        login(request, user, backend="accounts.backends.PortalBackend")
        messages.success(request, _("Your email address is confirmed. Now complete your profile."))
        return redirect("diaspora:me-edit")
    return render(request, "diaspora/confirm.html", {"person": user})


def need_propose(request):
    """A Malian institution proposes a need: no account, works without JavaScript, limited per
    connection. The need waits for staff review; nothing is matched before that."""
    form = NeedProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("diaspora:need-propose-sent")  # a robot: thanked, nothing kept
        if not services.need_proposal_allowed(ip=client_ip(request)):
            form.add_error(
                None,
                _("Too many proposals from this connection. Try again in an hour, or call us."),
            )
        else:
            services.need_propose(
                fields=form.model_fields(),
                skills=form.skill_list(),
                language=get_language() or "fr",
                request=request,
            )
            return redirect("diaspora:need-propose-sent")
    return render(request, "diaspora/need_propose.html", {"form": form})


def need_propose_sent(request):
    return render(request, "diaspora/need_propose_sent.html")


def deleted(request):
    return render(request, "diaspora/deleted.html")
