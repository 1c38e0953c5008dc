"""Multi-step writes on articles, called by the admin, the API and commands alike.

Every write goes through here so that the same rules hold wherever it comes from:
permissions checked on the server, ``full_clean()`` before saving, optimistic locking on
``Article.version``, one transaction per operation.
"""

from __future__ import annotations

from dataclasses import dataclass

import reversion
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from config import permissions
from partnerships.models import Entity

from .counts import recount_articles
from .events import article_changed, article_merged
from .models import Article, ArticleAuthor, ArticleOldSlug, AuditEvent, Author, Topic
from .roles import EDITORS, sync_role_groups

#: Permissions checked by the workflow transitions (the rules: ``config.permissions``).
PERM_CHANGE = permissions.CHANGE_ARTICLE
PERM_PUBLISH = permissions.PUBLISH_ARTICLE
PERM_MERGE = permissions.MERGE_ARTICLE


class VersionConflict(Exception):
    """The article was saved by someone else since the editor loaded it."""

    def __init__(self, article: Article, expected_version: int, current_version: int):
        self.article = article
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            _(
                "This article was changed by someone else since you opened it "
                "(your version %(expected)s, now %(current)s). Reload it and apply "
                "your changes again."
            )
            % {"expected": expected_version, "current": current_version}
        )


@dataclass(frozen=True)
class Transition:
    """A move of the editorial workflow and who may make it."""

    name: str
    sources: frozenset[str]
    target: str
    permission: str


S = Article.Status
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", frozenset({S.DRAFT}), S.REVIEW, PERM_CHANGE),
        Transition("send_back", frozenset({S.REVIEW}), S.DRAFT, PERM_PUBLISH),
        Transition(
            "publish", frozenset({S.DRAFT, S.REVIEW, S.ARCHIVED}), S.PUBLISHED, PERM_PUBLISH
        ),
        Transition("unpublish", frozenset({S.PUBLISHED}), S.DRAFT, PERM_PUBLISH),
        Transition(
            "archive", frozenset({S.PUBLISHED, S.REVIEW, S.DRAFT}), S.ARCHIVED, PERM_PUBLISH
        ),
    ]
}


_require = permissions.require
#: The code of a refused workflow move: the article's current state forbids it, whatever
#: the request (the API answers 409 Conflict, like a stale version).
INVALID_TRANSITION = "invalid_transition"


def _actor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def audit_record(*, action: str, user, obj=None, message: str = "") -> AuditEvent:
    """Log an editorial act (publish, schedule, merge, restore, import...) with user and time.

    The importer calls it with ``action=AuditEvent.Action.IMPORT`` for each imported object
    (or once per file with ``obj=None`` and a message naming the file).
    """
    event = AuditEvent(action=action, user=_actor(user), message=message)
    if obj is not None:
        event.content_type = ContentType.objects.get_for_model(obj)
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:500]
    event.save()
    return event


def _record_revision(article: Article, user, comment: str) -> None:
    """Keep a revision of ``article`` (joins the admin's revision when one is open)."""
    with reversion.create_revision():
        if _actor(user) is not None and reversion.get_user() is None:
            reversion.set_user(user)
        if comment:
            earlier = reversion.get_comment()
            reversion.set_comment(f"{earlier}\n{comment}" if earlier else comment)
        reversion.add_to_revision(article)


def transition_between(previous: str, new: str) -> Transition | None:
    """The workflow move that takes an article from status ``previous`` to ``new``."""
    for transition in TRANSITIONS.values():
        if previous in transition.sources and transition.target == new:
            return transition
    return None


def _audit_action(transition: Transition, article: Article) -> str | None:
    if transition.name == "publish":
        if article.publish_at and article.publish_at > timezone.now():
            return AuditEvent.Action.SCHEDULE
        return AuditEvent.Action.PUBLISH
    return transition.name


