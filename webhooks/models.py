"""Webhook endpoints that editors register, and the log of every delivery to them.

A delivery is created for each change of the public catalogue an endpoint subscribes to
(``changes.Change``) and sent by a background worker (``webhooks.tasks``), never inside the
request that made the change.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from changes.models import Change


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Event(models.TextChoices):
    PUBLISHED = "published", _("published (an article enters public view)")
    UPDATED = "updated", _("updated (a public article changed, its slug included)")
    UNPUBLISHED = "unpublished", _("unpublished (unpublished, archived or expired)")
    MERGED = "merged", _("merged (a duplicate folded into another article)")


class Endpoint(models.Model):
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_(
            "http(s) address that receives a POST for each event. Loopback and private "
            "addresses are refused unless allowed by the WEBHOOK_ALLOWED_HOSTS setting."
        ),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(
        _("events"), default=list, help_text=_("The events this endpoint receives.")
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_secret,
        help_text=_(
            "Give it to the receiver: each delivery carries an HMAC-SHA256 signature of its "
            "id, timestamp and body with this secret (Standard Webhooks headers)."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["url"]

    def __str__(self):
        return self.url

    def clean(self):
        from .delivery import check_destination

        check_destination(self.url)


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RETRYING = "retrying", _("retrying")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")
        REFUSED = "refused", _("refused (address not allowed)")

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    change = models.ForeignKey(
        Change,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("change"),
        help_text=_("A scheduled change that is rescheduled takes its deliveries with it."),
    )
    event = models.CharField(_("event"), max_length=20, choices=Event)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "-created_at"])]

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint} ({self.get_status_display()})"
