"""Public pages for readers. Every article query starts from ``Article.objects.published()``
(through ``articles.selectors``); anonymous pages are cached until content changes."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from . import selectors
from .caching import cache_public_page
from .models import Author, Publisher, Topic
from .search import search as run_search

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
    query = request.GET.get("q", "")
    results = run_search(query)
    return render(request, "articles/search.html", {"query": query, "results": results})
