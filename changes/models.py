"""The change feed's log: one row per change of an object (article, subject, author, entity,
membership) that a client may need to apply.

A client that reads ``/api/v1/changes/`` from the start and applies each row (fetch or
update the object; drop it on a tombstone) holds exactly the catalogue it may see. Rows
are written by ``changes.recorder`` in the transaction of the service that made the change.

Rows may lie in the future: publishing with a ``publish_at`` or an ``expire_at`` records
the moment the article will enter or leave public view, and the feed serves a row only
once its time has come. A later write of the same article replaces its future rows. When
the time has come, ``manage.py publish_due`` writes the article through the services: its
own row then says "updated" (the feed served the move at its time), and the rows of its
authors, subjects and publisher (counts, an author entering or leaving public view) follow.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        SLUG_CHANGED = "slug_changed", _("slug changed")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        UNPUBLISHED = "unpublished", _("unpublished")
        ARCHIVED = "archived", _("archived")
        EXPIRED = "expired", _("expired")
        MERGED = "merged", _("merged")
        DELETED = "deleted", _("deleted")

    at = models.DateTimeField(_("time"), help_text=_("When the change takes effect."))
    action = models.CharField(_("action"), max_length=20, choices=Action)
    object_type = models.CharField(_("object type"), max_length=20, default="article")
    object_id = models.BigIntegerField(_("object id"))
    slug = models.CharField(_("slug"), max_length=200)
    previous_slug = models.CharField(_("previous slug"), max_length=200, blank=True)
    merged_into = models.BigIntegerField(_("merged into"), null=True, blank=True)
    public = models.BooleanField(
        _("public"),
        help_text=_("Shown to anonymous clients: the object is, or just stopped being, public."),
    )
    tombstone = models.BooleanField(
        _("tombstone"), help_text=_("After this change the object is not in public view.")
    )

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["at", "id"], name="change_feed_idx"),
            models.Index(fields=["public", "at", "id"], name="change_public_feed_idx"),
            models.Index(fields=["object_type", "object_id", "at"], name="change_object_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.slug}"
