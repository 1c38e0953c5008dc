"""Import scraped pages: read, parse, then write everything in one transaction.

``load_document`` turns bytes into a parsed page or raises ``SeedImportError`` naming the
file (empty, binary, not UTF-8, unrecognised layout). ``import_documents`` writes a list
of loaded pages atomically and returns one ``FileReport`` per page; with ``dry_run`` the
transaction is rolled back, so the report says what *would* change.

Re-importing is idempotent: an article is identified by its publisher, title and date
(``Provenance.key``), whatever document lists it. A field is updated only if it still
holds the previously imported value; a field an editor changed is kept and reported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.caching import invalidate as invalidate_page_cache
from articles.counts import recount_all as recount_published_counts
from articles.events import articles_bulk_changed
from articles.models import (
    Article,
    ArticleAuthor,
    AuditEvent,
    Author,
    Publisher,
    Rubric,
    Topic,
)
from articles.rubrics import rubric_for
from articles.services import audit_record
from articles.subject_names import fill_names, known_subject
from config import permissions
from partnerships.models import Entity, Membership, Milestone, Source

from .html import looks_like_html, parse_html
from .linking import EntityIndex
from .linking import key as name_key
from .models import Document, Provenance
from .parsers import ParsedDocument, ParseError, parse
from .parsers.base import ParsedItem
from .parsers.detect import LAYOUT_NAMES
from .parsers.text import fold

TRACKED = (
    "title",
    "summary",
    "body",
    "kind",
    "language",
    "is_excerpt",
    "published_on",
    "published_precision",
    "caption",
)
# What a field held before it was tracked: provenance written earlier lacks the key.
UNTRACKED_DEFAULTS = {"published_precision": "day"}
BATCH = 500


def shorten(text: str, length: int) -> str:
    """``text`` cut at a word to fit a column of ``length`` characters, with an ellipsis."""
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


class SeedImportError(Exception):
    """A page cannot be imported; the message names the file."""


@dataclass
class LoadedDocument:
    name: str
    sha256: str
    parsed: ParsedDocument


@dataclass
class FileReport:
    name: str
    layout: str
    title: str
    items: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    entities_created: int = 0
    memberships_created: int = 0
    milestones_created: int = 0
    changes: list[str] = field(default_factory=list)
    document: Document | None = None
    warnings: list[str] = field(default_factory=list)
    parsed: ParsedDocument | None = None  # what was read, for the per-item preview
    linked: dict[int, list[str]] = field(default_factory=dict)  # item position -> entities

    @property
    def layout_name(self) -> str:
        """The layout in words, for editors."""
        return LAYOUT_NAMES.get(self.layout, self.layout)

    @property
    def preview_items(self) -> list[dict]:
        if self.parsed is None:
            return []
        return [
            {"item": item, "entities": self.linked.get(item.position, [])}
            for item in self.parsed.items
        ]

    def summary_line(self) -> str:
        return (
            f"{self.name} [{self.layout}]: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.conflicts)} conflicts"
            f" (entities +{self.entities_created}, memberships +{self.memberships_created},"
            f" milestones +{self.milestones_created})"
        )

    def audit_message(self, limit: int = 20) -> str:
        """The summary, then the conflicts and warnings an editor must look at (the desk
        shows them under "Recent imports")."""
        lines = [f"{self.summary_line()}, {len(self.warnings)} warnings"]
        lines += [f"conflict: {text}" for text in self.conflicts[:limit]]
        lines += [f"warning: {text}" for text in self.warnings[:limit]]
        return "\n".join(lines)


def load_document(name: str, data: bytes) -> LoadedDocument:
    """Decode and parse one page; ``SeedImportError`` with the file name if impossible."""
    if not data.strip():
        raise SeedImportError(f"{name}: the file is empty")
    if b"\x00" in data:
        raise SeedImportError(f"{name}: binary content (NUL bytes), not a text page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SeedImportError(
            f"{name}: unreadable encoding, expected UTF-8 ({error.reason} at byte {error.start})"
        ) from error
    try:
        parsed = parse_html(text) if looks_like_html(name, data) else parse(text)
    except ParseError as error:
        raise SeedImportError(f"{name}: {error}") from error
    return LoadedDocument(name=name, sha256=hashlib.sha256(data).hexdigest(), parsed=parsed)


def import_documents(
    documents: Sequence[LoadedDocument],
    *,
    publish: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    user=None,
) -> list[FileReport]:
    """Write ``documents`` in one transaction (rolled back under ``dry_run``).

    Each imported file is logged in the editorial audit trail, with ``user`` when an
    editor imported it from the admin.
    """
    if publish and user is not None and not permissions.can_publish(user):
        raise PermissionDenied(_("You do not have permission to publish what you import."))
    with transaction.atomic():
        importer = _Importer(publish=publish, progress=progress, user=user)
        reports = [importer.run(document) for document in documents]
        if dry_run:
            transaction.set_rollback(True)
        else:
            # Articles arrive by bulk_create, which sends no signal: stale the page cache.
            invalidate_page_cache()
            recount_published_counts()
            for report in reports:
                audit_record(
                    action=AuditEvent.Action.IMPORT,
                    user=user,
                    obj=report.document,
                    message=report.audit_message(),
                )
    return reports


def _values(item: ParsedItem) -> dict:
    return {
        "title": shorten(item.title, 500),
        "summary": item.summary,
        "body": item.body,
        "kind": item.kind,
        "language": item.language,
        "is_excerpt": item.is_excerpt,
        "published_on": item.published_on.isoformat() if item.published_on else None,
        "published_precision": item.published_precision if item.published_on else "day",
        "caption": item.caption[:500],
    }


def _current(article: Article, name: str):
    value = getattr(article, name)
    return value.isoformat() if isinstance(value, date) else value


def _hash(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


class _Importer:
    def __init__(self, *, publish: bool, progress, user=None):
        self.publish = publish
        self.user = user
        self.progress = progress
        self.now = timezone.now()
        self.index = EntityIndex()
        self.article_type = ContentType.objects.get_for_model(Article)
        self.types = {
            model: ContentType.objects.get_for_model(model)
            for model in (Entity, Membership, Milestone)
        }
        self.slugs = set(Article.objects.values_list("slug", flat=True))
        self.topics: dict[str, Topic] = {}
        self.authors: dict[str, Author] = {}

    # -- helpers ---------------------------------------------------------------------
    def unique_slug(self, title: str) -> str:
        base = slugify(fold(title))[:180].strip("-") or "article"
        slug, number = base, 2
        while slug in self.slugs:
            slug, number = f"{base}-{number}", number + 1
        self.slugs.add(slug)
        return slug

    def topic(self, name: str, language: str, description: str = "") -> Topic:
        # A known subject has its name in both languages, whichever the page gives.
        known = known_subject(name)
        slug = known[0] if known else slugify(fold(name))[:200] or "subject"
        if slug not in self.topics:
            name = shorten(name, 200)  # a column's length: shortened, never a database error
            defaults = {"name": name, "name_fr": name if language == "fr" else ""}
            if known:
                defaults = {"name": known[1], "name_fr": known[2]}
            if description:
                defaults["description_fr" if language == "fr" else "description"] = description
            topic, _ = Topic.objects.get_or_create(slug=slug, defaults=defaults)
            if changed := fill_names(topic):  # blanks only, never an editor's name
                topic.save(update_fields=[*changed, "updated_at"])
            self.topics[slug] = topic
        topic = self.topics[slug]
        field = "description_fr" if language == "fr" else "description"
        if description and not getattr(topic, field):
            setattr(topic, field, description)  # fill a blank, never overwrite an editor's text
            topic.save(update_fields=[field, "updated_at"])
        return topic

    def author(self, name: str, publisher: Publisher) -> Author:
        slug = slugify(fold(name))[:200] or "author"
        if slug not in self.authors:
            organisation = fold(publisher.name) in fold(name)
            kind = Author.Kind.ORGANISATION if organisation else Author.Kind.PERSON
            self.authors[slug], _ = Author.objects.get_or_create(
                slug=slug, defaults={"name": shorten(name, 200), "kind": kind}
            )
        return self.authors[slug]

    def provenance(self, document, obj, *, key, position, line=0, values=None) -> None:
        values = values or {}
        Provenance.objects.update_or_create(
            document=document,
            content_type=self.types.get(type(obj)) or ContentType.objects.get_for_model(obj),
            key=key[:255],
            defaults={
                "object_id": obj.pk,
                "position": position,
                "line": line,
                "content_hash": _hash(values),
                "imported_values": values,
                "imported_at": self.now,
            },
        )

    # -- one document ----------------------------------------------------------------
    def run(self, loaded: LoadedDocument) -> FileReport:
        parsed = loaded.parsed
        report = FileReport(
            loaded.name, parsed.layout, parsed.title, warnings=list(parsed.warnings), parsed=parsed
        )
        document, _document_created = Document.objects.update_or_create(
            name=loaded.name,
            defaults={
                "sha256": loaded.sha256,
                "layout": parsed.layout,
                "title": parsed.title[:500],
                "imported_at": self.now,
            },
        )
        report.document = document
        publisher_name = (parsed.publisher.name or _("Unknown publisher"))[:200]
        publisher, _created = Publisher.objects.get_or_create(
            slug=slugify(fold(publisher_name))[:200] or "publisher",
            defaults={"name": publisher_name, "url": parsed.publisher.url[:200]},
        )
        created_before = len(self.index.created)
        local = self.write_entities(document, parsed, report)
        self.write_items(document, parsed, publisher, local, report)
        report.entities_created = len(self.index.created) - created_before
        return report

    def write_entities(self, document, parsed, report) -> dict[str, Entity]:
        local: dict[str, Entity] = {}
        if not (parsed.entities or parsed.memberships or parsed.milestones):
            return local
        source, _ = Source.objects.get_or_create(
            title=parsed.title[:300],
            as_of=parsed.as_of,
            defaults={"publisher": parsed.publisher.name[:200], "url": parsed.publisher.url},
        )

        def resolve(name: str) -> Entity:
            entity = local.get(name_key(name)) or self.index.resolve(name)
            if entity is None:
                entity = self.index.create(name, kind=Entity.Kind.OTHER)
                report.warnings.append(f"unknown name {name!r} recorded as 'other' entity")
            return entity

        for position, parsed_entity in enumerate(parsed.entities, 1):
            entity = None
            if parsed_entity.kind == "bilateral" and parsed_entity.sides:
                sides = [resolve(side) for side in parsed_entity.sides]
                # "NATO–EU strategic partnership": keep what follows the pair of sides.
                suffix = (
                    parsed_entity.name.split(" ", 1)[1]
                    if "–" in parsed_entity.name.split(" ")[0]
                    else ""
                )
                name = "–".join(side.short_name or side.name for side in sides)
                name_fr = "–".join(side.short_name or side.name_fr or side.name for side in sides)
                if suffix:
                    name, name_fr = f"{name} {suffix}", ""
                entity = self.index.resolve(name) or self.index.create(
                    name, kind="bilateral", name_fr=name_fr
                )
                if name_fr:
                    self.index.add_alias(entity, name_fr, "fr")
                self.index.add_alias(entity, parsed_entity.name)
            else:
                entity = self.index.resolve(parsed_entity.name)
                if entity is None and parsed_entity.short_name:
                    entity = self.index.resolve(parsed_entity.short_name)
                if entity is None:
                    extra = {"name_fr": parsed_entity.name} if parsed.language == "fr" else {}
                    entity = self.index.create(
                        parsed_entity.name,
                        kind=parsed_entity.kind,
                        short_name=parsed_entity.short_name,
                        **extra,
                    )
            if parsed_entity.start and entity.start_date is None:
                entity.start_date = parsed_entity.start
                entity.start_precision = parsed_entity.start_precision
                entity.save(update_fields=["start_date", "start_precision", "updated_at"])
            if parsed_entity.kind in ("commission", "council") and entity.parent_id is None:
                # A joint body ("NATO-Ukraine Commission") is run by its organisation side.
                sides = [self.index.resolve(side) for side in parsed_entity.sides]
                entity.parent = next((e for e in sides if e and e.kind == "organisation"), None)
                if entity.parent:
                    entity.save(update_fields=["parent", "updated_at"])
            local[name_key(parsed_entity.name)] = entity
            self.provenance(document, entity, key=f"entity:{entity.slug}", position=position)

        for position, fact in enumerate(parsed.memberships, 1):
            member, group = resolve(fact.member), resolve(fact.group)
            if member == group:
                continue
            membership = Membership.objects.filter(
                member=member, group=group, role=fact.role, source=source, since=fact.since
            ).first()
            if membership is None:
                membership = Membership.objects.create(
                    evidence=fact.evidence,
                    member=member,
                    group=group,
                    role=fact.role,
                    since=fact.since,
                    since_precision=fact.since_precision if fact.since else "year",
                    until=fact.until,
                    until_precision=fact.until_precision if fact.until else "year",
                    source=source,
                    until_source=source if fact.until else None,  # the page states the end
                )
                report.memberships_created += 1
                report.changes.append(f"+ membership: {membership}")
            self.provenance(
                document, membership, key=f"membership:{membership.pk}", position=position
            )

        for position, fact in enumerate(parsed.milestones, 1):
            entity = resolve(fact.entity)
            milestone, created = Milestone.objects.get_or_create(
                entity=entity,
                date=fact.on,
                title=fact.title[:300],
                defaults={"precision": fact.precision, "source": source},
            )
            if created:
                report.milestones_created += 1
                report.changes.append(f"+ milestone: {milestone}")
            self.provenance(document, milestone, key=f"milestone:{milestone.pk}", position=position)
        return local

    def item_key(self, publisher: Publisher, item: ParsedItem) -> str:
        day = item.published_on.isoformat() if item.published_on else ""
        return f"article:{publisher.slug}:{day}:{slugify(fold(item.title))}"[:255]

    def write_items(self, document, parsed, publisher, local, report) -> None:
        if parsed.topic:
            self.topic(parsed.topic.name, parsed.topic.language, parsed.topic.description)
        items = parsed.items
        report.items = len(items)
        keys = [self.item_key(publisher, item) for item in items]
        known: dict[str, Provenance] = {}
        for start in range(0, len(keys), BATCH):
            for provenance in Provenance.objects.filter(
                content_type=self.article_type, key__in=keys[start : start + BATCH]
            ).order_by("imported_at"):
                known[provenance.key] = provenance
        # Locked until the import commits: an editor's save waits, then finds a newer
        # version and is refused (it never silently overwrites the import, nor the reverse).
        articles = Article.objects.select_for_update().in_bulk(
            [p.object_id for p in known.values()]
        )
        publish = self.publish and not parsed.needs_review
        status = Article.Status.PUBLISHED if publish else Article.Status.REVIEW

        new: list[tuple[ParsedItem, str, dict, Article]] = []
        provenances: list[Provenance] = []
        for item, item_key in zip(items, keys, strict=True):
            values = _values(item)
            provenance = known.get(item_key)
            article = articles.get(provenance.object_id) if provenance else None
            if article is None:
                article = Article(
                    slug=self.unique_slug(item.title),
                    status=status,
                    publisher=publisher,
                    **{**values, "published_on": item.published_on},
                )
                new.append((item, item_key, values, article))
                report.created += 1
                report.changes.append(f"+ {item.kind}: {item.title}")
            else:
                self.update(article, item, values, provenance, report)
                if provenance.document_id != document.pk:
                    provenances.append(
                        self.new_provenance(document, article, item_key, item, values)
                    )
                else:
                    provenance.position, provenance.line = item.position, item.line
                    provenance.save(update_fields=["position", "line"])
            if self.progress:
                self.progress(1)

        Article.objects.bulk_create([entry[3] for entry in new], batch_size=BATCH)
        bylines, topic_links, entity_links, rubric_links = [], [], [], []
        for item, item_key, values, article in new:
            provenances.append(self.new_provenance(document, article, item_key, item, values))
            for position, name in enumerate(item.authors):
                bylines.append(
                    ArticleAuthor(
                        article=article, author=self.author(name, publisher), position=position
                    )
                )
            for name in item.topics:
                # The page's own subject is a subject; any other label is a rubric (tag),
                # filed under a subject only where an editor mapped it (articles.rubrics).
                if parsed.topic and name == parsed.topic.name:
                    topic_id = self.topic(name, parsed.language).pk
                else:
                    rubric = rubric_for(name, publisher=publisher, language=parsed.language)
                    rubric_links.append(rubric.articles.through(rubric=rubric, article=article))
                    topic_id = rubric.topic_id
                if topic_id:
                    topic_links.append(
                        Article.topics.through(article_id=article.pk, topic_id=topic_id)
                    )
            text = " ".join((item.title, item.summary, item.body, item.caption))
            entities = {e.pk: e for e in self.index.mentions(text)}
            for name in item.entity_names:
                entity = local.get(name_key(name)) or self.index.resolve(name)
                if entity:
                    entities.setdefault(entity.pk, entity)
            report.linked[item.position] = [str(entity) for entity in entities.values()]
            for entity_id in entities:
                entity_links.append(
                    Article.entities.through(article_id=article.pk, entity_id=entity_id)
                )
        Provenance.objects.bulk_create(provenances, batch_size=BATCH, ignore_conflicts=True)
        ArticleAuthor.objects.bulk_create(bylines, batch_size=BATCH, ignore_conflicts=True)
        Article.topics.through.objects.bulk_create(
            topic_links, batch_size=BATCH, ignore_conflicts=True
        )
        Rubric.articles.through.objects.bulk_create(
            rubric_links, batch_size=BATCH, ignore_conflicts=True
        )
        Article.entities.through.objects.bulk_create(
            entity_links, batch_size=BATCH, ignore_conflicts=True
        )
        self.record_originals(document, [entry[3] for entry in new], publish)
        # The change feed and webhooks follow imports too (bulk_create sends no save signal).
        articles_bulk_changed.send(
            sender=Article, pks=[entry[3].pk for entry in new], action="created"
        )

    def record_originals(self, document, articles, publish: bool) -> None:
        """Each new article's first revision is the imported original (with its byline);
        a publication by ``--publish`` is in the audit trail like one made in the admin."""
        comment = _("Imported from %(name)s.") % {"name": document.name}
        for article in articles:
            with reversion.create_revision():
                if self.user is not None and getattr(self.user, "is_authenticated", False):
                    reversion.set_user(self.user)
                reversion.set_comment(comment)
                reversion.add_to_revision(article)
        if publish and articles:
            article_type = self.article_type
            actor = self.user if getattr(self.user, "is_authenticated", False) else None
            AuditEvent.objects.bulk_create(
                [
                    AuditEvent(
                        action=AuditEvent.Action.PUBLISH,
                        user=actor,
                        content_type=article_type,
                        object_id=str(article.pk),
                        object_repr=str(article)[:500],
                        message=comment,
                    )
                    for article in articles
                ],
                batch_size=BATCH,
            )

    def new_provenance(self, document, article, item_key, item, values) -> Provenance:
        return Provenance(
            content_type=self.article_type,
            object_id=article.pk,
            document=document,
            key=item_key,
            position=item.position,
            line=item.line,
            content_hash=_hash(values),
            imported_values=values,
            imported_at=self.now,
        )

    def update(self, article, item, values, provenance, report) -> None:
        # Version check under the row lock: if an editor saved since this import read the
        # article, compare with what the editor saved, so their change is kept and reported.
        current = (
            Article.objects.select_for_update().values_list("version", flat=True).get(pk=article.pk)
        )
        if current != article.version:
            article.refresh_from_db()
        before = provenance.imported_values
        changed, conflicts, imported = [], [], dict(before)
        for name in TRACKED:
            current, new = _current(article, name), values[name]
            old = before.get(name, UNTRACKED_DEFAULTS.get(name))
            if current == new:
                imported[name] = new
            elif current == old:
                setattr(article, name, item.published_on if name == "published_on" else new)
                changed.append(name)
                imported[name] = new
            else:
                conflicts.append(name)
        publishing = self.publish and article.status == Article.Status.REVIEW
        if publishing:
            article.status = Article.Status.PUBLISHED
            changed.append("status")
        if changed:
            article.version += 1
            article.save(update_fields=[*changed, "version", "updated_at"])
            with reversion.create_revision():
                reversion.set_comment(_("Updated by a re-import: %s.") % ", ".join(changed))
                reversion.add_to_revision(article)
            if publishing:
                audit_record(action=AuditEvent.Action.PUBLISH, user=self.user, obj=article)
            articles_bulk_changed.send(sender=Article, pks=[article.pk], action="updated")
            report.updated += 1
            report.changes.append(f"~ {article.title}: {', '.join(changed)}")
        elif not conflicts:
            report.unchanged += 1
        for name in conflicts:
            report.conflicts.append(
                f"{article.title!r} ({article.slug}): {name} edited since import, kept"
            )
        if imported != before:
            provenance.imported_values = imported
            provenance.content_hash = _hash(imported)
            provenance.save(update_fields=["imported_values", "content_hash"])
