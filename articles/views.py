"""Public pages for readers. Every article query starts from ``Article.objects.published()``
(through ``articles.selectors``); anonymous pages are cached until content changes."""

from django.db.models import Count, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from config.throttling import rate_limited
from partnerships import charts
from partnerships.models import Entity
from partnerships.selectors import entity_facts, entity_with_bodies

from . import citations, fragments, rendering, selectors
from .caching import cache_public_page, lists_scope, scoped
from .forms import AsOfForm, SearchForm
from .models import ArticleOldSlug, Author, Publisher, Topic, list_prefetches
from .search import search as run_search
from .templatetags.site_tags import local_name

HOME_LATEST = 10
HOME_FEATURED = 6
SORT_LABELS = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("By title")),
]


@cache_public_page(scopes=lists_scope)
def home(request):
    published = selectors.published_articles().defer("body").newest_first()
    featured, latest = selectors.load_lists(
        published.filter(pk__in=selectors.featured_ids())[:HOME_FEATURED],
        published.exclude(kind__in=selectors.PRESS_KINDS)[:HOME_LATEST],
    )
    context = {
        "featured": featured,
        "latest": latest,
        "topics": selectors.topics_with_counts().filter(parent__isnull=True),
    }
    return render(request, "articles/home.html", context)


@cache_public_page(scopes=lists_scope)
def topic_list(request):
    topics = selectors.topics_with_counts()
    return render(request, "articles/topic_list.html", {"topics": topics})


@cache_public_page(scopes=scoped("topic"))
def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    listing = selectors.faceted_articles(selectors.published_articles(), request.GET, topic=topic)
    children, related = selectors.subtopics_and_related(topic)
    context = {"topic": topic, "listing": listing, "children": children, "related": related}
    return render(request, "articles/topic_detail.html", context)


@cache_public_page(scopes=lists_scope)
def article_list(request):
    """The whole catalogue of analysis, with the subject page's facets and a sort."""
    listing = selectors.faceted_articles(selectors.published_articles(), request.GET, sortable=True)
    context = {"listing": listing, "sorts": SORT_LABELS, "sort": request.GET.get("sort", "newest")}
    return render(request, "articles/article_list.html", context)


@cache_public_page(scopes=scoped("article"))
def article_detail(request, slug):
    # No relations here: the page's own parts are fragments rendered once per version of
    # the article (articles.fragments), which load them only when they are rendered.
    article = selectors.published_articles().select_related("publisher").filter(slug=slug).first()
    if article is None:
        # A renamed or merged article: readers' bookmarks follow it (301).
        current = (
            ArticleOldSlug.objects.filter(slug=slug, article__in=selectors.published_articles())
            .values_list("article__slug", flat=True)
            .first()
        )
        if current is None:
            raise Http404("No published article at this address.")
        return redirect("articles:article_detail", slug=current, permanent=True)
    return render(request, "articles/article_detail.html", article_page_context(request, article))


def article_page_context(request, article, preview=False):
    """What the article page shows; the admin's preview renders the same page with it
    (never from nor into the fragment cache: a draft is not what readers see)."""

    def full_context():
        prefetch_related_objects([article], *list_prefetches())
        url = request.build_absolute_uri(article.get_absolute_url())
        return {
            "article": article,
            "preview": preview,
            "body_html": rendering.body_html(article),
            "summary_in_body": rendering.summary_repeats_body(article),
            "reading_minutes": rendering.reading_minutes(article),
            "cite": citations.citation_formats(article, url),
        }

    return {
        "article": article,
        "preview": preview,
        "parts": fragments.article_parts(request, article, full_context, use_cache=not preview),
        "related": selectors.related_articles(article),
    }


