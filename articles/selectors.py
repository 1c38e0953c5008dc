"""Reads of the public site. Every article list starts from ``Article.objects.published()``
and loads its relations with ``with_related()``, so a page costs the same number of SQL
queries whatever its length."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page
from django.core.validators import slug_re
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.utils.translation import get_language

from config.paging import CappedPaginator

from . import caching, counts, fragments
from .models import Article, Author, FacetCount, Language, Topic

# The institution's press items: shown apart from its own publications.
PRESS_KINDS = (Article.Kind.MEDIA_MENTION, Article.Kind.INTERVIEW)
FACETS = ("kind", "language", "year", "entity")


def page_size() -> int:
    return getattr(settings, "SITE_PAGE_SIZE", 20)


def paginate(queryset, number, per_page=None, count=None) -> Page:
    """One page of ``queryset``; a missing or nonsense page number gives the nearest page.
    ``count``, when known (kept by ``articles.counts``), spares the COUNT query."""
    paginator = CappedPaginator(queryset, per_page or page_size())
    if count is not None:
        paginator.set_count(count)
    return paginator.get_page(number)


def kept_count(count: int) -> int | None:
    """A published count kept by ``articles.counts``, for a list too long to count live
    (a publisher of 100,000 articles: the capped COUNT alone ran past the statement
    timeout at a million articles); None, to count live, below the cap, where counting is
    cheap and exact even between two runs of ``recount_published``."""
    return count if count >= CappedPaginator.cap else None


def load_lists(*querysets) -> list[list]:
    """Evaluate several article lists of one page and ready their cards together
    (``articles.fragments``): one cache read, and one byline query for the cards not
    rendered before (none when all of them were)."""
    lists = [list(queryset) for queryset in querysets]
    fragments.prepare_cards(*lists)
    return lists


def published_articles():
    return Article.objects.published()


def featured_ids():
    """The ids of the featured articles, as a subquery on the (featured, status) index:
    filtering ``featured`` in the newest-first query made SQLite walk that whole index for
    the few featured rows (~14 ms of the 18 ms home page at 10,000 articles, issue 14)."""
    return Article.objects.filter(featured=True, status=Article.Status.PUBLISHED).values("pk")


def topics_with_counts():
    """Every subject with the number of its published articles (kept in a column by
    ``articles.counts``: counting here would join the whole articles table)."""
    return Topic.objects.annotate(article_count=F("published_count")).select_related("parent")


def subtopics_and_related(topic) -> tuple[list, list]:
    """A subject's subtopics and related subjects, in one query."""
    links = Topic.related.through.objects.filter(from_topic=topic, to_topic=OuterRef("pk"))
    others = Topic.objects.filter(Q(parent=topic) | Q(Exists(links))).annotate(
        is_related=Exists(links)
    )
    others = list(others.order_by("name"))
    children = [t for t in others if t.parent_id == topic.pk]
    return children, [t for t in others if t.is_related]


@dataclass
class FacetChoice:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetedList:
    """A subject's publications and press items, filtered by the facets of the request."""

    publications: Page
    press: Page
    facets: dict[str, list[FacetChoice]] = field(default_factory=dict)
    selected: dict[str, str] = field(default_factory=dict)
    #: Names this version of ``facets`` (their cache key and generations): the key of
    #: their rendered links (``site_tags.facet_lists``); empty when not cached.
    facets_version: str = ""


def _apply(queryset, name, value):
    if name == "kind":
        return queryset.filter(kind=value)
    if name == "language":
        return queryset.filter(language=value)
    if name == "year":
        return queryset.filter(published_on__year=value)
    if name == "entity":
        return queryset.filter(entities__slug=value)
    raise ValueError(name)


def _clean_selection(params) -> dict[str, str]:
    selected = {}
    kinds = set(Article.Kind.values)
    for name in FACETS:
        value = (params.get(name) or "").strip()
        if not value:
            continue
        if name == "kind" and value not in kinds:
            continue
        if name == "language" and value not in ("en", "fr"):
            continue
        if name == "year" and not (
            value.isascii() and value.isdigit() and len(value) == 4 and value != "0000"
        ):
            continue
        if name == "entity" and not slug_re.fullmatch(value):
            continue
        selected[name] = value
    return selected


#: Orders readers may choose on catalogue pages; each has an index-friendly tiebreaker.
SORTS = {
    "newest": (F("published_on").desc(nulls_last=True), "-created_at", "-pk"),
    "oldest": (F("published_on").asc(nulls_last=True), "created_at", "pk"),
    "title": ("title", "pk"),
}


