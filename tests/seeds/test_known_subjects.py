"""Subjects in both languages from data: a known subject imported from the seeds has its
French name ("Alliances militaires") on /fr/; old databases are brought in line by the
migration (known names filled, subjects made from a newsletter's rubric labels turned
into rubrics on their articles)."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from articles.models import Rubric, Topic
from tests.factories import ArticleFactory, PublisherFactory, TopicFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "seeds.migrations.0004_subjects_in_both_languages_rubric_labels_to_rubrics"
)


def test_imported_known_subject_is_named_in_both_languages(seed_path, client):
    call_command("import_seeds", str(seed_path("000")), "--publish", verbosity=0)
    topic = Topic.objects.get(slug="military-alliances")
    assert (topic.name, topic.name_fr) == ("Military Alliances", "Alliances militaires")
    french = client.get("/fr/subjects/").content.decode()
    assert "Alliances militaires" in french and "Military Alliances" not in french
    page = client.get("/fr/subjects/military-alliances/").content.decode()
    assert re.search(r"<h1[^>]*>\s*Alliances militaires\s*</h1>", page)
    english = client.get("/en/subjects/military-alliances/").content.decode()
    assert re.search(r"<h1[^>]*>\s*Military Alliances\s*</h1>", english)


def test_a_reimport_never_overwrites_an_editors_french_name(seed_path):
    TopicFactory(slug="military-alliances", name="Military Alliances", name_fr="Alliances")
    call_command("import_seeds", str(seed_path("000")), "--publish", verbosity=0)
    assert Topic.objects.get(slug="military-alliances").name_fr == "Alliances"


def test_migration_fills_known_names_and_keeps_editors_names():
    blank = TopicFactory(slug="military-alliances", name="Military Alliances", name_fr="")
    french_page = TopicFactory(slug="defense", name="Défense", name_fr="Défense")
    edited = TopicFactory(slug="security", name="Security", name_fr="La sécurité")
    MIGRATION.name_known_subjects(apps, None)
    blank.refresh_from_db(), french_page.refresh_from_db(), edited.refresh_from_db()
    assert blank.name_fr == "Alliances militaires"
    assert (french_page.name, french_page.name_fr) == ("Defence", "Défense")
    assert edited.name_fr == "La sécurité"


def test_migration_turns_rubric_label_subjects_into_rubrics(client):
    b2 = PublisherFactory(name="B2")
    confidentiels = TopicFactory(slug="confidentiels", name="Confidentiels", description="")
    people = TopicFactory(slug="people", name="People", description="")
    kept = TopicFactory(slug="pouvoirs", name="Pouvoirs", description="An editor's subject.")
    first = ArticleFactory(published=True, publisher=b2, language="fr", topics=[confidentiels])
    second = ArticleFactory(published=True, publisher=b2, language="fr", topics=[confidentiels])
    third = ArticleFactory(published=True, publisher=b2, topics=[people, kept])

    MIGRATION.rubric_labels_to_rubrics(apps, None)

    assert not Topic.objects.filter(slug__in=["confidentiels", "people"]).exists()
    assert Topic.objects.filter(pk=kept.pk).exists()  # an editor worked on it
    rubric = Rubric.objects.get(slug="confidentiels", publisher=b2)
    assert set(rubric.articles.all()) == {first, second}
    assert rubric.language == "fr"
    assert list(Rubric.objects.get(slug="people").articles.all()) == [third]
    assert list(third.topics.all()) == [kept]
    for lang in ("en", "fr"):
        page = client.get(f"/{lang}/subjects/").content.decode()
        assert "Confidentiels" not in page and "People" not in page
