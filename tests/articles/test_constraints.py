"""What must hold is enforced by the database, whatever writes to it."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import ArticleAuthor
from tests.factories import ArticleFactory, AuthorFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_article_slug_is_unique():
    ArticleFactory(slug="same")
    with pytest.raises(IntegrityError):
        ArticleFactory(slug="same")


def test_topic_slug_is_unique():
    TopicFactory(slug="alliances")
    with pytest.raises(IntegrityError):
        TopicFactory(slug="alliances")


def test_author_slug_is_unique():
    AuthorFactory(slug="cirmafrance")
    with pytest.raises(IntegrityError):
        AuthorFactory(slug="cirmafrance")


def test_expiry_must_follow_publication():
    now = timezone.now()
    with pytest.raises(IntegrityError):
        ArticleFactory(publish_at=now, expire_at=now - datetime.timedelta(minutes=1))


def test_expiry_equal_to_publication_is_refused():
    now = timezone.now()
    with pytest.raises(IntegrityError):
        ArticleFactory(publish_at=now, expire_at=now)


def test_an_author_appears_once_in_a_byline():
    article = ArticleFactory()
    author = AuthorFactory()
    ArticleAuthor.objects.create(article=article, author=author, position=0)
    with pytest.raises(IntegrityError):
        ArticleAuthor.objects.create(article=article, author=author, position=1)


def test_topic_cannot_be_its_own_parent():
    topic = TopicFactory()
    topic.parent = topic
    with pytest.raises(IntegrityError):
        topic.save()


def test_related_subjects_are_symmetric():
    alliances, nato = TopicFactory(), TopicFactory()
    alliances.related.add(nato)
    assert list(nato.related.all()) == [alliances]
