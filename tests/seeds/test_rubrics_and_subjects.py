"""Subjects are the editors' taxonomy in both languages: a newsletter's rubric labels are
kept as rubrics, an editor maps a rubric to a subject once and imports follow; names sort
by the reader's language with accents ignored."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Rubric, Topic
from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def import_b2(seed_path):
    call_command("import_seeds", str(seed_path("002")), "--publish", verbosity=0)


def test_rubrics_are_kept_as_rubrics_not_subjects(seed_path, client):
    import_b2(seed_path)
    assert Rubric.objects.filter(name="Défense").exists()
    assert not Topic.objects.filter(name__in=["Défense", "Diplomatie UE"]).exists()
    for lang in ("en", "fr"):
        page = client.get(f"/{lang}/subjects/").content.decode()
        assert "Diplomatie UE" not in page


def test_an_editor_maps_a_rubric_once_and_imports_follow(seed_path, editor_client):
    import_b2(seed_path)
    defence = TopicFactory(name="European Defence", name_fr="Défense européenne", slug="eu-def")
    rubric = Rubric.objects.get(name="Défense")
    filed = set(rubric.articles.values_list("pk", flat=True))
    assert filed
    url = reverse("admin:articles_rubric_change", args=[rubric.pk])
    response = editor_client.post(url, {"topic": defence.pk}, follow=True)
    assert response.status_code == 200
    assert set(defence.articles.values_list("pk", flat=True)) == filed
    # Later imports follow the map: the same items imported afresh are filed too.
    Article.objects.filter(pk__in=filed).delete()
    import_b2(seed_path)
    refiled = Rubric.objects.get(pk=rubric.pk).articles.all()
    assert refiled.exists()
    assert all(defence in article.topics.all() for article in refiled)


@pytest.fixture
def countries():
    for english, french in [
        ("Russia", "Russie"),
        ("Saudi Arabia", "Arabie saoudite"),
        ("United States", "États-Unis"),
        ("Egypt", "Égypte"),
        ("Military Alliances", "Alliances militaires"),
    ]:
        topic = TopicFactory(name=english, name_fr=french)
        ArticleFactory(published=True, topics=[topic])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["Alliances militaires", "Arabie saoudite", "Égypte", "États-Unis", "Russie"]),
        ("en", ["Egypt", "Military Alliances", "Russia", "Saudi Arabia", "United States"]),
    ],
)
def test_subject_names_sort_by_the_reader_language_accents_ignored(
    client, countries, lang, expected
):
    page = client.get(f"/{lang}/subjects/").content.decode().split("<main")[1]
    names = re.findall(r'href="/\w\w/subjects/[\w-]+/"[^>]*>([^<]+)</a>', page)
    assert [n for n in names if n in expected] == expected
