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

from django.core.paginator import Page, Paginator
from django.core.validators import slug_re
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from partnerships.models import Entity, EntityAlias, normalize_alias

from .models import Article, Author, Language, Topic, list_prefetches
from .selectors import FacetChoice, page_size
from .templatetags.site_tags import local_name

MAX_RESULTS = 50
#: How many matches, newest first, are ranked, counted and faceted: past it the page says
#: "500+" (ranking every match of a common word reads the whole table).
CANDIDATES = 500
NEWEST = (F("published_on").desc(nulls_last=True), F("created_at").desc(), F("pk").desc())
MAX_WORDS = 12
LONGEST_NAME = 8  # words in the longest entity name looked up
WEIGHTS = {"A": 8, "B": 4, "C": 2, "D": 1}
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
_TOPICS = Article.topics.through._meta.db_table


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


def _candidates(words: list[str]) -> dict[str, str]:
    """Every run of up to ``LONGEST_NAME`` words, normalised → as typed."""
    candidates = {}
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + LONGEST_NAME) + 1):
            typed = " ".join(words[start:end])
            candidates[normalize_alias(typed)] = typed
    return candidates


def _named_filter(candidates: dict[str, str]) -> Q:
    """Entities one of whose names or aliases is one of the candidate runs."""
    names = Q(
        Exists(EntityAlias.objects.filter(entity=OuterRef("pk"), normalized__in=list(candidates)))
    )
    for typed in candidates.values():
        names |= Q(name__iexact=typed) | Q(name_fr__iexact=typed) | Q(short_name__iexact=typed)
    return names


def _names(entity) -> set[str]:
    names = {entity.name, entity.name_fr, entity.short_name}
    names.update(alias.name for alias in entity.aliases.all())
    return {name for name in names if name}


def named_entities(query: str) -> list:
    """The entities a run of words of ``query`` names, aliases prefetched (two queries)."""
    candidates = _candidates(tokens(query))
    if not candidates:
        return []
    return list(Entity.objects.filter(_named_filter(candidates)).prefetch_related("aliases"))


def parse(query: str, entities=None) -> list[Group]:
    """``query`` as groups: the longest runs of words that name entities, and single words.
    ``entities``: those already loaded that the query may name (else looked up)."""
    words = tokens(query)
    if entities is None:
        entities = named_entities(query)
    candidates = _candidates(words)
    named: dict[str, set[int]] = {}
    names_of = {}
    for entity in entities:
        names_of[entity.pk] = _names(entity)
        for name in names_of[entity.pk]:
            key = normalize_alias(name)
            if key in candidates:
                named.setdefault(key, set()).add(entity.pk)
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
    for group in groups:  # every name of the entities each group names, elisions dropped
        phrases = {
            " ".join(tokens(name)).casefold()
            for pk in group.entity_ids
            for name in names_of.get(pk, ())
        }
        group.names = sorted(p for p in phrases if p)
    return groups


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


