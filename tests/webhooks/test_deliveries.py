"""Webhooks end to end: an editor registers an endpoint in the admin, an article is
published through the API, a django-tasks database worker sends the signed delivery to a
local HTTP server started here; a 500 is retried with backoff; loopback is refused unless
allowed (SSRF)."""

import base64
import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import _token_client
from tests.helpers import user_with_permissions
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db

A = "/api/v1/articles/"


class Receiver:
    """A local HTTP server that records each POST and answers the next scripted status."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/cms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group, Permission

    from articles.roles import EDITORS, sync_role_groups

    sync_role_groups(Group, Permission)
    user = user_with_permissions(username="desk", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture(autouse=True)
def worker_in_test_transaction(monkeypatch):
    """The worker closes stale connections between tasks; on PostgreSQL that would end the
    test's transaction, so here it keeps it (as Django's test client does)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def publish_article(client, slug="nato-summit-2025"):
    created = client.post(A, {"title": "Summit", "slug": slug, "language": "en"}, format="json")
    assert created.status_code == 201, created.content
    response = client.post(
        f"{A}{slug}/transition/", {"action": "publish", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_signed_delivery_retried_after_a_500(
    client, editor, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    with Receiver([500, 200]) as receiver:
        client.force_login(editor)
        add = client.post(
            reverse("admin:webhooks_endpoint_add"),
            {
                "url": receiver.url,
                "description": "Partner site",
                "events": ["published", "unpublished"],
                "active": "on",
                "secret": "s3cret-shared-with-the-receiver",
            },
        )
        assert add.status_code == 302, add.content.decode()[:2000]
        endpoint = Endpoint.objects.get()

        api = _token_client(editor)
        with django_capture_on_commit_callbacks(execute=True):
            article = publish_article(api)
        delivery = Delivery.objects.get()
        assert (delivery.event, delivery.status) == ("published", "pending")
        assert receiver.requests == []  # nothing is sent inside the request

        run_worker()
        delivery.refresh_from_db()
        assert delivery.status == "retrying" and delivery.response_status == 500
        assert delivery.next_attempt_at > timezone.now()
        assert len(receiver.requests) == 1

        run_worker()  # the retry is not due yet
        assert len(receiver.requests) == 1
        with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
            run_worker()
        delivery.refresh_from_db()
        assert delivery.status == "succeeded" and delivery.attempts == 2
        assert len(receiver.requests) == 2

    headers, body = receiver.requests[-1]
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = hmac.new(endpoint.secret.encode(), signed, hashlib.sha256).digest()
    assert headers["webhook-signature"] == "v1," + base64.b64encode(expected).decode()
    assert abs(int(headers["webhook-timestamp"]) - timezone.now().timestamp()) < 600
    payload = json.loads(body)
    assert payload["event"] == "published" and payload["id"] == article["id"]
    assert payload["slug"] == "nato-summit-2025"

    # The delivery log is in the admin.
    log = client.get(reverse("admin:webhooks_delivery_changelist"))
    assert log.status_code == 200 and "succeeded" in log.content.decode().lower()


def test_loopback_is_refused_unless_allowed(client, editor, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["*"]
    client.force_login(editor)
    for url in ("http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.0.0.8/hook"):
        page = client.post(
            reverse("admin:webhooks_endpoint_add"),
            {"url": url, "events": ["published"], "active": "on", "secret": "x" * 20},
        )
        assert page.status_code == 200
        assert "private address" in page.content.decode() or "loopback" in page.content.decode()
    page = client.post(
        reverse("admin:webhooks_endpoint_add"),
        {"url": "ftp://example.org/", "events": ["published"], "active": "on", "secret": "x"},
    )
    assert page.status_code == 200
    assert not Endpoint.objects.exists()


def test_a_delivery_to_a_host_no_longer_allowed_is_not_sent(
    editor, settings, django_capture_on_commit_callbacks
):
    with Receiver([200]) as receiver:
        Endpoint.objects.create(url=receiver.url, events=["published"], secret="k")
        settings.WEBHOOK_ALLOWED_HOSTS = ["*"]
        with django_capture_on_commit_callbacks(execute=True):
            publish_article(_token_client(editor))
        run_worker()
        assert receiver.requests == []
    assert Delivery.objects.get().status == "refused"


def test_nothing_is_delivered_for_drafts_or_unsubscribed_events(
    editor, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    Endpoint.objects.create(url="http://127.0.0.1:9/", events=["merged"], secret="k")
    api = _token_client(editor)
    with django_capture_on_commit_callbacks(execute=True):
        api.post(A, {"title": "Draft", "slug": "draft-only", "language": "en"}, format="json")
        publish_article(api)
    assert not Delivery.objects.exists()
