"""Webhooks the SMS gateway calls: inbound messages (opt-out words) and delivery receipts.

Both carry the GSMA OneAPI notification bodies that Orange's SMS API posts. Orange does not sign
them; the centre's gateway relay adds `X-Cigem-Signature: sha256=<hex HMAC-SHA256 of the raw
body with SMS_WEBHOOK_SECRET>`, and anything unsigned or wrongly signed is refused with 403.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from campaigns.sending import receipt_apply
from campaigns.services import inbound_sms_receive


def sign(body: bytes, secret: str | None = None) -> str:
    secret = settings.SMS_WEBHOOK_SECRET if secret is None else secret
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _verified_json(request):
    secret = settings.SMS_WEBHOOK_SECRET
    given = request.headers.get("X-Cigem-Signature", "")
    if not secret or not hmac.compare_digest(given, sign(request.body, secret)):
        return None, HttpResponseForbidden("bad signature")
    try:
        return json.loads(request.body), None
    except ValueError:
        return None, HttpResponseBadRequest("not JSON")


@csrf_exempt
@require_POST
def sms_inbound(request):
    data, error = _verified_json(request)
    if error:
        return error
    try:
        message = data["inboundSMSMessageNotification"]["inboundSMSMessage"]
        sender, text = message["senderAddress"], message["message"]
    except (KeyError, TypeError):
        return HttpResponseBadRequest("not an inbound SMS notification")
    inbound_sms_receive(sender=str(sender), text=str(text))
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def sms_receipt(request):
    data, error = _verified_json(request)
    if error:
        return error
    try:
        notification = data["deliveryInfoNotification"]
        key = notification["callbackData"]
        status = notification["deliveryInfo"]["deliveryStatus"]
    except (KeyError, TypeError):
        return HttpResponseBadRequest("not a delivery notification")
    receipt_apply(key=str(key), status=str(status))
    return HttpResponse(status=204)
