"""Public pages for readers. Every query starts from ``Article.objects.published()``."""

from django.shortcuts import get_object_or_404, render

from .models import Article, Author, Publisher, Topic


def home(request):
    articles = Article.objects.published().with_related().newest_first()[:20]
    return render(request, "articles/home.html", {"articles": articles})


def topic_list(request):
    return render(request, "articles/topic_list.html", {"topics": Topic.objects.all()})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = Article.objects.published().filter(topics=topic).with_related().newest_first()
    return render(request, "articles/topic_detail.html", {"topic": topic, "articles": articles})


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().with_related(), slug=slug)
    return render(request, "articles/article_detail.html", {"article": article})


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().filter(authors=author).with_related().newest_first()
    return render(request, "articles/author_detail.html", {"author": author, "articles": articles})


def publisher_detail(request, slug):
    publisher = get_object_or_404(Publisher, slug=slug)
    articles = publisher.articles.published().with_related().newest_first()
    return render(
        request, "articles/publisher_detail.html", {"publisher": publisher, "articles": articles}
    )
