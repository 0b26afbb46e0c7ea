"""Pages of the campaigns app: public sign-up and opt-out, campaigns and subscribers for staff."""

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import AuditAction
from accounts.roles import CAMPAIGN_MANAGER, COUNSELLOR, MANAGER
from accounts.services import audit_record, client_ip
from campaigns import selectors, sending, services
from campaigns.forms import (
    CampaignFilterForm,
    CampaignForm,
    CounsellorSubscribeForm,
    ImportForm,
    LinkForm,
    SubscribeForm,
    SubscriberFilterForm,
    TestSendForm,
)
from campaigns.models import (
    MESSAGE_LANGUAGES,
    Campaign,
    CampaignLink,
    CampaignStatus,
    ConsentMethod,
    Subscriber,
    SubscriberSource,
    SubscriberStatus,
)
from campaigns.segments import sms_length
from cigem import throttle
from cigem.pagination import page_without_count
from cigem.permissions import role_required

CAMPAIGN_ROLES = (CAMPAIGN_MANAGER, MANAGER)


def throttled(request, address: str, *, per_address: int = 5, per_ip: int = 30) -> bool:
    """Count sign-ups per address and per IP over an hour (`cigem.throttle`)."""
    to_address = throttle.hit("subscribe-address", str(address))
    from_ip = throttle.hit("subscribe-ip", client_ip(request))
    return to_address > per_address or from_ip > per_ip


# --- Public -----------------------------------------------------------------------------------


def subscribe_public(request):
    form = SubscribeForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if throttled(request, data["phone"] or data["email"]):
            form.add_error(None, _("Too many sign-ups from here. Try again in an hour."))
        else:
            try:
                services.subscribe(
                    phone=data["phone"],
                    email=data["email"],
                    language=data["language"],
                    region_code=data["region"] or None,
                    interests=data["interests"],
                    source=SubscriberSource.PUBLIC_FORM,
                    consent_text_version=settings.CAMPAIGNS_CONSENT_TEXT_VERSION,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("campaigns:subscribe-thanks")
    return render(request, "campaigns/subscribe.html", {"form": form})


def subscribe_thanks(request):
    return render(request, "campaigns/subscribe_thanks.html")


def confirm(request, token):
    subscriber = services.subscriber_from_token(token, purpose="confirm")
    if subscriber is None:
        return render(request, "campaigns/link_invalid.html", status=404)
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber)
        return render(request, "campaigns/confirmed.html")
    return render(request, "campaigns/confirm.html", {"subscriber": subscriber})


@csrf_exempt  # RFC 8058 one-click: mail clients POST without our CSRF token; the token is secret.
def unsubscribe(request, token):
    subscriber = services.subscriber_from_token(token, purpose="unsubscribe")
    if subscriber is None:
        return render(request, "campaigns/link_invalid.html", status=404)
    if request.method == "POST":
        services.subscriber_unsubscribe(
            subscriber=subscriber, method=ConsentMethod.EMAIL_LINK, detail="unsubscribe link"
        )
        return render(request, "campaigns/unsubscribed.html")
    return render(request, "campaigns/unsubscribe.html", {"subscriber": subscriber})


def short_link(request, code):
    link = CampaignLink.objects.filter(code=code).first()
    if link is None:
        raise Http404
    CampaignLink.objects.filter(pk=link.pk).update(clicks=F("clicks") + 1)
    return HttpResponseRedirect(link.target)


# --- Campaigns --------------------------------------------------------------------------------


@role_required(*CAMPAIGN_ROLES)
def campaign_list(request):
    form = CampaignFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.campaign_list(status=filters.get("status", ""), search=filters.get("q", ""))
    page = page_without_count(request, qs)
    return render(request, "campaigns/campaign_list.html", {"form": form, "page": page})


def _campaign_or_404(pk) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("created_by", "approved_by"), pk=pk)