def _linked(entity_ids) -> str:
    """SQL: the article is linked to one of ``entity_ids`` (an EXISTS on the link table's
    unique (article, entity) index, one probe per candidate row)."""
    marks = ", ".join(["%s"] * len(entity_ids))
    return (
        f"EXISTS (SELECT 1 FROM {_LINKS} WHERE {_LINKS}.article_id = {{pk}} "
        f"AND {_LINKS}.entity_id IN ({marks}))"
    )


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
        # What the reader typed, to highlight: every name of an entity, phrases included,
        # makes ts_headline ten times slower for no better snippet.
        self.typed = [self._words_query(group.words, lexemes) for group in groups]

    @classmethod
    def _group_query(cls, group, lexemes):
        if group.names:  # any name of the entities, each as a phrase, in either language
            phrases = {f"({q})" for name in group.names for q in lexemes[name][2:] if q}
            return " | ".join(sorted(phrases))
        return cls._words_query(group.words, lexemes)

    @staticmethod
    def _words_query(words, lexemes):
        parts = []
        for word in words:
            english, french = lexemes[word][:2]
            if english and french:  # a stop word in either language is left out
                parts.append("(" + " | ".join(sorted({f"({english})", f"({french})"})) + ")")
        return " & ".join(parts)

    def match(self, index, entity_ids=()):
        """The group's words in the article (the GIN index), or (a name) an article linked
        to one of its entities."""
        query = self.queries[index]
        if not query and not entity_ids:
            return None
        parts, params = [], []
        if query:
            parts.append("{table}.search_vector @@ %s::tsquery")
            params.append(query)
        if entity_ids:
            parts.append(_linked(entity_ids))
            params.extend(sorted(entity_ids))
        return _RowSQL("(" + " OR ".join(parts) + ")", params, BooleanField())

    def _any_word(self):
        return " | ".join(f"({q})" for q in self.queries if q)

    def rank(self):
        any_word = self._any_word()
        if not any_word:
            return Value(0.0, output_field=FloatField())
        return Coalesce(
            _RowSQL("ts_rank({table}.search_vector, %s::tsquery)", [any_word], FloatField()),
            0.0,
        )

    def headline(self, ids=()):
        """``ts_headline`` of the row, as a column of the page's query (its rows only)."""
        any_word = " | ".join(f"({q})" for q in self.typed if q)
        if not any_word:
            return Value("", output_field=TextField())
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12"
        return _RowSQL(
            "ts_headline(CASE WHEN {table}.language = 'fr' THEN 'search_fr' "
            "ELSE 'search_en' END::regconfig, coalesce(nullif({table}.body, ''), "
            "{table}.summary), %s::tsquery, %s)",
            [any_word, options],
            TextField(),
        )


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
        query = self.queries[index]
        if not query and not entity_ids:
            return None
        parts, params = [], []
        if query:
            parts.append(
                "{pk} IN (SELECT rowid FROM articles_search WHERE articles_search MATCH %s)"
            )
            params.append(query)
        if entity_ids:
            parts.append(_linked(entity_ids))
            params.extend(sorted(entity_ids))
        return _RowSQL("(" + " OR ".join(parts) + ")", params, BooleanField())

    def _any_word(self):
        return " OR ".join(f"({q})" for q in self.queries if q)

    def rank(self):
        """bm25 of the row, from the full-text query run once per statement (a materialised
        CTE): a MATCH per row would run the whole full-text query per candidate."""
        any_word = self._any_word()
        if not any_word:
            return Value(0.0, output_field=FloatField())
        return Coalesce(
            _RowSQL(
                "(WITH ranked AS MATERIALIZED (SELECT rowid AS id, "
                "-bm25(articles_search, 8.0, 4.0, 2.0, 1.0) AS rank FROM articles_search "
                "WHERE articles_search MATCH %s) SELECT rank FROM ranked WHERE id = {pk})",
                [any_word],
                FloatField(),
            ),
            0.0,
        )

    def headline(self, ids):
        """FTS5's snippet of the row, as a column of the page's query: computed once per
        statement (a materialised CTE) for the page's ``ids`` only."""
        any_word = self._any_word()
        if not any_word or not ids:
            return Value("", output_field=TextField())
        marks = ", ".join(["%s"] * len(ids))
        return _RowSQL(
            "(WITH found AS MATERIALIZED (SELECT rowid AS id, "
            "snippet(articles_search, -1, %s, %s, '…', 24) AS text FROM articles_search "
            f"WHERE articles_search MATCH %s AND rowid IN ({marks})) "
            "SELECT text FROM found WHERE id = {pk})",
            [MARK_START, MARK_END, any_word, *ids],
            TextField(),
        )


def _backend(groups):
    return (_Postgres if connection.vendor == "postgresql" else _SQLite)(groups)


class _Search:
    """A parsed query on one backend: the candidate set and its ranking."""

    def __init__(self, query: str, entities=None):
        self.groups = parse(query, entities)
        self.backend = _backend(self.groups) if self.groups else None
        self.conditions = []
        if self.backend:
            for index, group in enumerate(self.groups):
                condition = self.backend.match(index, group.entity_ids)
                if condition is not None:  # a group of stop words only is no constraint
                    self.conditions.append(condition)

    def candidates(self, queryset):
        """The ids of the newest ``CANDIDATES`` matching rows of ``queryset``: read in the
        order of the newest-first index, so the scan stops there however many match."""
        for condition in self.conditions:
            queryset = queryset.filter(condition)
        return queryset.order_by(*NEWEST).values("pk")[:CANDIDATES]

    def ranked(self, queryset):
        if not self.conditions:
            return queryset.none()
        return (
            queryset.filter(pk__in=self.candidates(queryset))
            .annotate(search_rank=self.backend.rank())
            .order_by(F("search_rank").desc(), *NEWEST)
        )


def search_articles(queryset, query: str):
    """``queryset`` restricted to the articles matching ``query`` (see the module's rules),
    best first. At most the newest ``CANDIDATES`` matches are ranked and returned: ranking
    and counting every match of a common word costs a scan of the table. A query with no
    searchable word matches nothing."""
    return _Search(query).ranked(queryset)


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
    def capped(self) -> bool:
        """More articles match than are counted: the count reads "1000+"."""
        return self.article_count >= CANDIDATES

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
    if name == "subject":
        links = Article.topics.through.objects.filter(article=OuterRef("pk"), topic__slug=value)
        return queryset.filter(Exists(links))
    lookups = {"kind": "kind", "language": "language", "year": "published_on__year"}
    return queryset.filter(**{lookups[name]: value})


