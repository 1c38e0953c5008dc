"""/sitemap.xml: every public page, in English and French (``i18n=True``), with the other
language as an alternate. Articles come from ``Article.objects.published()``; authors and
publishers only when they have a published article (otherwise their page is a 404)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partnerships.models import Entity

from .models import Author, Publisher, Topic
from .selectors import published_articles


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = False


class StaticSitemap(_I18nSitemap):
    priority = 0.8
    changefreq = "daily"

    def items(self):
        return [
            "articles:home",
            "articles:article_list",
            "articles:author_list",
            "articles:topic_list",
            "articles:entity_list",
        ]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(_I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return published_articles().newest_first().only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class TopicSitemap(_I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return Topic.objects.order_by("name").only("slug")


class AuthorSitemap(_I18nSitemap):
    def items(self):
        signed = published_articles().values("authors")
        return Author.objects.filter(pk__in=signed).order_by("name").only("slug")


class PublisherSitemap(_I18nSitemap):
    def items(self):
        published = published_articles().values("publisher")
        return Publisher.objects.filter(pk__in=published).order_by("name").only("slug")


class EntitySitemap(_I18nSitemap):
    def items(self):
        return Entity.objects.order_by("name").only("slug")


SITEMAPS = {
    "pages": StaticSitemap,
    "subjects": TopicSitemap,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "publishers": PublisherSitemap,
    "partnerships": EntitySitemap,
}
