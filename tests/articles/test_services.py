"""The write services shared by the admin, the API and commands."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory
from tests.helpers import user_with_permissions

pytestmark = pytest.mark.django_db


def user_with(*codenames):
    return user_with_permissions(*codenames, staff=True)


def test_a_stale_save_is_refused_and_changes_nothing():
    article = ArticleFactory(title="Original")
    user = user_with("change_article")
    first, second = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    first.title = "First editor"
    services.article_save(article=first, user=user, expected_version=1)
    second.title = "Second editor"
    with pytest.raises(services.VersionConflict, match="changed by someone else"):
        services.article_save(article=second, user=user, expected_version=1)
    assert Article.objects.get(pk=article.pk).title == "First editor"
    assert Article.objects.get(pk=article.pk).version == 2


def test_contributor_cannot_publish_by_editing_the_status():
    article = ArticleFactory()
    article.status = Article.Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        services.article_save(article=article, user=user_with("change_article"))
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_contributor_submits_and_editor_publishes():
    article = ArticleFactory()
    contributor = user_with("change_article")
    editor = user_with("change_article", "publish_article")
    services.article_transition(article=article, user=contributor, action="submit")
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, user=contributor)
    services.article_publish(article=article, user=editor)
    assert list(Article.objects.published()) == [article]


def test_publishing_in_the_future_schedules():
    article = ArticleFactory(in_review=True)
    at = timezone.now() + datetime.timedelta(days=1)
    services.article_publish(article=article, user=user_with("publish_article"), publish_at=at)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert not Article.objects.published().exists()


def test_an_impossible_transition_is_a_validation_error():
    article = ArticleFactory()
    with pytest.raises(ValidationError):
        services.article_transition(
            article=article, user=user_with("publish_article"), action="send_back"
        )