@role_required(*CAMPAIGN_ROLES)
def campaign_edit(request, pk=None):
    campaign = _campaign_or_404(pk) if pk else None
    if campaign and campaign.status != CampaignStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect(campaign_detail_url(campaign))
    if campaign:
        initial = CampaignForm.initial_for(campaign)
    else:
        start, end = services.default_quiet_hours()
        initial = {"quiet_start": start, "quiet_end": end}
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_save(
                actor=request.user,
                campaign=campaign,
                name=data["name"],
                topic=data["topic"],
                channel=data["channel"],
                audience=form.audience(),
                messages=form.messages(),
                send_at=data["send_at"],
                quiet_start=data["quiet_start"],
                quiet_end=data["quiet_end"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The campaign was saved."))
            return redirect(campaign_detail_url(campaign))
    count = selectors.audience_count(
        form.audience()
        if form.is_bound and form.is_valid()
        else (campaign.audience if campaign else {}),
        (form.cleaned_data.get("channel") if form.is_bound and form.is_valid() else None)
        or (campaign.channel if campaign else "sms"),
    )
    return render(
        request,
        "campaigns/campaign_form.html",
        {
            "form": form,
            "campaign": campaign,
            "count": count,
            "languages": MESSAGE_LANGUAGES,
            "threshold": settings.CAMPAIGNS_APPROVAL_THRESHOLD,
        },
    )


def campaign_detail_url(campaign) -> str:
    from django.urls import reverse

    return reverse("campaigns:campaign-detail", args=[campaign.pk])


@role_required(*CAMPAIGN_ROLES)
def campaign_detail(request, pk):
    campaign = _campaign_or_404(pk)
    draft = campaign.status == CampaignStatus.DRAFT
    count = selectors.audience_count(campaign.audience, campaign.channel) if draft else None
    context = {
        "campaign": campaign,
        "progress": selectors.campaign_progress(campaign),
        "reasons": selectors.failure_reasons(campaign),
        "messages_by_language": list(campaign.messages.all()),
        "count": count,
        "needs_approval": draft and services.campaign_needs_approval(campaign, count),
        "duplicate": services.duplicate_of(campaign) if draft else None,
        "links": list(campaign.links.all()),
        "link_form": LinkForm(),
        "site_url": settings.SITE_URL,
        "test_form": TestSendForm(
            initial={"channel": "email" if campaign.channel == "email" else "sms"}
        ),
        "quiet": sending.in_quiet_hours(campaign),
        "quiet_end": sending.quiet_hours_end(campaign),
    }
    return render(request, "campaigns/campaign_detail.html", context)


@role_required(*CAMPAIGN_ROLES)
def campaign_progress(request, pk):
    """The progress block alone, polled by htmx every few seconds while the campaign sends."""
    campaign = _campaign_or_404(pk)
    return render(
        request,
        "campaigns/_progress.html",
        {"campaign": campaign, "progress": selectors.campaign_progress(campaign)},
    )


ACTIONS = {
    "launch": services.campaign_launch,
    "approve": services.campaign_approve,
    "pause": services.campaign_pause,
    "resume": services.campaign_resume,
    "cancel": services.campaign_cancel,
    "resend": services.campaign_resend_failed,
}


@role_required(*CAMPAIGN_ROLES)
@require_POST
def campaign_action(request, pk, action):
    campaign = _campaign_or_404(pk)
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    kwargs = {"campaign": campaign, "actor": request.user, "request": request}
    if action == "launch":
        kwargs["confirm_duplicate"] = request.POST.get("confirm_duplicate") == "1"
    try:
        result = service(**kwargs)
    except services.CampaignError as exc:
        messages.error(request, str(exc))
    else:
        done = {
            "launch": _("The campaign was launched."),
            "approve": _("The campaign was approved."),
            "pause": _("The campaign is paused."),
            "resume": _("Sending has resumed."),
            "cancel": _("The campaign was cancelled."),
            "resend": _("%(n)s failed messages will be sent again.") % {"n": result}
            if action == "resend"
            else "",
        }[action]
        messages.success(request, done)
    return redirect(campaign_detail_url(campaign))


@role_required(*CAMPAIGN_ROLES)
@require_POST
def campaign_test_send(request, pk):
    campaign = _campaign_or_404(pk)
    form = TestSendForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        address = data["phone"] if data["channel"] == "sms" else request.user.email
        try:
            sending.test_send(
                campaign=campaign,
                language=data["language"],
                channel=data["channel"],
                address=address,
            )
        except Exception as exc:  # the provider's error, shown to the person testing
            messages.error(request, _("The test could not be sent: %(error)s") % {"error": exc})
        else:
            messages.success(request, _("A test was sent to %(address)s.") % {"address": address})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(campaign_detail_url(campaign))


@role_required(*CAMPAIGN_ROLES)
def segment_counter(request):
    """Live SMS length for the campaign form (htmx posts the textarea on each pause in typing)."""
    field = next((k for k in request.POST if k.startswith("sms_text_")), "")
    info = sms_length(request.POST.get(field, ""))
    return render(request, "campaigns/_segments.html", {"info": info})


@role_required(*CAMPAIGN_ROLES)
def audience_counter(request):
    form = CampaignForm(request.GET)
    form.is_valid()  # audience fields validate on their own; the rest may be empty here
    audience = {
        k: form.cleaned_data.get(k) or []
        for k in ("regions", "languages", "interests", "sources")
        if k not in form.errors
    }
    channel = form.cleaned_data.get("channel") or "sms"
    count = selectors.audience_count(audience, channel)
    return render(
        request,
        "campaigns/_audience_count.html",
        {"count": count, "threshold": settings.CAMPAIGNS_APPROVAL_THRESHOLD},
    )


# --- Subscribers ------------------------------------------------------------------------------


@role_required(*CAMPAIGN_ROLES)
def subscriber_list(request):
    form = SubscriberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.subscriber_list(search=filters.get("q", ""), status=filters.get("status", ""))
    page = page_without_count(request, qs)
    if filters.get("q"):
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="campaigns.subscriber",
            summary="Subscriber search",
            request=request,
        )
    return render(request, "campaigns/subscriber_list.html", {"form": form, "page": page})


@role_required(*CAMPAIGN_ROLES)
def subscriber_detail(request, pk):
    subscriber = get_object_or_404(Subscriber.objects.select_related("region"), pk=pk)
    if request.method == "POST" and request.POST.get("action") == "unsubscribe":
        services.subscriber_unsubscribe(
            subscriber=subscriber,
            method=ConsentMethod.STAFF,
            actor=request.user,
            detail="staff",
            request=request,
        )
        messages.success(request, _("The person will receive no more messages."))
        return redirect("campaigns:subscriber-detail", pk=pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=subscriber, request=request)
    events = subscriber.events.select_related("actor")[:50]
    return render(
        request,
        "campaigns/subscriber_detail.html",
        {"subscriber": subscriber, "events": events, "unsubscribed": SubscriberStatus.UNSUBSCRIBED},
    )


@role_required(COUNSELLOR, *CAMPAIGN_ROLES)
def subscriber_add(request):
    """A counsellor subscribes a person who agreed at the desk."""
    form = CounsellorSubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            subscriber = services.subscribe(
                phone=data["phone"],
                email=data["email"],
                language=data["language"],
                region_code=data["region"] or None,
                interests=data["interests"],
                source=SubscriberSource.COUNSELLOR,
                consent_text_version=settings.CAMPAIGNS_CONSENT_TEXT_VERSION,
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            audit_record(
                actor=request.user,
                action=AuditAction.CREATE,
                target=subscriber,
                summary="Subscribed at the desk",
                request=request,
            )
            messages.success(request, _("The person is subscribed."))
            return redirect("campaigns:subscriber-add")
    return render(request, "campaigns/subscriber_add.html", {"form": form})


@role_required(*CAMPAIGN_ROLES)
def subscriber_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            try:
                report = services.subscriber_import(
                    lines=io.StringIO(text),
                    actor=request.user,
                    consent_text_version=form.cleaned_data["consent_text_version"],
                    request=request,
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                if request.POST.get("refused_csv") and report["refused"]:
                    return _refused_csv(report["refused"])
    return render(request, "campaigns/subscriber_import.html", {"form": form, "report": report})


def _refused_csv(refused) -> HttpResponse:
    # defusedcsv neutralises cells that a spreadsheet would run as a formula.
    from defusedcsv import csv as safe_csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="refused-lines.csv"'
    writer = safe_csv.writer(response)
    writer.writerow(["line", "phone", "email", "language", "region", "interests", "reason"])
    for number, values, reason in refused:
        writer.writerow(
            [
                number,
                *(values.get(k, "") for k in ("phone", "email", "language", "region", "interests")),
                reason,
            ]
        )
    return response


@role_required(*CAMPAIGN_ROLES)
@require_POST
def campaign_link_add(request, pk):
    campaign = _campaign_or_404(pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        link = services.campaign_link_add(
            campaign=campaign,
            target=form.cleaned_data["target"],
            actor=request.user,
            request=request,
        )
        messages.success(
            request, _("Short link: %(url)s") % {"url": f"{settings.SITE_URL}/l/{link.code}/"}
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(campaign_detail_url(campaign))
