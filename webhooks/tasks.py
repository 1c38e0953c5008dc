"""The background task that sends a delivery, and its retries with exponential backoff.

Runs in a django-tasks worker (``manage.py db_worker`` with the database backend, an RQ
worker when ``TASKS_REDIS_URL`` is set), never in the request that made the change.
"""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from .delivery import check_destination, post
from .models import Delivery

#: Seconds before retry N (1-based): 30 s, 2 min, 8 min, 32 min, ~2 h... capped at 6 h.
BASE_DELAY = 30
MAX_DELAY = 6 * 3600


def backoff(attempt: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(BASE_DELAY * 4 ** (attempt - 1), MAX_DELAY))


def enqueue(delivery: Delivery, run_after: datetime.datetime | None = None) -> None:
    if run_after is not None and run_after > timezone.now():
        deliver.using(run_after=run_after).enqueue(delivery.pk)
    else:
        deliver.enqueue(delivery.pk)


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery; schedule the next attempt on failure. Returns the new status."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (Delivery.Status.SUCCEEDED, Delivery.Status.FAILED):
        return "gone" if delivery is None else delivery.status
    endpoint = delivery.endpoint
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.next_attempt_at = None
    try:
        check_destination(endpoint.url)
    except ValidationError as refused:
        delivery.status = Delivery.Status.REFUSED
        delivery.error = " ".join(refused.messages)
        delivery.save()
        return delivery.status
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    try:
        code = post(endpoint.url, endpoint.secret, f"delivery_{delivery.pk}", body)
        delivery.response_status, delivery.error = code, ""
        ok = 200 <= code < 300
    except OSError as error:  # refused, timed out, TLS...
        delivery.response_status, delivery.error = None, str(error)[:1000]
        ok = False
    if ok:
        delivery.status = Delivery.Status.SUCCEEDED
    elif delivery.attempts >= getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 6):
        delivery.status = Delivery.Status.FAILED
    else:
        delivery.status = Delivery.Status.RETRYING
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
    delivery.save()
    if delivery.status == Delivery.Status.RETRYING:
        enqueue(delivery, delivery.next_attempt_at)
    return delivery.status
