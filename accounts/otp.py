"""Optional second factor for staff: a TOTP code from a phone app, after the password.

django-otp keeps the devices and checks codes (with its throttling); this module holds the
two-step login state and the set-up, so views stay thin.
"""

import base64
import io
import time

from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from accounts.models import AuditAction, User
from accounts.services import audit_record

PENDING_KEY = "otp_pending_user"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_login_start(request, user: User) -> None:
    request.session[PENDING_KEY] = {"id": user.pk, "at": int(time.time())}


def pending_login_user(request) -> User | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > settings.OTP_LOGIN_WINDOW_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    return User.objects.filter(pk=pending["id"], is_active=True).first()


def pending_login_clear(request) -> None:
    request.session.pop(PENDING_KEY, None)


def code_verify(*, device: TOTPDevice, code: str) -> bool:
    code = (code or "").strip().replace(" ", "")
    return code.isdigit() and device.verify_token(code)


@transaction.atomic
def otp_device_prepare(*, user: User) -> TOTPDevice:
    """The device being set up: unconfirmed until the person types a first valid code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=False)


@transaction.atomic
def otp_device_confirm(*, user: User, device: TOTPDevice, code: str, request=None) -> bool:
    if not code_verify(device=device, code=code):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        target=user,
        summary="two-factor authentication enabled",
        request=request,
    )
    return True


@transaction.atomic
def otp_device_remove(*, user: User, code: str, request=None) -> bool:
    device = confirmed_device(user)
    if device is None or not code_verify(device=device, code=code):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        target=user,
        summary="two-factor authentication disabled",
        request=request,
    )
    return True


def qr_data_uri(device: TOTPDevice) -> str:
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for apps where the QR code cannot be scanned."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def current_code(device: TOTPDevice) -> str:
    """The code the device shows now (tests use it to play the phone's part)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