def article_check_save(
    *, article: Article, user, expected_version: int | None = None, comment: str = ""
) -> Transition | None:
    """Refuse (raise) a save ``user`` may not make; return the workflow move it makes, if any.

    Called by ``article_save`` and, before anything is written, by the admin form so that
    a refused save shows its reason next to the editor's unsaved text.

    - A new article needs the add permission, an existing one the change permission.
    - Published and archived articles are edited by publishers only (live content).
    - Changing the status is a workflow move and needs that move's permission: a
      contributor may submit a draft for review, never publish or archive by editing the
      field; sending back needs a comment for the author.
    - Scheduling (publication or expiry dates) needs the publish permission.
    - ``expected_version`` older than the stored version: ``VersionConflict``.
    """
    stored = None
    if article.pk:
        stored = (
            Article.objects.filter(pk=article.pk)
            .values("status", "publish_at", "expire_at", "version")
            .first()
        )
    permissions.require_edit_article(user, stored["status"] if stored else None)
    if stored is not None:
        if expected_version is not None and expected_version != stored["version"]:
            raise VersionConflict(article, expected_version, stored["version"])
        previous_status = stored["status"]
        dates_changed = (stored["publish_at"], stored["expire_at"]) != (
            article.publish_at,
            article.expire_at,
        )
    else:
        previous_status = S.DRAFT
        dates_changed = bool(article.publish_at or article.expire_at)
    if dates_changed:
        _require(user, PERM_PUBLISH)
    if article.status == previous_status:
        return None
    transition = transition_between(previous_status, article.status)
    if transition is None:
        raise ValidationError(
            _("A %(previous)s article cannot become %(new)s directly.")
            % {
                "previous": S(previous_status).label.lower(),
                "new": S(article.status).label.lower(),
            },
            code=INVALID_TRANSITION,
        )
    _require(user, transition.permission)
    if transition.name == "send_back" and not comment.strip():
        raise ValidationError(_("Say what the author should change when sending an article back."))
    return transition


def _save_unique(article: Article) -> None:
    """Save; a uniqueness race lost to a concurrent save (two creates of one slug that both
    passed ``full_clean``) is a ValidationError naming the field, never an IntegrityError."""
    adding = article._state.adding
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        if adding:
            article.pk = None
            article._state.adding = True
        article.validate_unique()  # the winner is committed now: names the field
        article.validate_constraints()
        raise ValidationError(
            _("Another save of the same article happened at the same time. Reload and retry.")
        ) from None


@transaction.atomic
def article_save(
    *,
    article: Article,
    user,
    expected_version: int | None = None,
    comment: str = "",
    authors: list | None = None,
    topics: list | None = None,
    entities: list | None = None,
) -> Article:
    """Validate and save ``article``; refuse if it changed since ``expected_version``.

    The rules are those of ``article_check_save``. A status change made through the
    form is logged in the audit trail like the same move made by ``article_transition``.
    ``authors`` (in byline order), ``topics`` and ``entities``, when given, replace the
    article's links before the revision is taken, so the revision holds them too. Every
    save keeps a revision (who, when, ``comment``).
    """
    transition = article_check_save(
        article=article, user=user, expected_version=expected_version, comment=comment
    )
    article.full_clean()
    edited = _edited_fields(article)
    created = article.pk is None
    _plan_schedule(article)
    previous_slug = None
    if created:
        article.version = 1
        if _actor(user) is not None:
            article.created_by = user
        _save_unique(article)
    else:
        current, previous_slug = (
            Article.objects.select_for_update().values_list("version", "slug").get(pk=article.pk)
        )
        if expected_version is not None and expected_version != current:
            raise VersionConflict(article, expected_version, current)
        article.version = current + 1
        _save_unique(article)
        previous_slug = _remember_slug(article, previous_slug)
    if authors is not None:
        article.article_authors.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=author, position=position)
            for position, author in enumerate(authors)
        )
    if topics is not None:
        article.topics.set(topics)
    if entities is not None:
        article.entities.set(entities)
    if authors is not None:
        # The new byline came by bulk_create, which sends no signal to articles.counts.
        recount_articles([article.pk])
    action = "created" if created else "updated"
    if transition is not None:
        action = _audit_action(transition, article)
        audit_record(action=action, user=user, obj=article, message=comment)
    if edited is None or edited:
        audit_record(
            action=AuditEvent.Action.CREATE if edited is None else AuditEvent.Action.EDIT,
            user=user,
            obj=article,
            message=", ".join(edited or ()),
        )
    _record_revision(article, user, comment)
    article_changed.send(
        sender=Article, article=article, action=action, previous_slug=previous_slug
    )
    return article


