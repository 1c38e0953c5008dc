"""Public pages for readers. Every article query starts from ``Article.objects.published()``
(through ``articles.selectors``); anonymous pages are cached until content changes."""

from django.db.models import Count, Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from partnerships import charts
from partnerships.models import Entity, Membership

from . import selectors
from .caching import cache_public_page
from .forms import SearchForm
from .models import Author, Publisher, Topic
from .search import search as run_search
from .templatetags.site_tags import local_name

HOME_LATEST = 10
HOME_FEATURED = 6


@cache_public_page
def home(request):
    published = (
        selectors.published_articles().select_related("publisher").defer("body").newest_first()
    )
    featured, latest = selectors.load_lists(
        published.filter(featured=True)[:HOME_FEATURED],
        published.exclude(kind__in=selectors.PRESS_KINDS)[:HOME_LATEST],
    )
    context = {
        "featured": featured,
        "latest": latest,
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
    page = selectors.paginate(articles.for_list().newest_first(), request.GET.get("page"))
    if not page.object_list:
        raise Http404("No published article signed by this author.")
    return render(request, "articles/author_detail.html", {"author": author, "page": page})


@cache_public_page
def publisher_detail(request, slug):
    publisher = get_object_or_404(Publisher, slug=slug)
    articles = selectors.published_articles().filter(publisher=publisher)
    page = selectors.paginate(articles.for_list().newest_first(), request.GET.get("page"))
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
    return render(request, "articles/search.html", {"query": query, "results": run_search(query)})


# Partnership pages live here, not in partnerships/, because they list the articles about
# an entity: the reader-facing app depends on partnerships, never the reverse.
@cache_public_page
def entity_list(request):
    entities = Entity.objects.annotate(
        member_count=Count("members", distinct=True),
        # Kept by articles.counts: a live count would join the whole articles table.
        article_count=Coalesce("published_article_count__published_count", 0),
    ).order_by("kind", "name")
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
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), slug=slug)
    members = list(
        Membership.objects.filter(group=entity).with_related().order_by("member__name", "since")
    )
    belongs_to = list(
        Membership.objects.filter(member=entity).with_related().order_by("group__name", "since")
    )
    milestones = list(entity.milestones.select_related("source").order_by("date"))
    articles = entity.articles.published().for_list().newest_first()
    context = {
        "entity": entity,
        "members": members,
        "belongs_to": belongs_to,
        "milestones": milestones,
        "page": selectors.paginate(articles, request.GET.get("page")),
        "timeline": charts.timeline(
            belongs_to + members,
            milestones,
            lambda m: local_name(m.group if m.member_id == entity.pk else m.member),
        ),
        "diagram": charts.membership_diagram(entity, belongs_to, members),
    }
    return render(request, "partnerships/entity_detail.html", context)