def _facets(rows, selected, topics) -> dict:
    """Facet choices counted over the candidate ``rows`` (id, kind, language, date, its
    subjects' ids), which the selected facets already narrowed: one query, at most
    ``CANDIDATES`` articles, counted here. ``topics``: the subjects by id."""
    counts = {name: {} for name in SEARCH_FACETS}
    for _pk, kind, language, day, topic_ids in rows:
        values = {"kind": [kind], "language": [language], "year": [str(day.year)] if day else []}
        values["subject"] = [topics[int(i)].slug for i in _ids(topic_ids) if int(i) in topics]
        for name, found in values.items():
            for value in found:
                counts[name][value] = counts[name].get(value, 0) + 1
    labels = {
        "kind": {k: str(v) for k, v in Article.Kind.choices},
        "language": {k: str(v) for k, v in Language.choices},
        "subject": {topic.slug: local_name(topic) for topic in topics.values()},
    }

    def choice(name, value, count):
        label = labels.get(name, {}).get(value, value)
        return FacetChoice(value, label, count, selected.get(name) == value)

    facets = {
        name: [choice(name, value, n) for value, n in sorted(counts[name].items())]
        for name in ("kind", "language")
    }
    facets["year"] = [choice("year", y, n) for y, n in sorted(counts["year"].items(), reverse=True)]
    facets["subject"] = sorted(
        (choice("subject", slug, n) for slug, n in counts["subject"].items()),
        key=lambda c: (-c.count, c.label),
    )
    return facets


def _ids(text) -> list[str]:
    return [i for i in (text or "").split(",") if i]


