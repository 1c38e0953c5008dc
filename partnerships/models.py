"""Partnership entities (states, organisations, frameworks, bilateral partnerships) and
who belongs to what, since when, according to which source.

Dates from sources have varying precision: a fact sheet often gives only a year. Each
date is stored with its precision so that "2003" is never displayed as "1 January 2003".
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def normalize_alias(text: str) -> str:
    """The key under which a name is looked up: case-, accent- and spacing-insensitive.

    "l'OTAN", "OTAN" and "Otan" differ only by an elided article, case or accents;
    articles are stripped by the entity linker, this only folds case and accents.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
    return " ".join(stripped.casefold().split())


class EntityQuerySet(models.QuerySet):
    def with_related(self):
        """Everything an entity list needs, in a constant number of queries."""
        return self.prefetch_related("aliases")


class Entity(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("State")
        ORGANISATION = "organisation", _("Organisation")
        FRAMEWORK = "framework", _("Partnership framework")
        BILATERAL = "bilateral", _("Bilateral partnership")
        COMMISSION = "commission", _("Commission")
        COUNCIL = "council", _("Council")
        INITIATIVE = "initiative", _("Initiative")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, help_text=_("Full name, in English."))
    name_fr = models.CharField(
        _("French name"), max_length=200, blank=True, help_text=_("Full name, in French.")
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_('Acronym as readers know it, e.g. "NATO" or "PfP".'),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, db_index=True)
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("ISO 3166 code, for states only."),
    )
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("belongs to"),
        help_text=_(
            "For a framework, commission, council or initiative: the organisation that runs "
            "it (the Partnership for Peace is NATO's)."
        ),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_precision = models.CharField(
        _("start date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("How much of the start date the source gives (a year is often all)."),
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_precision = models.CharField(
        _("end date precision"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["updated_at", "id"], name="entity_updated_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=~Q(country=""),
                name="entity_unique_country",
                violation_error_message=_("Another entity already has this country code."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="entity_not_own_parent",
                violation_error_message=_("An entity cannot belong to itself."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="entity_end_after_start",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]

    def __str__(self):
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    def get_absolute_url(self):
        return reverse("articles:entity_detail", kwargs={"slug": self.slug})


class EntityAlias(models.Model):
    """Another name of an entity ("OTAN", "l'Alliance atlantique" for NATO).

    ``normalized`` is unique so that one name resolves to exactly one entity.
    """

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("entity")
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=2,
        blank=True,
        choices=[("en", _("English")), ("fr", _("French"))],
        help_text=_("Leave empty for a name used in both languages, such as an acronym."),
    )
    normalized = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_alias(self.name)
        super().save(*args, **kwargs)


class Source(models.Model):
    """A document that states facts, with the date those facts held ("as of")."""

    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_("The date the source describes: a 2017 fact sheet speaks of 2017."),
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-as_of", "title"]

    def __str__(self):
        return f"{self.title} ({self.as_of:%Y-%m-%d})" if self.as_of else self.title


class MembershipQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("member", "group", "source", "until_source").prefetch_related(
            "member__aliases", "group__aliases"
        )

    def active_on(self, day):
        """Who belonged to what on ``day``: the one "as of" rule of pages, API and charts.

        In force on ``day`` means started on or before it and not ended by it, as alliance
        data sets (ATOP, COW) code membership. The start is ``since``, or failing that the
        "as of" date of the source that states the fact (a 2017 fact sheet saying Finland
        is a partner proves it for 2017, not for 1990). A membership with neither is
        "dates not stated" (``undated()``), never active on every date. A start stated only
        to the year counts from the 1 January of that year.
        """
        return (
            self.alias(known_start=Coalesce("since", "source__as_of"))
            .filter(known_start__isnull=False, known_start__lte=day)
            .filter(Q(until__isnull=True) | Q(until__gt=day))
        )

    def undated(self):
        """Memberships no source dates (no start, no "as of"): "dates not stated"."""
        return self.filter(since__isnull=True).filter(
            Q(source__isnull=True) | Q(source__as_of__isnull=True)
        )

    def newest_source_first(self):
        """Facts of the same pair newest source first, so that a 2023 page comes before
        a 2017 one that disagrees with it (both are kept and shown)."""
        return self.order_by(
            F("source__as_of").desc(nulls_last=True), F("since").desc(nulls_last=True), "pk"
        )

    def current(self):
        return self.active_on(timezone.localdate())


class Membership(models.Model):
    """``member`` belongs to ``group`` in a ``role``, from ``since`` to ``until``.

    Several memberships of the same pair may coexist: a 2017 fact sheet says Finland is a
    partner, and Finland became a member in 2023. Ending a membership sets ``until``;
    history is never deleted.
    """

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        FOUNDING_MEMBER = "founding_member", _("founding member")
        PARTNER = "partner", _("partner")
        PARTICIPATING_STATE = "participating_state", _("participating state")
        ASSOCIATE_MEMBER = "associate_member", _("associate member")
        ASSOCIATE_PARTNER = "associate_partner", _("associate partner")
        OBSERVER = "observer", _("observer")
        INVITED = "invited", _("invited")
        CANDIDATE = "candidate", _("candidate")
        PARTICIPANT = "participant", _("participant")

    member = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("member")
    )
    group = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    since = models.DateField(_("since"), null=True, blank=True)
    since_precision = models.CharField(
        _("since precision"), max_length=5, choices=DatePrecision, default=DatePrecision.YEAR
    )
    until = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Set it to end the membership.")
    )
    until_precision = models.CharField(
        _("until precision"), max_length=5, choices=DatePrecision, default=DatePrecision.YEAR
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("source"),
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("The sentence of the source that states this fact, quoted as written."),
    )
    until_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ended_memberships",
        verbose_name=_("source of the end"),
        help_text=_(
            "The source that states the end: a 2017 fact sheet cannot state a 2023 end. "
            'Required to set "until".'
        ),
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised on every save; a save based on an older version is refused."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group__name", "member__name", "since"]
        indexes = [
            models.Index(fields=["group", "role"]),
            models.Index(fields=["member", "role"]),
            models.Index(fields=["since"]),
            models.Index(fields=["until"]),
            models.Index(fields=["updated_at", "id"], name="membership_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(member=F("group")),
                name="membership_not_self",
                violation_error_message=_("An entity cannot be a member of itself."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="membership_until_after_since",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            # Undated or unsourced facts are duplicates too (NULLs would be distinct).
            models.UniqueConstraint(
                "member",
                "group",
                "role",
                Coalesce("since", Value(datetime.date(1, 1, 1))),
                Coalesce("source", Value(0)),
                name="membership_unique_fact",
                violation_error_message=_("This source already states this membership."),
                violation_error_code="duplicate",
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.get_role_display()} — {self.group}"

    def clean(self):
        super().clean()
        if self.until and self.until_source_id is None:
            raise ValidationError(
                {"until_source": _("Give the source that states the end of this membership.")}
            )

    @property
    def known_until(self):
        """The last day this fact is known to hold: its end, else its source's "as of"
        date (after it, the source cannot say). None when neither is known."""
        if self.until:
            return self.until
        return self.source.as_of if self.source_id and self.source else None


class Milestone(models.Model):
    """A dated fact about an entity: "NATO-EU strategic partnership, 16 December 2002"."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("entity")
    )
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("precision"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    title = models.CharField(_("title"), max_length=300)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("source"),
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["entity", "date"]
        indexes = [models.Index(fields=["entity", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "date", "title"], name="milestone_unique_fact"
            ),
        ]

    def __str__(self):
        return f"{self.entity}: {self.title} ({self.date})"