def faceted_articles(base, params, sortable=False, topic=None) -> FacetedList:
    """Filter ``base`` (published articles) to ``topic`` (none: the whole catalogue) and
    by the facets in ``params``; count each facet's choices over the articles that the
    *other* selected facets leave, so that choices combine.

    The counts (and the lists' totals) are sums of the facet cells kept by
    ``articles.counts``: two small index reads whatever the size of the subject."""
    selected = _clean_selection(params)
    facets, counts, version = _cached_facets(topic, selected)
    publications_count, press_count, catalogue, subject_total = counts
    press_kinds = set(PRESS_KINDS)

    def listing(kinds, count, page_param):
        articles = base.filter(kind__in=kinds)
        if topic is not None:
            number = _page_number(params.get(page_param))
            walk = _walk_is_cheaper(number, count, catalogue, subject_total)
            articles = articles.filter(_in_topic(topic, walk))
        for name, value in selected.items():
            articles = _apply(articles, name, value)
        articles = articles.defer("body")
        sort = params.get("sort") if sortable else None
        articles = articles.order_by(*SORTS[sort]) if sort in SORTS else articles.newest_first()
        return paginate(articles, params.get(page_param), count=count)

    publication_kinds = [kind for kind in Article.Kind.values if kind not in press_kinds]
    publications = listing(publication_kinds, publications_count, "page")
    press = listing(list(PRESS_KINDS), press_count, "press_page")
    publications.object_list, press.object_list = load_lists(
        publications.object_list, press.object_list
    )
    return FacetedList(
        publications=publications,
        press=press,
        facets=facets,
        selected=selected,
        facets_version=version,
    )


#: Facet choices and list totals kept at most this long: a save, ``publish_due``'s included,
#: shows at once; a count repaired by ``recount_published`` alone shows by then.
FACET_SECONDS = 600


def _cached_facets(topic, selected) -> tuple[dict, tuple, str]:
    """``_facets(topic, selected)``, cached under the generations of the subject's page
    (``topic:<slug>``; the catalogue's: ``lists``) and ``site``, which every write that
    changes a count or a label bumps (``articles.signals``): summing a large subject's
    cells and its hundreds of entity choices was ~15 % of its uncached page (issue 14)."""
    scope = f"topic:{topic.slug}" if topic is not None else caching.LISTS
    generations = [caching.generation_key(caching.SITE), caching.generation_key(scope)]
    raw = repr((topic.pk if topic is not None else None, sorted(selected.items()), get_language()))
    key = "site:facets:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get_many([key, *generations])  # one round trip
    stamp = caching.current_generations(generations, found)
    version = ":".join([key, *stamp])
    entry = found.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1], entry[2], version
    facets, counts = _facets(topic, selected)
    cache.set(key, (stamp, facets, counts), FACET_SECONDS)
    return facets, counts, version


def _facets(topic, selected) -> tuple[dict, tuple]:
    """The facets' choices, and the totals of the publications, the press items, the
    catalogue and the subject, summed from the kept facet cells."""
    cells = FacetCount.objects.filter(topic=topic)
    scope = _entity_scope(selected.get("entity"))
    # The subject's cells and the catalogue's (to weigh the subject's share, below).
    found = FacetCount.objects.filter(Q(topic=topic) | Q(topic__isnull=True), **scope)
    found = found.exclude(kind=counts.ROLLUP)
    found = list(found.values_list("topic_id", "kind", "language", "year", "count"))
    own = topic.pk if topic is not None else None
    rows = [row[1:] for row in found if row[0] == own]
    catalogue = sum(row[4] for row in found if row[0] is None)
    facets = {
        "kind": _sum_by(rows, selected, "kind", dict(Article.Kind.choices)),
        "language": _sum_by(rows, selected, "language", dict(Language.choices)),
        "year": _sum_by(rows, selected, "year", {}),
        "entity": _entity_facet(cells, selected),
    }
    for name, choices in facets.items():
        for choice in choices:
            choice.selected = selected.get(name) == choice.value
    press_kinds = set(PRESS_KINDS)
    matching = [row for row in rows if _matches(row, selected, None)]
    press_count = sum(row[3] for row in matching if row[0] in press_kinds)
    publications_count = sum(row[3] for row in matching) - press_count
    subject_total = sum(row[3] for row in rows)
    return facets, (publications_count, press_count, catalogue, subject_total)


def _page_number(raw) -> int:
    try:
        return max(1, int(raw))
    except (TypeError, ValueError):
        return 1


def _walk_is_cheaper(number, matching, catalogue, subject) -> bool:
    """Whether walking the newest-first index and probing each article's subject finds
    page ``number`` sooner than gathering all the subject's articles and sorting them.

    The walk reads about ``(offset + page) * catalogue / matching`` rows (the share of the
    catalogue that matches decides how many it skips); gathering reads every article of
    the subject. A planner decides this from statistics (PostgreSQL); SQLite has none for
    a subject's share, so the facet cells' totals tell it here."""
    if matching <= 0:
        return False
    return number * page_size() * catalogue / matching < subject


def _in_topic(topic, walk: bool) -> Q:
    if walk:
        links = Article.topics.through.objects.filter(article=OuterRef("pk"), topic=topic)
        return Q(Exists(links))
    return Q(topics=topic)


#: Positions of a facet cell's columns in the rows read above.
_COLUMNS = {"kind": 0, "language": 1, "year": 2}