#: Bookkeeping and workflow fields: their changes are logged as workflow moves, not edits.
_NOT_EDITS = {
    "id",
    "version",
    "status",
    "schedule_due_at",
    "created_by",
    "created_at",
    "updated_at",
}


def _edited_fields(article: Article) -> list[str] | None:
    """The names of the fields an edit changes (None for a new article), for the audit."""
    if article.pk is None:
        return None
    names = [f.attname for f in Article._meta.concrete_fields if f.attname not in _NOT_EDITS]
    stored = Article.objects.filter(pk=article.pk).values(*names).first() or {}
    return [
        str(Article._meta.get_field(name.removesuffix("_id")).verbose_name)
        for name in names
        if stored.get(name) != getattr(article, name)
    ]


def _remember_slug(article: Article, previous_slug: str) -> str | None:
    """Keep ``previous_slug`` as an old address of ``article`` (a 301 to the new one)."""
    if previous_slug == article.slug:
        return None
    ArticleOldSlug.objects.filter(slug=article.slug).delete()
    ArticleOldSlug.objects.update_or_create(slug=previous_slug, defaults={"article": article})
    return previous_slug


@transaction.atomic
def article_transition(
    *,
    article: Article,
    user,
    action: str,
    publish_at=None,
    expire_at=None,
    expected_version: int | None = None,
    comment: str = "",
) -> Article:
    """Move ``article`` through the workflow (submit, send_back, publish, unpublish, archive).

    ``publish`` with a future ``publish_at`` schedules it: readers see it from that time
    without anyone running a command, because ``published()`` compares with now.
    ``send_back`` needs a ``comment`` for the author; it is kept in the audit trail and
    the article's history.
    """
    try:
        transition = TRANSITIONS[action]
    except KeyError:
        raise ValidationError(_("Unknown action %(action)s.") % {"action": action}) from None
    _require(user, transition.permission)
    if article.status not in transition.sources:
        raise ValidationError(
            _("A %(status)s article cannot be moved by “%(action)s”.")
            % {"status": article.get_status_display().lower(), "action": action},
            code=INVALID_TRANSITION,
        )
    if action == "send_back" and not comment.strip():
        raise ValidationError(_("Say what the author should change when sending an article back."))
    article.status = transition.target
    if action == "publish":
        article.publish_at = publish_at
        if expire_at is not None:
            article.expire_at = expire_at
    article.full_clean()
    current = (
        Article.objects.select_for_update().values_list("version", flat=True).get(pk=article.pk)
    )
    if expected_version is not None and expected_version != current:
        raise VersionConflict(article, expected_version, current)
    article.version = current + 1
    _plan_schedule(article)
    # save() rather than update(): signals (cache invalidation, history) must see it.
    article.save(
        update_fields=[
            "status",
            "publish_at",
            "expire_at",
            "schedule_due_at",
            "version",
            "updated_at",
        ]
    )
    audit_record(action=_audit_action(transition, article), user=user, obj=article, message=comment)
    label = AuditEvent.Action(_audit_action(transition, article)).label
    _record_revision(article, user, f"{label.capitalize()}. {comment}".strip())
    article_changed.send(sender=Article, article=article, action=_audit_action(transition, article))
    return article


def _plan_schedule(article: Article) -> None:
    """A write applies the schedule up to now (its feed rows, counts and cache bumps see the
    article as readers do now): only the next moment still to come is left to
    ``article_apply_schedule``."""
    article.schedule_due_at = article.next_schedule_moment(timezone.now())


