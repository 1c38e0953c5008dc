"""An editor sets how much of the publication date the source gives, in the admin: a
month imported as "février 2026" can be corrected to the day once the day is known, and a
form posted without the field keeps what is stored."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tests.workflow.conftest import change_form_data, text_of

pytestmark = pytest.mark.django_db


def _post(client, article, **changes):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, text_of(response)[-3000:]
    article.refresh_from_db()
    return article


def test_an_editor_corrects_a_month_to_the_day_it_was_published(desk_client):
    article = ArticleFactory(
        in_review=True, published_on=datetime.date(2026, 2, 1), published_precision="month"
    )
    article = _post(desk_client, article, published_on="2026-02-11", published_precision="day")
    assert (article.published_on, article.published_precision) == (
        datetime.date(2026, 2, 11),
        "day",
    )


def test_a_form_without_the_precision_keeps_the_stored_one(desk_client):
    article = ArticleFactory(
        in_review=True, published_on=datetime.date(2026, 2, 1), published_precision="month"
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(desk_client, url)
    data.pop("published_precision")
    data["title"] = "Retitled"
    assert desk_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.published_precision) == ("Retitled", "month")


def test_the_change_form_offers_the_precision(desk_client):
    article = ArticleFactory(in_review=True)
    response = desk_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert 'name="published_precision"' in response.content.decode()
