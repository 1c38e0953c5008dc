"""Probable duplicate articles: the same normalised title (whatever the publisher), or
near-identical text.

Reads only (the merge is ``services.article_merge``). Texts are compared after
normalisation (case, accents, punctuation and spacing folded) with ``difflib``; pairs
that cannot reach the threshold are skipped by length before any comparison, so a
changelist of a few thousand articles stays fast. The result is cached until an article
changes.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Max

from .models import Article

#: difflib ratio of normalised "title summary" above which two articles are flagged.
THRESHOLD = 0.9
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def _pairs(rows) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    by_title = defaultdict(list)
    # The same normalised title is the same article whoever published it: a copy saved
    # without its publisher, or under another, is still a duplicate.
    for pk, title, _text, _publisher_id in rows:
        if title:
            by_title[title].append(pk)
    for pks in by_title.values():
        pairs.update((a, b) for a in pks for b in pks if a < b)

    items = sorted(((len(text), pk, text) for pk, _t, text, _p in rows if text))
    for i, (length, pk, text) in enumerate(items):
        matcher = difflib.SequenceMatcher(None, "", text, autojunk=False)  # b is cached
        for other_length, other_pk, other in items[i + 1 :]:
            # ratio <= 2 * shorter / (shorter + longer): stop once it cannot reach THRESHOLD.
            if 2 * length / (length + other_length) < THRESHOLD:
                break
            matcher.set_seq1(other)
            if (
                matcher.real_quick_ratio() >= THRESHOLD
                and matcher.quick_ratio() >= THRESHOLD
                and matcher.ratio() >= THRESHOLD
            ):
                pairs.add((min(pk, other_pk), max(pk, other_pk)))
    return pairs


def probable_duplicates() -> dict[int, set[int]]:
    """Map each flagged article id to the ids of the articles it probably duplicates."""
    stamp = Article.objects.aggregate(n=Count("pk"), t=Max("updated_at"), m=Max("pk"))
    changed = stamp["t"].timestamp() if stamp["t"] else 0
    key = f"articles:duplicates:{stamp['n']}:{stamp['m']}:{changed}"
    found = cache.get(key)
    if found is None:
        rows = [
            (pk, normalise(title), normalise(f"{title} {summary}"), publisher_id)
            for pk, title, summary, publisher_id in Article.objects.order_by().values_list(
                "pk", "title", "summary", "publisher_id"
            )
        ]
        found = defaultdict(set)
        for a, b in _pairs(rows):
            found[a].add(b)
            found[b].add(a)
        found = dict(found)
        cache.set(key, found, 3600)
    return found


def duplicates_of(article: Article):
    """The articles ``article`` probably duplicates, as a queryset."""
    return Article.objects.filter(pk__in=probable_duplicates().get(article.pk, ())).order_by("pk")