def _entity_scope(slug):
    return {"entity__slug": slug} if slug else {"entity__isnull": True}


def _matches(row, selected, except_name) -> bool:
    for name, position in _COLUMNS.items():
        if name != except_name and name in selected and str(row[position]) != selected[name]:
            return False
    return True


def _sum_by(rows, selected, name, labels) -> list[FacetChoice]:
    """The choices of facet ``name`` with their counts over the cells that the other
    selected facets leave; years newest first, undated articles not a choice."""
    position = _COLUMNS[name]
    totals: dict = {}
    for row in rows:
        if row[position] is not None and _matches(row, selected, name):
            totals[row[position]] = totals.get(row[position], 0) + row[3]
    ordered = sorted(totals, reverse=name == "year")
    return [
        FacetChoice(str(value), str(labels.get(value, value)), totals[value], False)
        for value in ordered
        if totals[value]
    ]


def _entity_facet(cells, selected) -> list[FacetChoice]:
    scope = {name: value for name, value in selected.items() if name in _COLUMNS}
    if "year" in scope:
        scope["year"] = int(scope["year"])
    # Nothing selected: the roll-up cells, one per entity.
    scope = scope or {"kind": counts.ROLLUP}
    rows = (
        cells.filter(entity__isnull=False, **scope)
        .values("entity__slug", "entity__name", "entity__name_fr", "entity__short_name")
        .annotate(n=Sum("count"))
        .order_by("-n", "entity__name")
    )
    french = (get_language() or "").startswith("fr")
    return [
        FacetChoice(
            r["entity__slug"],
            r["entity__short_name"] or (french and r["entity__name_fr"]) or r["entity__name"],
            r["n"],
            False,
        )
        for r in rows
    ]


#: Related articles' ids kept at most this long (a scheduled publication shows by then).
RELATED_SECONDS = 600


def related_articles(article, limit=5):
    """Published articles that share a subject or an entity with ``article``, newest first.

    Finding them walks the newest-first index probing links (four queries, ~60 % of an
    uncached article page, issue 14), so their ids are cached per article until any
    article changes (the ``content`` and ``site`` generations of ``articles.caching``) or
    for ``RELATED_SECONDS``; the rows are read again by id from the published articles on
    every page, so one withdrawn or expired since is never shown."""
    key = f"site:related:{article.pk}:{limit}"
    generations = [caching.generation_key(caching.SITE), caching.generation_key(caching.CONTENT)]
    found = cache.get_many([key, *generations])  # one round trip
    stamp = caching.current_generations(generations, found)
    entry = found.get(key)
    if entry is None or entry[0] != stamp:
        found = _related_articles(article, limit + 2)
        cache.set(key, (stamp, [other.pk for other in found]), RELATED_SECONDS)
        return found[:limit]
    ids = entry[1]
    if not ids:
        return []
    rows = published_articles().filter(pk__in=ids).only(*RELATED_FIELDS)
    return sorted(rows, key=_newest_first_key)[:limit]


RELATED_FIELDS = ("slug", "title", "language", "published_on", "published_precision", "created_at")


def _related_articles(article, limit):
    # The ids as literals (two small index reads): with subqueries instead, PostgreSQL
    # hashes every link of a large subject (25,000 rows at a million articles) first.
    topic_ids = list(
        Article.topics.through.objects.filter(article=article.pk).values_list("topic_id", flat=True)
    )
    entity_ids = list(
        Article.entities.through.objects.filter(article=article.pk).values_list(
            "entity_id", flat=True
        )
    )
    # One EXISTS per query, walked in the order of the newest-first index and probing
    # the link's (article, subject) index: the first ``limit`` matches end the scan. (Two
    # EXISTS joined by OR are planned by PostgreSQL as hashes of every link of a large
    # subject; a join would gather and sort a quarter of the corpus to keep five.)
    candidates = published_articles().exclude(pk=article.pk)
    candidates = candidates.only(*RELATED_FIELDS)
    found = {}
    for through, lookup, ids in (
        (Article.topics.through, "topic__in", topic_ids),
        (Article.entities.through, "entity__in", entity_ids),
    ):
        if ids:
            links = through.objects.filter(article=OuterRef("pk"), **{lookup: ids})
            for other in candidates.filter(Exists(links)).newest_first()[:limit]:
                found[other.pk] = other
    return sorted(found.values(), key=_newest_first_key)[:limit]


def _newest_first_key(article):
    """``ArticleQuerySet.newest_first()`` in Python: dated newest first, undated last."""
    dated = article.published_on is not None
    day = article.published_on.toordinal() if dated else 0
    return (not dated, -day, -article.created_at.timestamp(), -article.pk)


def authors_with_counts():
    """Authors who signed at least one published article, with how many: the count kept
    by ``articles.counts``, so the list never counts across the articles table."""
    return (
        Author.objects.filter(published_count__gt=0)
        .annotate(article_count=F("published_count"))
        .order_by("name", "pk")
    )
