"""Where messages leave the portal: files, nothing, an Orange-style HTTP SMS API, or email.

Every provider takes an `Outbound` and returns the provider's id for it, or raises `SendError`
saying whether a retry may help. The idempotency key of the delivery travels with each message
so a gateway that already accepted it can answer with the same id instead of sending again.
"""

import base64
import contextlib
import http.client
import json
import smtplib
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


@dataclass(frozen=True)
class Outbound:
    key: str  # idempotency key, stable for one delivery across every attempt
    channel: str  # "sms" or "email"
    to: str
    text: str
    subject: str = ""
    unsubscribe_url: str = ""


class SendError(Exception):
    def __init__(self, reason: str, *, retryable: bool):
        super().__init__(reason)
        self.reason = reason[:200]
        self.retryable = retryable


class Provider:
    name = "base"
    channel = "sms"

    def send(self, message: Outbound) -> str:
        raise NotImplementedError

    def close(self) -> None:
        """Release connections kept open for a batch."""


class NullProvider(Provider):
    """Accepts everything and sends nothing: for benchmarks and dry runs."""

    name = "null"

    def send(self, message: Outbound) -> str:
        return f"null-{message.key}"


class FileSmsProvider(Provider):
    """Writes one JSON file per message under OUTBOX_DIR/sms (the embedded default).

    The file is named after the idempotency key, so a second attempt rewrites the same file.
    """

    name = "file"

    def __init__(self):
        self.directory = Path(settings.OUTBOX_DIR) / "sms"
        self.directory.mkdir(parents=True, exist_ok=True)

    def send(self, message: Outbound) -> str:
        path = self.directory / f"{message.key}.json"
        payload = {"to": message.to, "text": message.text, "key": message.key}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return f"file-{message.key}"


