"""Turns the change feed's rows into deliveries for the endpoints that subscribe to them.

The rows are written in the service's transaction; deliveries are created with them and
enqueued once it commits (a rolled-back change sends nothing). A change that takes effect
later (scheduled publication, expiry) is delivered when it does.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from changes.models import Change
from changes.recorder import change_recorded

from .models import Delivery, Endpoint, Event


def event_of(change: Change) -> str:
    if change.action == Change.Action.MERGED:
        return Event.MERGED
    if change.tombstone:
        return Event.UNPUBLISHED
    if change.action in (Change.Action.CREATED, Change.Action.PUBLISHED):
        return Event.PUBLISHED
    return Event.UPDATED


def payload_of(change: Change, event: str) -> dict:
    return {
        "event": event,
        "action": change.action,
        "occurred_at": change.at.isoformat(),
        "type": change.object_type,
        "id": change.object_id,
        "slug": change.slug,
        "previous_slug": change.previous_slug or None,
        "merged_into": change.merged_into,
        "api_url": reverse("api:article-detail", kwargs={"slug": change.object_id}),
    }


def _on_change_recorded(sender, changes, **kwargs):
    # Webhook events are about articles; the feed also follows subjects, authors, entities
    # and memberships, which clients read from /api/v1/changes/.
    public = [change for change in changes if change.public and change.object_type == "article"]
    if not public:
        return
    endpoints = list(Endpoint.objects.filter(active=True))
    if not endpoints:
        return
    deliveries = []
    for change in public:
        event = event_of(change)
        for endpoint in endpoints:
            if event in endpoint.events:
                deliveries.append(
                    Delivery(
                        endpoint=endpoint,
                        change=change,
                        event=event,
                        payload=payload_of(change, event),
                    )
                )
    deliveries = Delivery.objects.bulk_create(deliveries)
    if deliveries:
        transaction.on_commit(lambda: _enqueue_all(deliveries))


def _enqueue_all(deliveries):
    from .tasks import enqueue

    for delivery in deliveries:
        enqueue(delivery, delivery.change.at)


def connect() -> None:
    change_recorded.connect(_on_change_recorded, dispatch_uid="webhooks-change-recorded")
