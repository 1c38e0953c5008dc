"""Reads of the public site. Every article list starts from ``Article.objects.published()``
and loads its relations with ``with_related()``, so a page costs the same number of SQL
queries whatever its length."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page
from django.core.validators import slug_re
from django.db.models import Count, Exists, F, OuterRef, Q, prefetch_related_objects
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language

from config.paging import CappedPaginator
from partnerships.models import Entity

from .models import Article, Author, Language, Topic, list_prefetches

# The institution's press items: shown apart from its own publications.
PRESS_KINDS = (Article.Kind.MEDIA_MENTION, Article.Kind.INTERVIEW)
FACETS = ("kind", "language", "year", "entity")


def page_size() -> int:
    return getattr(settings, "SITE_PAGE_SIZE", 20)


def paginate(queryset, number, per_page=None) -> Page:
    """One page of ``queryset``; a missing or nonsense page number gives the nearest page."""
    return CappedPaginator(queryset, per_page or page_size()).get_page(number)


def load_lists(*querysets) -> list[list]:
    """Evaluate several article lists of one page and load their relations together: three
    queries for all of them instead of three per list."""
    lists = [list(queryset) for queryset in querysets]
    prefetch_related_objects([a for rows in lists for a in rows], *list_prefetches())
    return lists


def published_articles():
    return Article.objects.published()


def topics_with_counts():
    """Every subject with the number of its published articles (kept in a column by
    ``articles.counts``: counting here would join the whole articles table)."""
    return Topic.objects.annotate(article_count=F("published_count")).select_related("parent")


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


def faceted_articles(base, params, sortable=False) -> FacetedList:
    """Filter ``base`` (published articles) by the facets in ``params``; count each facet's
    choices over the articles that the *other* selected facets leave, so that choices
    combine. One query per facet, whatever the number of articles."""
    selected = _clean_selection(params)

    def filtered(except_name=None):
        queryset = base
        for name, value in selected.items():
            if name != except_name:
                queryset = _apply(queryset, name, value)
        return queryset

    facets = {}
    kind_labels = dict(Article.Kind.choices)
    rows = filtered("kind").values("kind").annotate(n=Count("pk", distinct=True)).order_by("kind")
    facets["kind"] = [
        FacetChoice(r["kind"], str(kind_labels.get(r["kind"], r["kind"])), r["n"], False)
        for r in rows
    ]
    language_labels = dict(Language.choices)
    rows = filtered("language").values("language").annotate(n=Count("pk", distinct=True))
    facets["language"] = [
        FacetChoice(
            r["language"], str(language_labels.get(r["language"], r["language"])), r["n"], False
        )
        for r in rows.order_by("language")
    ]
    rows = (
        filtered("year")
        .filter(published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-year")
    )
    facets["year"] = [FacetChoice(str(r["year"]), str(r["year"]), r["n"], False) for r in rows]
    entity_pks = filtered("entity").values("pk")
    rows = (
        Entity.objects.filter(articles__in=entity_pks)
        .values("slug", "name", "name_fr", "short_name")
        .annotate(n=Count("articles", distinct=True))
        .order_by("-n", "name")
    )
    french = (get_language() or "").startswith("fr")
    facets["entity"] = [
        FacetChoice(
            r["slug"], r["short_name"] or (french and r["name_fr"]) or r["name"], r["n"], False
        )
        for r in rows
    ]
    for name, choices in facets.items():
        for choice in choices:
            choice.selected = selected.get(name) == choice.value

    articles = filtered().select_related("publisher").defer("body")
    sort = params.get("sort") if sortable else None
    articles = articles.order_by(*SORTS[sort]) if sort in SORTS else articles.newest_first()
    publications = paginate(articles.exclude(kind__in=PRESS_KINDS), params.get("page"))
    press = paginate(articles.filter(kind__in=PRESS_KINDS), params.get("press_page"))
    publications.object_list, press.object_list = load_lists(
        publications.object_list, press.object_list
    )
    return FacetedList(publications=publications, press=press, facets=facets, selected=selected)


def related_articles(article, limit=5):
    """Published articles that share a subject or an entity with ``article``."""
    topic_ids = [t.pk for t in article.topics.all()]
    entity_ids = [e.pk for e in article.entities.all()]
    if not topic_ids and not entity_ids:
        return Article.objects.none()
    # EXISTS per row, walked in the order of the newest-first index: the first ``limit``
    # matches end the scan, where a join would gather (and sort) every article of a large
    # subject to keep five.
    links = (
        Article.topics.through.objects.filter(article=OuterRef("pk"), topic__in=topic_ids)
        if topic_ids
        else None
    )
    mentions = (
        Article.entities.through.objects.filter(article=OuterRef("pk"), entity__in=entity_ids)
        if entity_ids
        else None
    )
    shares = Q()
    for subquery in (links, mentions):
        if subquery is not None:
            shares |= Exists(subquery)
    return (
        published_articles().filter(shares).exclude(pk=article.pk).for_list().newest_first()[:limit]
    )


def authors_with_counts():
    """Authors who signed at least one published article, with how many: the count kept
    by ``articles.counts``, so the list never counts across the articles table."""
    return (
        Author.objects.filter(published_count__gt=0)
        .annotate(article_count=F("published_count"))
        .order_by("name", "pk")
    )
