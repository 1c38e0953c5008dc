"""Site search across articles, subjects, authors and entities, ranked.

One function, ``search()``, used by the search page. On PostgreSQL it uses the database's
full-text search (``SearchVector``/``SearchQuery``/``SearchRank``, with both the English
and the French configurations so that either language stems); elsewhere (SQLite) a ranked
``icontains`` fallback: every word must appear in some field, and a word in a heavier field
(a title) ranks higher than one in a lighter field (a body). Articles come only from
``Article.objects.published()``; authors and publishers only when they signed one.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When

from partnerships.models import Entity

from .models import Article, Author, Topic

MAX_RESULTS = 50
WEIGHTS = {"A": 8, "B": 4, "C": 2, "D": 1}
FTS_CONFIGS = ("english", "french")


@dataclass
class SearchResults:
    query: str
    articles: list
    topics: list
    authors: list
    entities: list

    @property
    def total(self) -> int:
        return len(self.articles) + len(self.topics) + len(self.authors) + len(self.entities)


def _words(query: str) -> list[str]:
    return [word for word in query.split() if word][:10]


def _rank_postgres(queryset, words, fields):
    vector = None
    search_query = None
    for config in FTS_CONFIGS:
        for name, weight in fields.items():
            part = SearchVector(name, weight=weight, config=config)
            vector = part if vector is None else vector + part
        part_query = SearchQuery(" ".join(words), search_type="websearch", config=config)
        search_query = part_query if search_query is None else search_query | part_query
    # Names are short and often acronyms ("PfP") that stemming does not help: match them too.
    name_match = Q()
    for word in words:
        name_match &= Q(**{f"{next(iter(fields))}__icontains": word})
    return (
        queryset.annotate(rank=SearchRank(vector, search_query))
        .filter(Q(rank__gt=0) | name_match)
        .order_by("-rank", next(iter(fields)))
    )


def _rank_fallback(queryset, words, fields):
    rank = Value(0)
    match = Q()
    for word in words:
        any_field = Q()
        for name, weight in fields.items():
            lookup = Q(**{f"{name}__icontains": word})
            any_field |= lookup
            rank = rank + Case(
                When(lookup, then=Value(WEIGHTS[weight])),
                default=Value(0),
                output_field=IntegerField(),
            )
        match &= any_field
    return queryset.filter(match).annotate(rank=rank).order_by("-rank", next(iter(fields)))


def _ranked(queryset, query, fields):
    """``queryset`` restricted to rows matching ``query`` in ``fields`` (name → weight A-D,
    the first being the name shown), best first."""
    words = _words(query)
    if connection.vendor == "postgresql":
        return _rank_postgres(queryset, words, fields)
    return _rank_fallback(queryset, words, fields)


def search(query: str, limit: int = MAX_RESULTS) -> SearchResults:
    query = " ".join((query or "").split())[:200]
    if not _words(query):
        return SearchResults(query, [], [], [], [])
    published = Article.objects.published()
    articles = _ranked(
        published, query, {"title": "A", "summary": "B", "source_name": "C", "body": "D"}
    )
    article_pks = [row.pk for row in articles.only("pk")[:limit]]
    by_pk = published.filter(pk__in=article_pks).with_related().in_bulk()
    topics = _ranked(
        Topic.objects.all(),
        query,
        {"name": "A", "name_fr": "A", "description": "C", "description_fr": "C"},
    )
    authors = _ranked(
        Author.objects.filter(pk__in=published.values("authors")),
        query,
        {"name": "A", "bio": "C"},
    )
    entities = _ranked(
        Entity.objects.all(),
        query,
        {"name": "A", "name_fr": "A", "short_name": "A", "description": "C"},
    )
    alias_hits = Entity.objects.filter(aliases__name__iexact=query)
    entity_list = list(entities[:limit])
    seen = {e.pk for e in entity_list}
    entity_list = [e for e in alias_hits if e.pk not in seen] + entity_list
    return SearchResults(
        query=query,
        articles=[by_pk[pk] for pk in article_pks if pk in by_pk],
        topics=list(topics[:limit]),
        authors=list(authors[:limit]),
        entities=entity_list[:limit],
    )
