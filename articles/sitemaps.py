"""The sitemaps: every public page, in English and French (``i18n=True``), with the other
language as an alternate. Articles come from ``Article.objects.published()``; authors and
publishers only when they have a published article (otherwise their page is a 404).

``/sitemap.xml`` is an index of sections (``/sitemap-<section>.xml?p=N``): one document
listing a million articles twice would take minutes to build, where a section page of
2,000 addresses reads one slice of the newest-first index."""

from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from partnerships.models import Entity

from .models import Author, Publisher, Topic
from .selectors import published_articles


class _ItemLanguages(Sequence):
    """Every (item, language) pair of ``items``, read one page at a time: Django's own
    ``Sitemap._items()`` builds the whole list first, reading every article to show 1,000."""

    def __init__(self, items, languages):
        self.items, self.languages = items, list(languages)

    def __len__(self):
        count = self.items.count() if hasattr(self.items, "query") else len(self.items)
        return count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        width = len(self.languages)
        first = start // width
        items = self.items[first : -(-stop // width)]
        pairs = [(item, language) for item in items for language in self.languages]
        return pairs[start - first * width : stop - first * width]


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = False

    def _items(self):
        return _ItemLanguages(self.items(), self._languages())


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
    limit = 2000  # addresses per section page: 1,000 articles in two languages

    def items(self):
        return published_articles().newest_first().only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        """For the index: one aggregate, not ``lastmod`` called on every article."""
        return published_articles().aggregate(latest=Max("updated_at"))["latest"]


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
