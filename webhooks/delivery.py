"""Sending one webhook: where it may go (SSRF guard), how it is signed, what counts as done.

Signing follows the Standard Webhooks convention, so receivers can use its libraries:
headers ``webhook-id``, ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``
(``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" with the endpoint's secret>``). A
receiver recomputes it and refuses a timestamp older than a few minutes (replays).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _allowed_hosts() -> list[str]:
    return [host.lower() for host in getattr(settings, "WEBHOOK_ALLOWED_HOSTS", ["*"])]


def check_destination(url: str) -> None:
    """Refuse (``ValidationError``) a URL deliveries may not go to.

    Only http and https. A host named in ``WEBHOOK_ALLOWED_HOSTS`` is allowed whatever its
    address; otherwise, with ``*`` in the setting, a host whose every address is public
    (no loopback, private, link-local or reserved range: cloud metadata, the database...).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Only http and https addresses can receive webhooks."))
    host = parts.hostname.lower()
    allowed = _allowed_hosts()
    if host in allowed:
        return
    if "*" not in allowed:
        raise ValidationError(_("This host is not in WEBHOOK_ALLOWED_HOSTS."))
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(_("This host name does not resolve.")) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise ValidationError(
                _("%(host)s is a loopback or private address; allow it in WEBHOOK_ALLOWED_HOSTS.")
                % {"host": host}
            )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect could lead past the address check: it counts as a failed delivery."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(url: str, secret: str, message_id: str, body: bytes) -> int:
    """POST ``body`` signed; return the HTTP status (raises ``OSError`` on network errors)."""
    timestamp = int(time.time())
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "defence-cms-webhooks/1",
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, message_id, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=getattr(settings, "WEBHOOK_TIMEOUT", 10.0)) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code
