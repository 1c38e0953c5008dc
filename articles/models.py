"""Subjects, authors, publishers and articles.

``Article.objects.published()`` is the one rule for what readers and anonymous API clients
see; views, API, feeds, sitemap and search all start from it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import DatePrecision, Entity

from .indexes import NullsLastIndex


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


class Topic(models.Model):
    """A subject readers browse by, e.g. "Military Alliances" / "Alliances militaires"."""

    name = models.CharField(_("name"), max_length=200)
    name_fr = models.CharField(_("French name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("French description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent subject"),
    )
    related = models.ManyToManyField(
        "self",
        symmetrical=True,
        blank=True,
        verbose_name=_("related subjects"),
        help_text=_("Shown on both subjects' pages."),
    )
    published_count = models.PositiveIntegerField(
        _("published articles"),
        default=0,
        editable=False,
        help_text=_("Kept by articles.counts on every change, so no page counts articles."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["updated_at", "id"], name="topic_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="topic_not_own_parent",
                violation_error_message=_("A subject cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic_detail", kwargs={"slug": self.slug})


class Author(models.Model):
    """A person or an organisation that signs articles (e.g. "cirmafrance")."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PERSON)
    bio = models.TextField(_("biography"), blank=True)
    affiliation = models.CharField(
        _("affiliation"),
        max_length=300,
        blank=True,
        help_text=_("Where the author works, e.g. “Ifri, Security Studies Center”, if known."),
    )
    published_count = models.PositiveIntegerField(
        _("published articles"),
        default=0,
        editable=False,
        help_text=_("Kept by articles.counts on every change, so no page counts articles."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["updated_at", "id"], name="author_updated_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author_detail", kwargs={"slug": self.slug})


class Publisher(models.Model):
    """Who published the page: Ifri, B2, the foreign ministry..."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    url = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    published_count = models.PositiveIntegerField(
        _("published articles"),
        default=0,
        editable=False,
        help_text=_("Kept by articles.counts on every change, so no page counts articles."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("publisher")
        verbose_name_plural = _("publishers")
        ordering = ["name"]
        indexes = [models.Index(fields=["updated_at", "id"], name="publisher_updated_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:publisher_detail", kwargs={"slug": self.slug})


def list_prefetches():
    """The relations an article list shows (byline in order, subjects, entities)."""
    return [
        models.Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
        ),
        "topics",
        "entities",
    ]


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers and anonymous API clients may see, at ``at`` (default: now).

        Published status, publication time reached (scheduled articles appear by
        themselves), expiry not reached. Drafts, reviews and archives never qualify.
        """
        at = at or timezone.now()
        return self.filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=at),
            Q(expire_at__isnull=True) | Q(expire_at__gt=at),
            status=Article.Status.PUBLISHED,
        )

    def schedule_due(self, at=None):
        """Published articles whose scheduled publication or expiry has come (at ``at``,
        default now) but whose effects have not been applied by a write or ``publish_due``
        yet. Readers see them (or not) already: ``published()`` compares with now."""
        return self.filter(schedule_due_at__lte=at or timezone.now())

    def with_related(self):
        """Everything an article list shows, in a constant number of queries."""
        return self.select_related("publisher").prefetch_related(*list_prefetches())

    def for_list(self):
        """``with_related()`` without the body, which no list shows (it is most of a row)."""
        return self.with_related().defer("body")

    def newest_first(self):
        """Dated articles newest first; undated ones (a teaser gave no year) after them."""
        return self.order_by(F("published_on").desc(nulls_last=True), "-created_at", "-pk")


