"""Every registered model's admin pages answer an editor and turn away an anonymous visitor."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    MembershipFactory,
    PublisherFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

EDITORIAL_APPS = {"articles", "partnerships", "seeds"}
MODELS = [m for m in admin.site._registry if m._meta.app_label in EDITORIAL_APPS]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def one_of_each(db):
    ArticleFactory(authors=[AuthorFactory()], topics=[TopicFactory()], entities=[EntityFactory()])
    PublisherFactory()
    MembershipFactory()
    SourceFactory()


def test_every_editorial_model_is_registered():
    labels = {f"{m._meta.app_label}.{m.__name__}" for m in MODELS}
    assert {
        "articles.Article",
        "articles.Topic",
        "articles.Author",
        "articles.Publisher",
        "partnerships.Entity",
        "partnerships.Membership",
    } <= labels


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_answer_an_editor(editor_client, one_of_each, model):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    assert editor_client.get(admin_url(model, "changelist"), {"q": "NATO"}).status_code == 200
    if admin.site._registry[model].has_add_permission(_request_for(editor_client)):
        assert editor_client.get(admin_url(model, "add")).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert editor_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_anonymous_visitor_is_sent_to_the_login(client, model):
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_autocomplete_finds_an_entity_by_alias(editor_client):
    from partnerships.models import EntityAlias

    nato = EntityFactory(name="North Atlantic Treaty Organization", short_name="NATO")
    EntityAlias.objects.create(entity=nato, name="OTAN")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "entities",
            "term": "otan",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [str(nato)]


@pytest.mark.parametrize(
    "model_name", ["articles.Article", "articles.Topic", "articles.Author", "partnerships.Entity"]
)
def test_add_forms_prefill_the_slug(editor_client, model_name):
    import html
    import json

    from django.apps import apps

    model = apps.get_model(model_name)
    page = editor_client.get(admin_url(model, "add")).content.decode()
    marker = 'data-prepopulated-fields="'
    start = page.index(marker) + len(marker)
    fields = json.loads(html.unescape(page[start : page.index('"', start)]))
    assert [f["name"] for f in fields] == ["slug"]


def _request_for(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    from django.contrib.auth import get_user_model

    request.user = get_user_model().objects.get(username="editor")
    return request
