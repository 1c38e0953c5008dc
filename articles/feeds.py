"""RSS feeds of published articles: the whole site (/<lang>/feeds/) and one subject
(/<lang>/subjects/<slug>/feed/). Dates are given only when the source gave one."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Topic
from .selectors import published_articles
from .templatetags.site_tags import local_description, local_name

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    def title(self):
        return _("Defence analysis: latest publications")

    def description(self):
        return _("Analysis of defence, alliances and international relations, by subject.")

    def link(self):
        return reverse("articles:home")

    def articles(self, obj=None):
        return published_articles().with_related().newest_first()

    def items(self, obj=None):
        return self.articles(obj)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        if item.published_on is None:
            return None
        return datetime.datetime.combine(
            item.published_on, datetime.time(), tzinfo=timezone.get_current_timezone()
        )

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.ordered_authors) or None

    def item_categories(self, item):
        return [local_name(topic) for topic in item.topics.all()]


class TopicArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("Defence analysis: %(subject)s") % {"subject": local_name(obj)}

    def description(self, obj):
        return local_description(obj) or local_name(obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj=None):
        return super().articles().filter(topics=obj)
