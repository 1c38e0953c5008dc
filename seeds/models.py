"""Where imported objects came from, so that re-importing is idempotent and safe.

A ``Provenance`` row ties an object (article, entity, membership, milestone) to the
document and position it was imported from, with the values it was given then. On the
next import, a field whose current value still equals the imported one may be updated;
a field an editor changed since is kept and reported as a conflict.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """One scraped page, as imported (the file name identifies it)."""

    name = models.CharField(_("file name"), max_length=255, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    layout = models.CharField(_("layout"), max_length=40)
    title = models.CharField(_("title"), max_length=500, blank=True)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("imported document")
        verbose_name_plural = _("imported documents")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Provenance(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="provenances", verbose_name=_("document")
    )
    key = models.CharField(
        _("identity"),
        max_length=255,
        help_text=_("What identifies the object across imports (publisher, title, date)."),
    )
    position = models.PositiveIntegerField(_("position in the document"))
    line = models.PositiveIntegerField(_("line"), default=0)
    content_hash = models.CharField(_("content hash"), max_length=64)
    imported_values = models.JSONField(_("imported values"), default=dict)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("provenance")
        verbose_name_plural = _("provenances")
        ordering = ["document", "content_type", "position"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["content_type", "key"]),
        ]
        constraints = [
            # Keyed by the source item, not the object: after an editor merges two
            # duplicates, both items' provenance points at the kept object, and a re-import
            # of either finds it instead of recreating the duplicate.
            models.UniqueConstraint(
                fields=["document", "content_type", "key"], name="provenance_unique_item"
            ),
        ]

    def __str__(self):
        return f"{self.document} #{self.position} (line {self.line})"
