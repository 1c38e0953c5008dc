"""Public pages for readers. Every article query starts from ``Article.objects.published()``
(through ``articles.selectors``); anonymous pages are cached until content changes."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from partnerships import charts
from partnerships.models import Entity
from partnerships.selectors import entity_facts

from . import selectors
from .caching import cache_public_page
from .forms import AsOfForm, SearchForm
from .models import Author, Publisher, Topic
from .search import search as run_search
from .templatetags.site_tags import local_name

HOME_LATEST = 10
HOME_FEATURED = 6


@cache_public_page
def home(request):
    published = selectors.published_articles().with_related().newest_first()
    context = {
        "featured": published.filter(featured=True)[:HOME_FEATURED],
        "latest": published.exclude(kind__in=selectors.PRESS_KINDS)[:HOME_LATEST],
        "topics": selectors.topics_with_counts().filter(parent__isnull=True),
    }
    return render(request, "articles/home.html", context)


@cache_public_page
def topic_list(request):
    topics = selectors.topics_with_counts()
    return render(request, "articles/topic_list.html", {"topics": topics})


@cache_public_page
def topic_detail(request, slug):
    topic = get_object_or_404(
        Topic.objects.select_related("parent").prefetch_related(
            "related", Prefetch("children", queryset=Topic.objects.order_by("name"))
        ),
        slug=slug,
    )
    listing = selectors.faceted_articles(
        selectors.published_articles().filter(topics=topic), request.GET
    )
    return render(request, "articles/topic_detail.html", {"topic": topic, "listing": listing})


@cache_public_page
def article_detail(request, slug):
    article = get_object_or_404(selectors.published_articles().with_related(), slug=slug)
    context = {"article": article, "related": selectors.related_articles(article)}
    return render(request, "articles/article_detail.html", context)


@cache_public_page
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = selectors.published_articles().filter(authors=author)
    page = selectors.paginate(articles.with_related().newest_first(), request.GET.get("page"))
    if not page.object_list:
        raise Http404("No published article signed by this author.")
    return render(request, "articles/author_detail.html", {"author": author, "page": page})


@cache_public_page
def publisher_detail(request, slug):
    publisher = get_object_or_404(Publisher, slug=slug)
    articles = selectors.published_articles().filter(publisher=publisher)
    page = selectors.paginate(articles.with_related().newest_first(), request.GET.get("page"))
    if not page.object_list:
        raise Http404("No published article from this publisher.")
    context = {"publisher": publisher, "page": page}
    return render(request, "articles/publisher_detail.html", context)


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
            article_count=Count(
                "articles",
                filter=Q(articles__in=selectors.published_articles().values("pk")),
                distinct=True,
            ),
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
    entity = get_object_or_404(
        Entity.objects.select_related("parent").prefetch_related("aliases"), slug=slug
    )
    form = AsOfForm(request.GET)
    on = form.cleaned_data["on"] if form.is_valid() else None
    facts = entity_facts(entity, on)
    milestones = list(entity.milestones.select_related("source").order_by("date"))
    articles = entity.articles.published().with_related().newest_first()
    context = {
        "entity": entity,
        "form": form,
        "facts": facts,
        "members": facts.members,
        "belongs_to": facts.belongs_to,
        "milestones": milestones,
        "page": selectors.paginate(articles, request.GET.get("page")),
        "timeline": charts.timeline(
            facts.belongs_to + facts.members,
            milestones,
            lambda m: local_name(m.group if m.member_id == entity.pk else m.member),
        ),
        "diagram": charts.membership_diagram(
            entity, facts.belongs_to, facts.everyone, parent=entity.parent
        ),
    }
    status = 200 if form.is_valid() else 400
    return render(request, "partnerships/entity_detail.html", context, status=status)