_CITATION_FORMATS = {
    "bib": ("bibtex", "application/x-bibtex; charset=utf-8"),
    "ris": ("ris", "application/x-research-info-systems; charset=utf-8"),
    "json": ("csl_json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
}


@cache_public_page(scopes=scoped("article"))
def article_citation(request, slug, fmt):
    """The article's citation as a file a reference manager imports (BibTeX, RIS, CSL-JSON)."""
    if fmt not in _CITATION_FORMATS:
        raise Http404("Unknown citation format.")
    article = get_object_or_404(selectors.published_articles().with_related(), slug=slug)
    key, content_type = _CITATION_FORMATS[fmt]
    url = request.build_absolute_uri(article.get_absolute_url())
    item = citations.csl_item(article, url)
    writer = {"bibtex": citations.to_bibtex, "ris": citations.to_ris}.get(
        key, citations.to_csl_json
    )
    response = HttpResponse(writer(item), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{article.slug}.{fmt}"'
    return response


@cache_public_page(scopes=lists_scope)
def author_list(request):
    """Every author with a published article, with how many."""
    page = selectors.paginate(selectors.authors_with_counts(), request.GET.get("page"), 100)
    return render(request, "articles/author_list.html", {"page": page})


@cache_public_page(scopes=scoped("author"))
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = selectors.published_articles().filter(authors=author).defer("body")
    count = selectors.kept_count(author.published_count)
    page = selectors.paginate(articles.newest_first(), request.GET.get("page"), count=count)
    if not page.object_list:
        raise Http404("No published article signed by this author.")
    return render(request, "articles/author_detail.html", {"author": author, "page": page})


@cache_public_page(scopes=scoped("publisher"))
def publisher_detail(request, slug):
    publisher = get_object_or_404(Publisher, slug=slug)
    articles = selectors.published_articles().filter(publisher=publisher).defer("body")
    count = selectors.kept_count(publisher.published_count)
    page = selectors.paginate(articles.newest_first(), request.GET.get("page"), count=count)
    if not page.object_list:
        raise Http404("No published article from this publisher.")
    context = {"publisher": publisher, "page": page}
    return render(request, "articles/publisher_detail.html", context)


@rate_limited("search")  # costly queries: per-client limit (SEARCH_RATE), cache hits too
@cache_public_page
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        context = {"query": "", "errors": form.errors["q"], "results": None}
        return render(request, "articles/search.html", context, status=400)
    query = form.cleaned_data["q"]
    results = run_search(query, request.GET)
    return render(request, "articles/search.html", {"query": query, "results": results})


# Partnership pages live here, not in partnerships/, because they list the articles about
# an entity: the reader-facing app depends on partnerships, never the reverse.
@cache_public_page
def entity_list(request):
    entities = (
        Entity.objects.prefetch_related("aliases")
        .annotate(
            member_count=Count("members", distinct=True),
            # Kept by articles.counts: a live count would join the whole articles table.
            article_count=Coalesce("published_article_count__published_count", 0),
        )
        .order_by("kind", "name")
    )
    groups = {}
    for entity in entities:
        groups.setdefault(entity.kind, []).append(entity)
    labels = dict(Entity.Kind.choices)
    by_kind = [
        {"kind": kind, "label": labels[kind], "entities": groups[kind]}
        for kind in Entity.Kind.values
        if kind in groups
    ]
    return render(request, "partnerships/entity_list.html", {"by_kind": by_kind})


@cache_public_page
def entity_detail(request, slug):
    """An entity's members, the groups it belongs to and the frameworks it runs with their
    partners, over its whole history or as of a date (``?on=YYYY-MM-DD``)."""
    entity = entity_with_bodies(slug)
    if entity is None:
        raise Http404("No entity at this address.")
    form = AsOfForm(request.GET)
    on = form.cleaned_data["on"] if form.is_valid() else None
    facts = entity_facts(entity, on, bodies=entity.body_list)
    milestones = list(entity.milestones.select_related("source").order_by("date"))
    # The list shows each article's byline only: one prefetch, not the three of lists.
    articles = (
        entity.articles.published()
        .select_related("publisher")
        .defer("body")
        .prefetch_related(list_prefetches()[0])
        .newest_first()
    )
    context = {
        "entity": entity,
        "form": form,
        "facts": facts,
        "members": facts.members,
        "belongs_to": facts.belongs_to,
        "milestones": milestones,
        "page": selectors.paginate(articles, request.GET.get("page")),
    }
    # Each picture drawn twice, for a wide screen and for a phone (the stylesheet shows one).
    for narrow, suffix in ((False, ""), (True, "_narrow")):
        context["timeline" + suffix] = charts.timeline(
            facts.belongs_to + facts.members,
            milestones,
            lambda m: local_name(m.group if m.member_id == entity.pk else m.member),
            narrow=narrow,
        )
        context["diagram" + suffix] = charts.membership_diagram(
            entity, facts.belongs_to, facts.everyone, parent=entity.parent, narrow=narrow
        )
    status = 200 if form.is_valid() else 400
    return render(request, "partnerships/entity_detail.html", context, status=status)
