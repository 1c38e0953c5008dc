"""The one search engine of the site (``/search/?q=``) and the API (``?q=``).

Articles are matched against a stored index kept by the database itself (migration
``articles/0005_search_index``): on PostgreSQL the ``search_vector`` column (French or
English stemming by the article's language, ``unaccent``, weights title A > summary B >
body C > source D) with a GIN index; on SQLite the FTS5 table ``articles_search``
(``porter`` on ``unicode61`` with diacritics removed). The same query rules on both:

- typographic apostrophes and quotes are folded, French elisions dropped ("l’OTAN" is
  "OTAN"), accents and case ignored, words stemmed ("alliances" finds "alliance");
- every word is required ("OTAN Ukraine" finds articles with both);
- a run of words naming an entity by any of its names or aliases, in either language
  ("OTAN", "l'Alliance atlantique", "NATO"), also matches the articles linked to that
  entity, so the three give the same set;
- ranked by relevance, then newest first, then by id (a stable order for pagination).

``search_articles(queryset, query)`` filters and orders any article queryset (the API's
``q``); ``search(query, params)`` builds the results page: ranked articles with
highlighted snippets, facets, and the matching subjects, authors and entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Page
from django.core.validators import slug_re
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.html import escape
from django.utils.safestring import mark_safe

from partnerships.models import Entity, EntityAlias, normalize_alias

from .models import Article, Author, Language, Topic
from .selectors import FacetChoice, paginate
from .templatetags.site_tags import local_name

MAX_RESULTS = 50
MAX_WORDS = 12
LONGEST_NAME = 8  # words in the longest entity name looked up
WEIGHTS = {"A": 8, "B": 4, "C": 2, "D": 1}
FTS_CONFIGS = ("english", "french")
SEARCH_FACETS = ("kind", "language", "year", "subject")

_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "«": " ",
        "»": " ",
        "“": " ",
        "”": " ",
        "„": " ",
        '"': " ",
        "‹": " ",
        "›": " ",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
    }
)
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'(?=\w)", re.IGNORECASE)
_TOKEN = re.compile(r"[\w][\w'-]*")
_PARTS = re.compile(r"\w+")
MARK_START, MARK_END = "\ue000", "\ue001"
_LINKS = Article.entities.through._meta.db_table


# --- Parsing a query ------------------------------------------------------------------


@dataclass
class Group:
    """One word of the query, or a run of words naming entities. A word must appear in the
    article; a name matches an article that says any name of those entities (each name a
    phrase) or is linked to one of them."""

    words: list[str]
    entity_ids: set[int] = field(default_factory=set)
    names: list[str] = field(default_factory=list)


def tokens(query: str) -> list[str]:
    """The words of ``query``: quotes and apostrophes folded, French elisions dropped."""
    words = []
    for raw in _TOKEN.findall((query or "").translate(_FOLD)):
        word = _ELISION.sub("", raw).strip("'-")
        if word:
            words.append(word)
    return words[:MAX_WORDS]


def _entities_named(candidates: dict[str, str]) -> dict[str, set[int]]:
    """Entity ids by normalised name, for the candidate names (normalised → as typed)."""
    found: dict[str, set[int]] = {}
    for normalized, entity_id in EntityAlias.objects.filter(
        normalized__in=list(candidates)
    ).values_list("normalized", "entity_id"):
        found.setdefault(normalized, set()).add(entity_id)
    names = Q()
    for typed in candidates.values():
        names |= Q(name__iexact=typed) | Q(name_fr__iexact=typed) | Q(short_name__iexact=typed)
    for row in Entity.objects.filter(names).values("pk", "name", "name_fr", "short_name"):
        for name in (row["name"], row["name_fr"], row["short_name"]):
            if name and normalize_alias(name) in candidates:
                found.setdefault(normalize_alias(name), set()).add(row["pk"])
    return found


def parse(query: str) -> list[Group]:
    """``query`` as groups: the longest runs of words that name entities, and single words."""
    words = tokens(query)
    candidates = {}
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + LONGEST_NAME) + 1):
            typed = " ".join(words[start:end])
            candidates[normalize_alias(typed)] = typed
    named = _entities_named(candidates) if candidates else {}
    groups, start = [], 0
    while start < len(words):
        for end in range(min(len(words), start + LONGEST_NAME), start, -1):
            ids = named.get(normalize_alias(" ".join(words[start:end])))
            if ids:
                groups.append(Group(words[start:end], set(ids)))
                start = end
                break
        else:
            groups.append(Group([words[start]]))
            start += 1
    _add_names(groups)
    return groups


def _add_names(groups: list[Group]) -> None:
    """Every name of the entities each group names (elisions dropped, one of each)."""
    ids = {pk for group in groups for pk in group.entity_ids}
    if not ids:
        return
    names: dict[int, set[str]] = {}
    for row in Entity.objects.filter(pk__in=ids).values("pk", "name", "name_fr", "short_name"):
        names.setdefault(row["pk"], set()).update((row["name"], row["name_fr"], row["short_name"]))
    for entity_id, name in EntityAlias.objects.filter(entity__in=ids).values_list(
        "entity_id", "name"
    ):
        names[entity_id].add(name)
    for group in groups:
        phrases = {
            " ".join(tokens(name)).casefold()
            for pk in group.entity_ids
            for name in names.get(pk, ())
        }
        group.names = sorted(p for p in phrases if p)


# --- The two backends ---------------------------------------------------------------


class _RowSQL(Func):
    """SQL about the article row itself: ``{table}`` and ``{pk}`` are written by Django
    under whatever alias the query gives the articles table (also inside subqueries)."""

    def __init__(self, sql, params, output_field):
        super().__init__(F("pk"), output_field=output_field)
        self.sql, self.sql_params = sql, list(params)

    def as_sql(self, compiler, connection, **extra):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        table = pk_sql.rsplit(".", 1)[0]
        return self.sql.format(table=table, pk=pk_sql), [*self.sql_params, *pk_params]


class _Postgres:
    def __init__(self, groups):
        texts = sorted({w for g in groups for w in (*g.words, *g.names)})
        lexemes = {}
        if texts:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT s, plainto_tsquery('search_en', s)::text, "
                    "plainto_tsquery('search_fr', s)::text, "
                    "phraseto_tsquery('search_en', s)::text, "
                    "phraseto_tsquery('search_fr', s)::text FROM unnest(%s::text[]) AS t(s)",
                    [texts],
                )
                lexemes = {row[0]: row[1:] for row in cursor.fetchall()}
        self.queries = [self._group_query(group, lexemes) for group in groups]

    @staticmethod
    def _group_query(group, lexemes):
        if group.names:  # any name of the entities, each as a phrase, in either language
            phrases = {f"({q})" for name in group.names for q in lexemes[name][2:] if q}
            return " | ".join(sorted(phrases))
        parts = []
        for word in group.words:
            english, french = lexemes[word][:2]
            if english and french:  # a stop word in either language is left out
                parts.append("(" + " | ".join(sorted({f"({english})", f"({french})"})) + ")")
        return " & ".join(parts)

    def match(self, index, entity_ids=()):
        """The group's words in the article, or (a name) an article linked to one of its
        entities: one semi-join over a UNION, so that the GIN index serves both."""
        if not self.queries[index] and not entity_ids:
            return None
        if not entity_ids:
            return _RowSQL(
                "{table}.search_vector @@ %s::tsquery", [self.queries[index]], BooleanField()
            )
        return _RowSQL(
            "{pk} IN (SELECT id FROM articles_article WHERE search_vector @@ %s::tsquery "
            f"UNION SELECT article_id FROM {_LINKS} WHERE entity_id = ANY(%s))",
            [self.queries[index] or "", sorted(entity_ids)],
            BooleanField(),
        )

    def rank(self):
        any_word = " | ".join(f"({q})" for q in self.queries if q)
        if not any_word:
            return Value(0.0, output_field=FloatField())
        return Coalesce(
            _RowSQL("ts_rank({table}.search_vector, %s::tsquery)", [any_word], FloatField()),
            0.0,
        )

    def snippets(self, pks):
        any_word = " | ".join(f"({q})" for q in self.queries if q)
        if not any_word or not pks:
            return {}
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, ts_headline(CASE WHEN language = 'fr' THEN 'search_fr' "
                "ELSE 'search_en' END::regconfig, coalesce(nullif(body, ''), summary), "
                "%s::tsquery, %s) FROM articles_article "
                "WHERE id = ANY(%s) AND search_vector @@ %s::tsquery",
                [any_word, options, list(pks), any_word],
            )
            return dict(cursor.fetchall())


class _SQLite:
    def __init__(self, groups):
        self.queries = []
        for group in groups:
            if group.names:  # any name of the entities, each as a phrase
                phrases = [" ".join(_PARTS.findall(name)) for name in group.names]
                self.queries.append(" OR ".join(f'"{p}"' for p in phrases if p))
            else:
                parts = [p.lower() for word in group.words for p in _PARTS.findall(word)]
                self.queries.append(" AND ".join(f'"{p}"' for p in parts))

    def match(self, index, entity_ids=()):
        if not self.queries[index] and not entity_ids:
            return None
        parts, params = [], []
        if self.queries[index]:
            parts.append("SELECT rowid FROM articles_search WHERE articles_search MATCH %s")
            params.append(self.queries[index])
        if entity_ids:
            marks = ", ".join(["%s"] * len(entity_ids))
            parts.append(f"SELECT article_id FROM {_LINKS} WHERE entity_id IN ({marks})")
            params.extend(sorted(entity_ids))
        return _RowSQL("{pk} IN (" + " UNION ".join(parts) + ")", params, BooleanField())

    def _any_word(self):
        return " OR ".join(f"({q})" for q in self.queries if q)

    def rank(self):
        """bm25 of every match, computed once into a temporary table of this connection
        (a correlated MATCH per row would run the whole full-text query per row)."""
        any_word = self._any_word()
        if not any_word:
            return Value(0.0, output_field=FloatField())
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS search_rank "
                "(query TEXT, id INTEGER, rank REAL, PRIMARY KEY (query, id))"
            )
            cursor.execute("DELETE FROM temp.search_rank WHERE query = %s", [any_word])
            cursor.execute(
                "INSERT INTO temp.search_rank SELECT %s, rowid, "
                "-bm25(articles_search, 8.0, 4.0, 2.0, 1.0) FROM articles_search "
                "WHERE articles_search MATCH %s",
                [any_word, any_word],
            )
        return Coalesce(
            _RowSQL(
                "(SELECT rank FROM temp.search_rank WHERE query = %s AND id = {pk})",
                [any_word],
                FloatField(),
            ),
            0.0,
        )

    def snippets(self, pks):
        if not self._any_word() or not pks:
            return {}
        marks = ", ".join(["%s"] * len(pks))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, snippet(articles_search, -1, %s, %s, '…', 24) FROM articles_search "
                f"WHERE articles_search MATCH %s AND rowid IN ({marks})",
                [MARK_START, MARK_END, self._any_word(), *pks],
            )
            return dict(cursor.fetchall())


def _backend(groups):
    return (_Postgres if connection.vendor == "postgresql" else _SQLite)(groups)


def _filtered(queryset, groups, backend):
    for index, group in enumerate(groups):
        condition = backend.match(index, group.entity_ids)
        if condition is not None:  # a group of stop words only is no constraint
            queryset = queryset.filter(condition)
    return queryset


def search_articles(queryset, query: str):
    """``queryset`` restricted to the articles matching ``query`` (see the module's rules),
    best first. A query with no searchable word matches nothing."""
    groups = parse(query)
    if not groups:
        return queryset.none()
    backend = _backend(groups)
    if all(backend.match(i, g.entity_ids) is None for i, g in enumerate(groups)):
        return queryset.none()
    return (
        _filtered(queryset, groups, backend)
        .annotate(search_rank=backend.rank())
        .order_by(F("search_rank").desc(), F("published_on").desc(nulls_last=True), "-pk")
    )


# --- The results page ---------------------------------------------------------------


@dataclass
class SearchResults:
    query: str
    page: Page | None = None
    topics: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    entities: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    selected: dict = field(default_factory=dict)

    @property
    def articles(self) -> list:
        return list(self.page.object_list) if self.page else []

    @property
    def article_count(self) -> int:
        return self.page.paginator.count if self.page else 0

    @property
    def total(self) -> int:
        return self.article_count + len(self.topics) + len(self.authors) + len(self.entities)


def _selection(params) -> dict[str, str]:
    selected = {}
    checks = {
        "kind": lambda v: v in Article.Kind.values,
        "language": lambda v: v in Language.values,
        "year": lambda v: v.isascii() and v.isdigit() and len(v) == 4 and v != "0000",
        "subject": lambda v: bool(slug_re.fullmatch(v)),
    }
    for name in SEARCH_FACETS:
        value = (params.get(name) or "").strip()
        if value and checks[name](value):
            selected[name] = value
    return selected


def _apply(queryset, name, value):
    lookups = {
        "kind": "kind",
        "language": "language",
        "year": "published_on__year",
        "subject": "topics__slug",
    }
    return queryset.filter(**{lookups[name]: value})


def _facets(matching, selected):
    """Counts of each facet's choices among the matching articles that the *other*
    selected facets leave, so that choices combine (one query per facet)."""

    def filtered(except_name):
        queryset = matching
        for name, value in selected.items():
            if name != except_name:
                queryset = _apply(queryset, name, value)
        return queryset.order_by().values("pk")

    kinds = dict(Article.Kind.choices)
    languages = dict(Language.choices)
    rows = (
        Article.objects.filter(pk__in=filtered("kind"))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    facets = {"kind": [FacetChoice(r["kind"], str(kinds[r["kind"]]), r["n"], False) for r in rows]}
    rows = (
        Article.objects.filter(pk__in=filtered("language"))
        .values("language")
        .annotate(n=Count("pk"))
        .order_by("language")
    )
    facets["language"] = [
        FacetChoice(r["language"], str(languages[r["language"]]), r["n"], False) for r in rows
    ]
    rows = (
        Article.objects.filter(pk__in=filtered("year"), published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    facets["year"] = [FacetChoice(str(r["year"]), str(r["year"]), r["n"], False) for r in rows]
    topics = Topic.objects.filter(articles__in=filtered("subject")).annotate(
        n=Count("articles", distinct=True)
    )
    facets["subject"] = sorted(
        (FacetChoice(t.slug, local_name(t), t.n, False) for t in topics),
        key=lambda c: (-c.count, c.label),
    )
    for name, choices in facets.items():
        for choice in choices:
            choice.selected = selected.get(name) == choice.value
    return facets


def _highlight(text: str) -> str:
    """Escaped text with the database's match markers turned into ``<mark>``."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags added


def search(query: str, params=None, limit: int = MAX_RESULTS) -> SearchResults:
    """The results page of ``query``: published articles (ranked, paginated, with
    highlighted snippets and facets), and the subjects, authors and entities it names."""
    params = params or {}
    query = " ".join((query or "").split())[:200]
    if not tokens(query):
        return SearchResults(query)
    published = Article.objects.published()
    matching = search_articles(published, query)
    selected = _selection(params)
    listed = matching
    for name, value in selected.items():
        listed = _apply(listed, name, value)
    page = paginate(listed.with_related(), params.get("page"))
    groups = parse(query)
    snippets = _backend(groups).snippets([a.pk for a in page.object_list])
    for article in page.object_list:
        text = snippets.get(article.pk)
        article.snippet = _highlight(text) if text and MARK_START in text else None
    named_ids = {pk for g in groups for pk in g.entity_ids}
    entities = list(
        Entity.objects.filter(pk__in=named_ids).prefetch_related("aliases").order_by("name")
    )
    seen = {e.pk for e in entities}
    by_name = _ranked_names(Entity.objects.prefetch_related("aliases"), query, _ENTITY_FIELDS)[
        :limit
    ]
    entities += [e for e in by_name if e.pk not in seen]
    return SearchResults(
        query=query,
        page=page,
        topics=list(_ranked_names(Topic.objects.all(), query, _TOPIC_FIELDS)[:limit]),
        authors=list(
            _ranked_names(
                Author.objects.filter(pk__in=published.values("authors")), query, _AUTHOR_FIELDS
            )[:limit]
        ),
        entities=entities[:limit],
        facets=_facets(matching, selected),
        selected=selected,
    )


# --- Subjects, authors and entities by name (small tables) ------------------------

_TOPIC_FIELDS = {"name": "A", "name_fr": "A", "description": "C", "description_fr": "C"}
_AUTHOR_FIELDS = {"name": "A", "bio": "C"}
_ENTITY_FIELDS = {"name": "A", "name_fr": "A", "short_name": "A", "description": "C"}


def _ranked_names(queryset, query, fields):
    """``queryset`` rows whose ``fields`` (name → weight, the first shown) hold every word
    of ``query``, best first: full-text on PostgreSQL, weighted substrings elsewhere."""
    words = tokens(query)
    if not words:
        return queryset.none()
    first = next(iter(fields))
    if connection.vendor == "postgresql":
        vector = search_query = None
        for config in FTS_CONFIGS:
            for name, weight in fields.items():
                part = SearchVector(name, weight=weight, config=config)
                vector = part if vector is None else vector + part
            part_query = SearchQuery(" ".join(words), config=config)
            search_query = part_query if search_query is None else search_query | part_query
        name_match = Q()
        for word in words:
            name_match &= Q(**{f"{first}__icontains": word})
        return (
            queryset.annotate(rank=SearchRank(vector, search_query))
            .filter(Q(rank__gt=0) | name_match)
            .order_by("-rank", first)
        )
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
    return queryset.filter(match).annotate(rank=rank).order_by("-rank", first)