def article_apply_schedule(*, pk: int, now=None) -> list[str]:
    """Make a scheduled publication or expiry that has come a real event, as if an editor
    had made it then: returns the audit actions applied ([] if nothing was due).

    Readers already see the article (or not) from its time, since ``published()`` compares
    with now; what only follows a write does not: the published counts of its subjects,
    authors, publisher and entities, the feed rows of those objects (an author coming into
    or leaving public view), webhooks, cached pages. So the due article is written through
    the same steps as a workflow move: locked (a row another worker holds is skipped, it
    is that worker's), version raised, saved (signals: counts, caches), audited "by the
    schedule" with no user, a revision kept, ``article_changed`` sent (the change feed
    records the related objects; ``changes.recorder`` writes no second "published" row for
    what the feed already showed at its time). Applying clears or moves ``schedule_due_at``
    in the same transaction, so running it again, or from another worker, does nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        article = (
            Article.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, schedule_due_at__lte=now)
            .first()
        )
        if article is None:
            return []
        due_from = article.schedule_due_at
        due = [
            (action, moment)
            for action, moment in (
                (AuditEvent.Action.PUBLISH, article.publish_at),
                (AuditEvent.Action.EXPIRE, article.expire_at),
            )
            if moment is not None and due_from <= moment <= now
        ]
        # The claim, for SQLite, which has no row locks: a concurrent run's update waits for
        # this transaction and then matches no row. It raises the version too.
        claimed = Article.objects.filter(pk=pk, schedule_due_at=due_from).update(
            version=F("version") + 1
        )
        if not claimed:
            return []
        article.version += 1
        article.schedule_due_at = article.next_schedule_moment(now)
        article.save(update_fields=["schedule_due_at", "version", "updated_at"])
        if not due or article.status != Article.Status.PUBLISHED:
            return []
        for action, moment in due:
            message = _("By the schedule (due %(date)s).") % {"date": _local(moment)}
            audit_record(action=action, user=None, obj=article, message=message)
            label = AuditEvent.Action(action).label
            _record_revision(article, None, f"{label.capitalize()}. {message}")
        applied = [action for action, _moment in due]
        feed_action = "expire_due" if AuditEvent.Action.EXPIRE in applied else "publish_due"
        article_changed.send(sender=Article, article=article, action=feed_action)
        return applied


def articles_apply_due_schedules(*, now=None, limit: int | None = None) -> list[tuple[int, str]]:
    """Apply every scheduled publication and expiry that has come (``publish_due``), one
    transaction per article so that one failure or lock holds up no other; cheap when
    nothing is due (one lookup in a partial index). Returns (pk, action) pairs applied."""
    now = now or timezone.now()
    pks = Article.objects.schedule_due(now).order_by("schedule_due_at", "pk")
    pks = list(pks.values_list("pk", flat=True)[:limit])
    applied = []
    for pk in pks:
        applied.extend((pk, action) for action in article_apply_schedule(pk=pk, now=now))
    return applied


def article_publish(*, article: Article, user, publish_at=None, expire_at=None) -> Article:
    """Publish now, or at ``publish_at`` (scheduling)."""
    return article_transition(
        article=article, user=user, action="publish", publish_at=publish_at, expire_at=expire_at
    )


@transaction.atomic
def articles_bulk_transition(*, articles, user, action: str, comment: str = "") -> int:
    """Apply one workflow move to several articles: all of them, or none (first error raised)."""
    count = 0
    for article in articles:
        article_transition(article=article, user=user, action=action, comment=comment)
        count += 1
    return count


@transaction.atomic
def articles_assign_topic(*, articles, user, topic: Topic) -> int:
    """Add ``topic`` to each article (a bulk action of the review queue); one revision each."""
    count = 0
    for article in articles:
        article_check_save(article=article, user=user)
        article.topics.add(topic)
        # A change of subjects is a change: a form opened before it must not overwrite it.
        Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
        article.refresh_from_db(fields=["version"])
        _record_revision(article, user, _("Subject “%(topic)s” added.") % {"topic": topic.name})
        article_changed.send(sender=Article, article=article, action="updated")
        count += 1
    return count


def _local(moment) -> str:
    """A time as editors read it: in the site's time zone, with the zone's abbreviation."""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def article_restore_recorded(*, article: Article, user, version) -> None:
    """Log that ``article`` was restored to the revision ``version`` (audit trail)."""
    audit_record(
        action=AuditEvent.Action.RESTORE,
        user=user,
        obj=article,
        message=_("Restored the revision of %(date)s (#%(id)s).")
        % {"date": _local(version.revision.date_created), "id": version.revision_id},
    )


#: What a restore leaves as it is now: the workflow state, the lock and the record.
RESTORE_KEEPS = frozenset(
    {
        "id",
        "status",
        "publish_at",
        "expire_at",
        "schedule_due_at",
        "version",
        "created_at",
        "updated_at",
    }
)


@transaction.atomic
def article_restore(*, article: Article, version, user) -> Article:
    """Bring ``article``'s text, subjects, entities and byline back to the revision
    ``version``, and nothing else.

    A revision may hold several articles (an older bulk action stored them together);
    only this article's own row and its own byline rows are read from it, so no other
    article changes. The status, schedule and version stay those of now (a restore does
    not publish or withdraw anything); the save goes through ``article_save`` (validation,
    lock, new revision) and the restore is in the audit trail.
    """
    article_type = ContentType.objects.get_for_model(Article)
    if version.content_type_id != article_type.pk or version.object_id != str(article.pk):
        raise ValidationError(_("This revision is not one of this article's."))
    current = Article.objects.select_for_update().get(pk=article.pk)
    permissions.require_restore_article(user, current)
    data = version.field_dict
    for field in Article._meta.concrete_fields:
        if field.name not in RESTORE_KEEPS and field.attname in data:
            setattr(current, field.attname, data[field.attname])
    byline_type = ContentType.objects.get_for_model(ArticleAuthor)
    links = [v.field_dict for v in version.revision.version_set.filter(content_type=byline_type)]
    links = sorted(
        (link for link in links if link.get("article_id") == article.pk),
        key=lambda link: link.get("position", 0),
    )
    authors_by_id = Author.objects.in_bulk([link["author_id"] for link in links])
    message = _("Restored the revision of %(date)s (#%(id)s).") % {
        "date": f"{version.revision.date_created:%Y-%m-%d %H:%M}",
        "id": version.revision_id,
    }
    article_save(
        article=current,
        user=user,
        comment=message,
        authors=[
            authors_by_id[link["author_id"]] for link in links if link["author_id"] in authors_by_id
        ],
        topics=list(Topic.objects.filter(pk__in=data.get("topics", []))),
        entities=list(Entity.objects.filter(pk__in=data.get("entities", []))),
    )
    audit_record(action=AuditEvent.Action.RESTORE, user=user, obj=current, message=message)
    return current


def _generic_foreign_keys():
    """Every GenericForeignKey of the project, except revision storage (history stays put)."""
    for model in apps.get_models():
        if model._meta.app_label in {"reversion", "admin"}:
            continue
        for field in model._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                yield model, field


#: Fields an editor may take from either article when merging (side by side, one choice each).
MERGE_FIELDS = (
    "title",
    "kind",
    "language",
    "publisher",
    "summary",
    "is_excerpt",
    "body_format",
    "body",
    "caption",
    "published_on",
    "source_name",
    "source_url",
)


@transaction.atomic
def article_merge(*, keep: Article, duplicate: Article, user, take=()) -> Article:
    """Fold ``duplicate`` into ``keep``, keeping every link of both, then delete ``duplicate``.

    - ``take``: names of ``MERGE_FIELDS`` whose value comes from the duplicate (the editor's
      choice, field by field); the others keep ``keep``'s value unless it is empty;

    - authors: ``keep``'s byline first, then the duplicate's authors it lacks;
    - subjects and entities: the union;
    - empty text fields of ``keep`` (summary, body, caption, date, publisher, source) are
      filled from the duplicate;
    - every other row that points at the duplicate, by a foreign key or a generic foreign
      key (e.g. the importer's provenance records), is repointed to ``keep``;
    - the duplicate's history stays in the revision store (recoverable), and the merge is
      in the audit trail.
    """
    _require(user, PERM_MERGE)
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different articles to merge."))
    keep = Article.objects.select_for_update().get(pk=keep.pk)
    duplicate = Article.objects.select_for_update().get(pk=duplicate.pk)
    description = f"“{duplicate.title}” (#{duplicate.pk}, {duplicate.slug})"

    # Byline: keep's order, then the duplicate's new authors after it.
    have = set(keep.article_authors.values_list("author_id", flat=True))
    position = (keep.article_authors.aggregate(m=Max("position"))["m"] or 0) + 1
    for link in duplicate.article_authors.order_by("position"):
        if link.author_id not in have:
            ArticleAuthor.objects.create(article=keep, author_id=link.author_id, position=position)
            position += 1
    keep.topics.add(*duplicate.topics.all())
    keep.entities.add(*duplicate.entities.all())
    unknown = set(take) - set(MERGE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field %(name)s.") % {"name": ", ".join(sorted(unknown))})
    for name in take:
        setattr(keep, name, getattr(duplicate, name))
    for name in ("summary", "body", "caption", "published_on", "publisher", "source_url"):
        if name not in take and not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))

    # Any other table pointing at the duplicate: plain foreign keys ...
    handled = {ArticleAuthor, Article.topics.through, Article.entities.through}
    for relation in Article._meta.related_objects:
        if relation.many_to_many or relation.related_model in handled:
            continue
        if relation.related_model._meta.app_label in {"reversion", "admin"}:
            continue
        relation.related_model._base_manager.filter(**{relation.field.name: duplicate.pk}).update(
            **{relation.field.name: keep.pk}
        )
    for relation in Article._meta.related_objects:
        if relation.many_to_many and relation.related_model not in handled:
            accessor = relation.get_accessor_name()
            for other in getattr(duplicate, accessor).all():
                getattr(keep, accessor).add(other)
    # ... and generic foreign keys (content type + object id).
    article_type = ContentType.objects.get_for_model(Article)
    for model, field in _generic_foreign_keys():
        model._base_manager.filter(
            **{field.ct_field: article_type, field.fk_field: duplicate.pk}
        ).update(**{field.fk_field: keep.pk})

    with reversion.create_revision():
        if _actor(user) is not None:
            reversion.set_user(user)
        reversion.set_comment(_("Deleted: merged into #%(pk)s.") % {"pk": keep.pk})
        reversion.add_to_revision(duplicate)
    duplicate_pk, duplicate_slug = duplicate.pk, duplicate.slug
    duplicate.delete()
    # The duplicate's address (and its old ones, repointed above) now lead to ``keep``.
    ArticleOldSlug.objects.update_or_create(slug=duplicate_slug, defaults={"article": keep})
    keep.full_clean()
    keep.version += 1
    _plan_schedule(keep)
    keep.save()
    message = _("Merged %(duplicate)s into this article.") % {"duplicate": description}
    audit_record(action=AuditEvent.Action.MERGE, user=user, obj=keep, message=message)
    _record_revision(keep, user, message)
    article_merged.send(
        sender=Article, keep=keep, duplicate_pk=duplicate_pk, duplicate_slug=duplicate_slug
    )
    return keep


@transaction.atomic
def demo_editor_ensure(*, username: str, password: str):
    """A staff account in the editors group, its password reset to ``password``."""
    groups = sync_role_groups(Group, Permission)
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.add(groups[EDITORS])
    return user