def _highlight(text: str) -> str:
    """Escaped text with the database's match markers turned into ``<mark>``."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags added


def _topic_ids():
    """The row's subjects' ids, comma-separated (one index probe per candidate)."""
    aggregate = (
        "string_agg(topic_id::text, ',')"
        if connection.vendor == "postgresql"
        else ("group_concat(topic_id, ',')")
    )
    return _RowSQL(
        f"(SELECT {aggregate} FROM {_TOPICS} WHERE {_TOPICS}.article_id = {{pk}})",
        [],
        TextField(),
    )


def _articles(engine, ids) -> list:
    """The page's articles in ``ids``' order, with publisher, byline and snippet: the
    snippet computed for these rows only."""
    articles = (
        Article.objects.filter(pk__in=ids)
        .select_related("publisher")
        .defer("body")
        .annotate(search_headline=engine.backend.headline(ids))
        .prefetch_related(list_prefetches()[0])
    )
    by_pk = {a.pk: a for a in articles}
    ordered = [by_pk[pk] for pk in ids if pk in by_pk]
    for article in ordered:
        text = article.search_headline
        article.snippet = _highlight(text) if text and MARK_START in text else None
    return ordered


def search(query: str, params=None, limit: int = MAX_RESULTS) -> SearchResults:
    """The results page of ``query``: published articles (the newest ``CANDIDATES``
    matches, ranked, paginated, with highlighted snippets and facets), and the subjects,
    authors and entities it names. Seven queries at most, whatever the number of matches:
    entities with their aliases (1), the stemmed words (1, PostgreSQL), the ranked
    candidates (1), the page's articles with snippets and their bylines (2), subjects (1),
    authors (1)."""
    params = params or {}
    query = " ".join((query or "").split())[:200]
    if not tokens(query):
        return SearchResults(query)
    entities = _entities(query, limit)
    engine = _Search(query, entities)
    selected = _selection(params)
    listed = Article.objects.published()
    for name, value in selected.items():
        listed = _apply(listed, name, value)
    rows = []
    if engine.conditions:
        rows = list(
            engine.ranked(listed)
            .annotate(search_topics=_topic_ids())
            .values_list("pk", "kind", "language", "published_on", "search_topics")
        )
    page = Paginator([row[0] for row in rows], page_size()).get_page(params.get("page"))
    topic_ids = {int(i) for row in rows for i in _ids(row[4])}
    named_topics, topics = [], {}
    for topic in _ranked_names(Topic.objects.all(), query, _TOPIC_FIELDS, extra=topic_ids):
        topics[topic.pk] = topic
        if topic.search_hit:
            named_topics.append(topic)
    page.object_list = _articles(engine, list(page.object_list)) if rows else []
    named_ids = {pk for g in engine.groups for pk in g.entity_ids}
    named = sorted((e for e in entities if e.pk in named_ids), key=lambda e: e.name)
    return SearchResults(
        query=query,
        page=page,
        topics=named_topics[:limit],
        authors=list(
            _ranked_names(Author.objects.filter(published_count__gt=0), query, _AUTHOR_FIELDS)[
                :limit
            ]
        ),
        entities=(named + [e for e in entities if e.pk not in named_ids])[:limit],
        facets=_facets(rows, selected, topics),
        selected=selected,
    )


# --- Subjects, authors and entities by name (small tables) ------------------------

_TOPIC_FIELDS = {"name": "A", "name_fr": "A", "description": "C", "description_fr": "C"}
_AUTHOR_FIELDS = {"name": "A", "bio": "C"}
_ENTITY_FIELDS = {"name": "A", "name_fr": "A", "short_name": "A", "description": "C"}


def _entities(query, limit):
    """Entities the query names (any name or alias, for ``parse``) and those whose names
    hold its words (for the page), with their aliases: one query for both uses."""
    named = _named_filter(_candidates(tokens(query)))
    entities = _ranked_names(
        Entity.objects.annotate(search_aliases=_alias_list()), query, _ENTITY_FIELDS, also=named
    )[:limit]
    return [_attach_aliases(entity) for entity in entities]


_UNIT, _RECORD = "\x1f", "\x1e"


def _alias_list():
    """The row's aliases as one text column (language, name; sorted by name), so that an
    entity and its aliases come in one query."""
    if connection.vendor == "postgresql":
        aggregate = (
            "(SELECT string_agg(a.language || chr(31) || a.name, chr(30) ORDER BY a.name) "
            "FROM partnerships_entityalias a WHERE a.entity_id = {pk})"
        )
    else:
        aggregate = (
            "(SELECT group_concat(language || char(31) || name, char(30)) FROM "
            "(SELECT language, name FROM partnerships_entityalias WHERE entity_id = {pk} "
            "ORDER BY name))"
        )
    return _RowSQL(aggregate, [], TextField())


def _attach_aliases(entity):
    """Set ``entity.aliases.all()`` from its ``search_aliases`` column, as a prefetch
    would (the same cache, so templates and ``parse`` read it without a query)."""
    aliases = []
    for record in (entity.search_aliases or "").split(_RECORD):
        if record:
            language, name = record.split(_UNIT, 1)
            aliases.append(
                EntityAlias(
                    entity=entity, name=name, language=language, normalized=normalize_alias(name)
                )
            )
    cached = EntityAlias.objects.filter(entity=entity)
    cached._result_cache, cached._prefetch_done = aliases, True
    entity._prefetched_objects_cache = {"aliases": cached}
    return entity


def _name_rank_sql(fields) -> str:
    """PostgreSQL: ts_rank of the row's weighted ``fields`` in both stemmings (unaccented)
    against the words; raw SQL, compiled once (the expressions' tree costs more to build
    than the query to run on these small tables)."""
    vector = " || ".join(
        f"setweight(to_tsvector('{config}', coalesce({{table}}.{name}, '')), '{weight}')"
        for config in ("search_en", "search_fr")
        for name, weight in fields.items()
    )
    query = "(plainto_tsquery('search_en', %s) || plainto_tsquery('search_fr', %s))"
    return f"ts_rank({vector}, {query})"


def _ranked_names(queryset, query, fields, also=None, extra=None):
    """``queryset`` rows whose ``fields`` (name → weight, the first shown) hold every word
    of ``query`` (or that match ``also``, first), best first: full-text on PostgreSQL,
    weighted substrings elsewhere. ``extra``: ids of rows wanted too, after the others
    and with ``search_hit`` false (the subjects a facet names, in the same query)."""
    words = tokens(query)
    if not words:
        return queryset.none()
    first = next(iter(fields))
    order = ["-search_hit", "-search_rank", first]
    if also is not None:
        queryset = queryset.annotate(search_named=Case(When(also, then=Value(1)), default=Value(0)))
        order.insert(1, "-search_named")
    name_match = Q()
    for word in words:
        name_match &= Q(**{f"{first}__icontains": word})
    if connection.vendor == "postgresql":
        text = " ".join(words)
        rank = _RowSQL(_name_rank_sql(fields), [text, text], FloatField())
        queryset = queryset.annotate(search_rank=rank)
        match = Q(search_rank__gt=0) | name_match
    else:
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
        queryset = queryset.annotate(search_rank=rank)
    if also is not None:
        match |= Q(search_named=1)
    hit = Case(When(match, then=Value(True)), default=Value(False), output_field=BooleanField())
    wanted = match | Q(pk__in=sorted(extra)) if extra else match
    return queryset.annotate(search_hit=hit).filter(wanted).order_by(*order)
