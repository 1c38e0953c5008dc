"""``Article.objects.published()`` is the one rule for what readers see."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_article_is_visible():
    article = ArticleFactory(published=True)
    assert list(Article.objects.published()) == [article]


@pytest.mark.parametrize(
    "trait",
    ["in_review", "archived", "scheduled", "expired"],
)
def test_hidden_states(trait):
    ArticleFactory(**{trait: True})
    assert not Article.objects.published().exists()


def test_draft_is_hidden():
    ArticleFactory()  # the default status is draft
    assert not Article.objects.published().exists()


def test_scheduled_article_appears_at_its_time_without_any_command():
    at = timezone.now() + datetime.timedelta(hours=2)
    article = ArticleFactory(published=True, publish_at=at)
    assert not Article.objects.published().exists()
    with time_machine.travel(at + datetime.timedelta(seconds=1)):
        assert list(Article.objects.published()) == [article]


def test_expiring_article_disappears_at_its_time():
    at = timezone.now() + datetime.timedelta(hours=2)
    article = ArticleFactory(published=True, expire_at=at)
    assert list(Article.objects.published()) == [article]
    with time_machine.travel(at):
        assert not Article.objects.published().exists()


def test_newest_first_puts_undated_articles_last():
    undated = ArticleFactory(published=True, published_on=None)
    old = ArticleFactory(published=True, published_on=datetime.date(2019, 4, 26))
    new = ArticleFactory(published=True, published_on=datetime.date(2024, 9, 25))
    assert list(Article.objects.published().newest_first()) == [new, old, undated]
