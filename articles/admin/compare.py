"""Field-by-field comparison of two revisions of an article (django-reversion versions)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from partnerships.models import Entity

from ..models import Article, ArticleAuthor, Author, Publisher, Topic

#: Fields an editor cares about, in form order; bookkeeping fields are left out.
FIELDS = [
    "title",
    "slug",
    "kind",
    "language",
    "publisher",
    "summary",
    "is_excerpt",
    "body_format",
    "body",
    "caption",
    "topics",
    "entities",
    "featured",
    "status",
    "published_on",
    "publish_at",
    "expire_at",
    "source_name",
    "source_url",
]
_RELATED = {"publisher": Publisher, "topics": Topic, "entities": Entity}
_LONG = {"summary", "body"}


@dataclass
class Row:
    label: str
    old: str
    new: str
    changed: bool
    diff: SafeString | None = None


def _byline(version) -> str:
    """The authors of the revision, in signing order, from the byline rows saved with it."""
    author_type = ContentType.objects.get_for_model(ArticleAuthor)
    links = [v.field_dict for v in version.revision.version_set.filter(content_type=author_type)]
    # A revision may hold other articles' bylines (older bulk actions): keep this one's.
    article_id = int(version.object_id)
    links = [link for link in links if _author_link(link, "article") in (article_id, None)]
    links.sort(key=lambda link: link.get("position", 0))
    ids = [_author_link(link, "author") for link in links]
    names = dict(Author.objects.filter(pk__in=ids).values_list("pk", "name"))
    return ", ".join(names.get(i, f"#{i}") for i in ids)


def _author_link(field_dict: dict, name: str):
    """A foreign key of a saved byline row: stored by attribute name (``author_id``)."""
    return field_dict.get(f"{name}_id", field_dict.get(name))


def _display(name: str, value) -> str:
    field = Article._meta.get_field(name)
    if name in _RELATED:
        ids = value if isinstance(value, list | tuple) else [value]
        ids = [i for i in ids if i is not None]
        names = dict(_RELATED[name].objects.filter(pk__in=ids).values_list("pk", "name"))
        return ", ".join(sorted(names.get(i, f"#{i} (deleted)") for i in ids))
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if value is None or value == "":
        return "—"
    return str(value)


def _word_diff(old: str, new: str) -> SafeString:
    """Removed words struck through, added words underlined."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece is escaped above


def compare_versions(old, new) -> list[Row]:
    old_fields, new_fields = old.field_dict, new.field_dict
    rows = []
    for name in FIELDS:
        label = str(Article._meta.get_field(name).verbose_name).capitalize()
        a, b = _display(name, old_fields.get(name)), _display(name, new_fields.get(name))
        changed = a != b
        diff = _word_diff(a, b) if changed and name in _LONG else None
        rows.append(Row(label, a, b, changed, diff))
    a, b = _byline(old), _byline(new)
    rows.insert(
        5, Row(str(Article._meta.get_field("authors").verbose_name).capitalize(), a, b, a != b)
    )
    return rows