class OrangeSmsProvider(Provider):
    """Orange SMS API (GSMA OneAPI shape), as sold by Orange Mali to businesses.

    1. `POST {base}/oauth/v3/token` with HTTP Basic client_id:client_secret and
       `grant_type=client_credentials` → `{"access_token", "token_type": "Bearer", "expires_in"}`.
    2. `POST {base}/smsmessaging/v1/outbound/{urlencoded sender}/requests` with the bearer token
       and `{"outboundSMSMessageRequest": {"address": "tel:+223…", "senderAddress": "tel:+223…",
       "outboundSMSTextMessage": {"message": "…"}, "clientCorrelator": KEY,
       "receiptRequest": {"notifyURL": …, "callbackData": KEY}}}` → 201 with `resourceURL`
       whose last segment is the message id.

    OneAPI's clientCorrelator is the idempotency key: the same value on a retry lets the operator
    recognise a request it already accepted. We also send it as an `Idempotency-Key` header.
    Timeouts, connection errors, 429 and 5xx are worth a retry; other answers are not.
    """

    name = "orange"

    _token_lock = threading.Lock()
    _token: tuple[str, float] | None = None  # (token, monotonic expiry), shared per process

    def __init__(self):
        url = urlsplit(settings.SMS_GATEWAY_URL)
        self.scheme = url.scheme
        self.host = url.hostname
        self.port = url.port
        self.base_path = url.path.rstrip("/")
        self.timeout = settings.CAMPAIGNS_SMS_TIMEOUT
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            cls = (
                http.client.HTTPSConnection
                if self.scheme == "https"
                else http.client.HTTPConnection
            )
            self._conn = cls(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _request(self, method: str, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
        conn = self._connection()
        try:
            conn.request(method, self.base_path + path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read()
        except TimeoutError as exc:
            self.close()
            raise SendError("timeout", retryable=True) from exc
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise SendError(f"connection error: {exc.__class__.__name__}", retryable=True) from exc

    def _access_token(self, *, renew: bool = False) -> str:
        with self._token_lock:
            cached = OrangeSmsProvider._token
            if cached and not renew and cached[1] > time.monotonic():
                return cached[0]
            basic = base64.b64encode(
                f"{settings.SMS_CLIENT_ID}:{settings.SMS_CLIENT_SECRET}".encode()
            ).decode()
            status, body = self._request(
                "POST",
                "/oauth/v3/token",
                b"grant_type=client_credentials",
                {
                    "Authorization": f"Basic {basic}",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                },
            )
            if status != 200:
                raise SendError(f"token refused: HTTP {status}", retryable=status >= 500)
            data = json.loads(body)
            expires = time.monotonic() + max(int(data.get("expires_in", 3600)) - 60, 30)
            OrangeSmsProvider._token = (data["access_token"], expires)
            return data["access_token"]

    def send(self, message: Outbound) -> str:
        sender = settings.SMS_SENDER
        payload = {
            "outboundSMSMessageRequest": {
                "address": f"tel:{message.to}",
                "senderAddress": sender,
                "outboundSMSTextMessage": {"message": message.text},
                "clientCorrelator": message.key,
                "receiptRequest": {
                    "notifyURL": f"{settings.SITE_URL}/campaigns/hooks/sms/receipt/",
                    "callbackData": message.key,
                },
            }
        }
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        path = f"/smsmessaging/v1/outbound/{quote(sender, safe='')}/requests"
        for renew in (False, True):
            headers = {
                "Authorization": f"Bearer {self._access_token(renew=renew)}",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Idempotency-Key": message.key,
            }
            status, answer = self._request("POST", path, body, headers)
            if status != 401:
                break
        if status in (200, 201):
            data = json.loads(answer)
            resource = data["outboundSMSMessageRequest"].get("resourceURL", "")
            return resource.rstrip("/").rsplit("/", 1)[-1] or message.key
        retryable = status == 429 or status >= 500
        raise SendError(f"HTTP {status}{_service_error(answer)}", retryable=retryable)


def _service_error(body: bytes) -> str:
    try:
        error = json.loads(body).get("requestError", {})
        detail = error.get("serviceException") or error.get("policyException") or {}
        return f": {detail.get('messageId', '')} {detail.get('text', '')}".rstrip()
    except (ValueError, AttributeError):
        return ""


class DjangoEmailProvider(Provider):
    """Email through Django's mail backend (EMAIL_PROVIDER: file, smtp or console).

    SMTP has no idempotency key: the Message-ID carries it so a receiving server or a person
    can recognise a copy, but a worker killed between the server's 250 and our database write
    can send one email twice. SMS has no such gap thanks to clientCorrelator.
    """

    name = "email"
    channel = "email"

    def __init__(self):
        self.connection = get_connection(fail_silently=False)
        self.domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">")

    def send(self, message: Outbound) -> str:
        message_id = f"<{message.key}@{self.domain}>"
        headers = {"Message-ID": message_id}
        if message.unsubscribe_url:
            headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email = EmailMessage(
            subject=message.subject,
            body=message.text,
            to=[message.to],
            headers=headers,
            connection=self.connection,
        )
        try:
            # Opened here, the connection stays open for the whole batch (send() would close it).
            self.connection.open()
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _msg in exc.recipients.values()]
            raise SendError(
                f"recipient refused: {codes[0] if codes else ''}",
                retryable=bool(codes) and all(400 <= c < 500 for c in codes),
            ) from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise SendError(f"SMTP {exc.smtp_code}", retryable=400 <= exc.smtp_code < 500) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise SendError(f"SMTP {exc.__class__.__name__}", retryable=True) from exc
        return message_id

    def close(self) -> None:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self.connection.close()


def sms_provider() -> Provider:
    return {"file": FileSmsProvider, "null": NullProvider, "http": OrangeSmsProvider}[
        settings.SMS_PROVIDER
    ]()


def email_provider() -> Provider:
    return DjangoEmailProvider()


def provider_for(channel: str) -> Provider:
    return sms_provider() if channel == "sms" else email_provider()