class Article(models.Model):
    class Kind(models.TextChoices):
        ANALYSIS = "analysis", _("Analysis")
        NEWS = "news", _("News")
        FACT_SHEET = "fact_sheet", _("Fact sheet")
        MEDIA_MENTION = "media_mention", _("Media mention")
        INTERVIEW = "interview", _("Interview")
        BLOG_POST = "blog_post", _("Blog post")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ANALYSIS)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language,
        default=Language.ENGLISH,
        help_text=_("The language the article is written in, whatever the page it came from."),
    )
    summary = models.TextField(_("summary"), blank=True)
    is_excerpt = models.BooleanField(
        _("summary is an excerpt"),
        default=False,
        help_text=_("The source cut the teaser mid-sentence; readers see it marked as such."),
    )

    class BodyFormat(models.TextChoices):
        PLAIN = "plain", _("Plain text (as imported)")
        MARKDOWN = "markdown", _("Markdown")

    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "Never raw HTML. In Markdown: ## heading, **bold**, *italic*, [link](https://…), "
            "- list item, > quotation; blank lines between paragraphs."
        ),
    )
    body_format = models.CharField(
        _("body format"),
        max_length=10,
        choices=BodyFormat,
        default=BodyFormat.PLAIN,
        help_text=_(
            "Imported text stays plain text (paragraphs and “- ” lists are still shown as "
            "such); choose Markdown to format the body yourself."
        ),
    )
    caption = models.CharField(_("image caption"), max_length=500, blank=True)
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the source gives no date: a guessed date is worse."),
    )
    published_precision = models.CharField(
        _("publication date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_(
            "How much of the date the source gives: “février 2026” is a month, stored as its "
            "first day and shown as the month."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Scheduled publication: a published article stays hidden until then."),
    )
    expire_at = models.DateTimeField(
        _("expire at"),
        null=True,
        blank=True,
        help_text=_("The article disappears from the public site at this time."),
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown on the home page.")
    )
    schedule_due_at = models.DateTimeField(
        _("schedule due at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The next scheduled publication or expiry whose effects (counts, change feed, "
            "webhooks, caches) are still to be applied by publish_due."
        ),
    )
    authors = models.ManyToManyField(
        Author,
        through="ArticleAuthor",
        related_name="articles",
        blank=True,
        verbose_name=_("authors"),
    )
    topics = models.ManyToManyField(
        Topic, related_name="articles", blank=True, verbose_name=_("subjects")
    )
    entities = models.ManyToManyField(
        Entity,
        related_name="articles",
        blank=True,
        verbose_name=_("entities"),
        help_text=_("The states, organisations and partnerships the article is about."),
    )
    publisher = models.ForeignKey(
        Publisher,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("publisher"),
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_name = models.CharField(
        _("source name"),
        max_length=200,
        blank=True,
        help_text=_("For media mentions: the outlet that published the item."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised on every save; a save based on an older version is refused."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule, unpublish and archive articles")),
            ("merge_article", _("Can merge duplicate articles")),
        ]
        ordering = [F("published_on").desc(nulls_last=True), "-created_at"]
        indexes = [
            models.Index(fields=["status", "publish_at", "expire_at"]),
            # The published lists' orders, NULLS LAST and the id tiebreaker included, so a
            # page of 20 reads 20 index entries instead of sorting every published row.
            NullsLastIndex(
                F("published_on").desc(nulls_last=True),
                F("created_at").desc(),
                F("id").desc(),
                name="article_published_newest_idx",
                condition=Q(status="published"),
                # The rest of the published rule and the list filters: capped counts,
                # deep pages' ids and a subject's walk read the index alone (no heap).
                include=["publish_at", "expire_at", "kind", "language", "featured"],
            ),
            NullsLastIndex(
                F("published_on").asc(nulls_last=True),
                F("id"),
                name="article_published_oldest_idx",
                condition=Q(status="published"),
            ),
            # The catalogue's "oldest first" (``articles.selectors.SORTS``).
            NullsLastIndex(
                F("published_on").asc(nulls_last=True),
                F("created_at"),
                F("id"),
                name="article_published_oldest_c_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["title", "id"],
                name="article_published_title_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["updated_at", "id"],
                name="article_published_updated_idx",
                condition=Q(status="published"),
            ),
            models.Index(fields=["kind"]),
            models.Index(fields=["language"]),
            models.Index(fields=["title"]),
            models.Index(fields=["updated_at"]),
            models.Index(fields=["featured", "status"]),
            # ``publish_due``'s query: only articles with a schedule still to apply are in
            # it, so a run with nothing due reads an empty index range.
            models.Index(
                fields=["schedule_due_at"],
                name="article_schedule_due_idx",
                condition=Q(schedule_due_at__isnull=False),
            ),
            # A publisher's published count (``articles.counts``, at each write of one of
            # its articles) read from the index alone: 2 s for 95,000 rows from the table.
            models.Index(
                fields=["publisher"],
                name="article_published_pub_idx",
                condition=Q(status="published"),
                include=["publish_at", "expire_at"],
            ),
            # Counting the published articles of a link (an entity's 3,000): each linked
            # id probed on the index alone, not fetched from the table.
            models.Index(
                fields=["id"],
                name="article_published_id_idx",
                condition=Q(status="published"),
                include=["publish_at", "expire_at"],
            ),
            # ``recount_published``: the few articles whose expiry passed since its last run.
            models.Index(
                fields=["expire_at"],
                name="article_expiry_idx",
                condition=Q(status="published", expire_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expire_at__gt=F("publish_at")),
                name="article_expiry_after_publication",
                violation_error_message=_("Expiry must come after the scheduled publication."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def next_schedule_moment(self, now):
        """The next time after ``now`` this article enters or leaves public view by its
        schedule (None: no such time). The services store it in ``schedule_due_at``."""
        if self.status != self.Status.PUBLISHED:
            return None
        return min((m for m in (self.publish_at, self.expire_at) if m and m > now), default=None)

    @property
    def ordered_authors(self):
        """Authors in signing order, from the prefetch of ``with_related()`` when present."""
        return [link.author for link in self.article_authors.all()]


class ArticleAuthor(models.Model):
    """An author's place in an article's byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="article_links")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="article_author_unique"),
        ]

    def __str__(self):
        return f"{self.author} ({self.position})"


class ReviewQueue(Article):
    """Articles waiting for an editor (imported content arrives "in review"), newest first.

    A proxy so that the queue has its own admin page and bulk actions; its rows are
    ordinary articles.
    """

    class Meta:
        proxy = True
        verbose_name = _("article to review")
        verbose_name_plural = _("review queue")
        default_permissions = ()


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=str(obj.pk),
        )


class AuditEvent(models.Model):
    """Who did what editorial act, when: publish, unpublish, schedule, merge, restore, import.

    Written by the services only; read-only in the admin. It names its object by content
    type, id and a copy of its title, so that an event outlives a merged or deleted object.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", _("submitted for review")
        SEND_BACK = "send_back", _("sent back")
        PUBLISH = "publish", _("published")
        SCHEDULE = "schedule", _("scheduled")
        UNPUBLISH = "unpublish", _("unpublished")
        ARCHIVE = "archive", _("archived")
        EXPIRE = "expire", _("expired")
        MERGE = "merge", _("merged")
        RESTORE = "restore", _("restored a revision")
        IMPORT = "import", _("imported")
        CREATE = "create", _("created")
        EDIT = "edit", _("edited")
        END = "end", _("ended")
        DELETE = "delete", _("deleted")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("object type"),
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=500, blank=True)
    message = models.TextField(_("message"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        at = timezone.localtime(self.at)  # the site's time zone, as the admin shows
        return (
            f"{at:%Y-%m-%d %H:%M} {self.user or '—'} {self.get_action_display()} {self.object_repr}"
        )


class Rubric(models.Model):
    """A publisher's own label for its items ("Confidentiels", "People", "Pouvoirs" in a
    newsletter): kept as the item's rubric, never created as a subject. An editor maps a
    rubric to a subject once; imports then file its items under that subject too."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    publisher = models.ForeignKey(
        Publisher,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rubrics",
        verbose_name=_("publisher"),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language, blank=True)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rubrics",
        verbose_name=_("subject"),
        help_text=_(
            "The subject this rubric's items belong to. Saving files its existing items "
            "under it; later imports follow."
        ),
    )
    articles = models.ManyToManyField(
        Article, related_name="rubrics", blank=True, verbose_name=_("articles")
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "slug"], name="rubric_unique_per_publisher"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.publisher})" if self.publisher_id else self.name


class EntityPublishedCount(models.Model):
    """How many published articles are about an entity, kept by ``articles.counts``.

    A row of its own (not a field of ``Entity``) because partnerships does not know about
    articles; the partnerships pages read it through ``select_related``.
    """

    entity = models.OneToOneField(
        Entity,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="published_article_count",
    )
    published_count = models.PositiveIntegerField(_("published articles"), default=0)

    class Meta:
        verbose_name = _("published article count of an entity")
        verbose_name_plural = _("published article counts of entities")

    def __str__(self):
        return f"{self.entity_id}: {self.published_count}"


class ArticleOldSlug(models.Model):
    """A slug an article had before: links to it (readers' bookmarks, API clients' stored
    URLs) answer a permanent redirect to the article's current address.

    Written by ``articles.services`` when a save changes the slug and when a merge folds a
    duplicate away; the live slug of an article always wins over an old one.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(_("old slug"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("old slug")
        verbose_name_plural = _("old slugs")

    def __str__(self):
        return self.slug


class FacetCount(models.Model):
    """Published articles of a subject (``topic``; none: the whole catalogue) per kind,
    language and year, and per entity (``entity``; none: every article of the cell), kept
    by ``articles.counts``.

    A subject page's facets ("Analysis (1,204)", "2023 (87)", "NATO (310)") and its list
    totals are sums over a few hundred of these rows (an index range), where counting
    them live aggregates every article of the subject (a quarter of a million in a large
    one) on every page view.
    """

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20)
    language = models.CharField(max_length=2)
    year = models.SmallIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("facet count")
        verbose_name_plural = _("facet counts")
        indexes = [
            models.Index(
                fields=["topic", "entity", "kind", "language", "year"],
                include=["count"],
                name="facet_cell_idx",
            ),
            models.Index(
                fields=["topic", "kind", "language", "entity", "year"],
                include=["count"],
                name="facet_entity_idx",
                condition=Q(entity__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.topic_id}/{self.entity_id}/{self.kind}/{self.language}/{self.year}"


class CountsCheckpoint(models.Model):
    """Up to when ``recount_published`` has caught the kept counts up with scheduled
    publication and expiry (one row).

    Why: publication times and expiries change what is published without a write, so no
    signal recounts them; recounting everything at each run took minutes at a million
    articles, while only the articles whose time passed since the last run need it.
    """

    counted_until = models.DateTimeField(_("counted until"))

    class Meta:
        verbose_name = _("published counts checkpoint")
        verbose_name_plural = _("published counts checkpoints")

    def __str__(self):
        return self.counted_until.isoformat()
