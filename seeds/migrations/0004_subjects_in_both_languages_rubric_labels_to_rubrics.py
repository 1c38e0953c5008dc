"""Old databases, brought in line with what the importer now does:

1. Known subjects get their name in both languages ("Military Alliances" / "Alliances
   militaires"): a blank French name is filled, and an English name that a French page's
   import set to the French name is replaced by the English one. Editors' names stay.
2. Subjects that earlier imports created from a newsletter's rubric labels
   ("Confidentiels", "People", "Pouvoirs"...) become what they are, rubrics on their
   articles (one per publisher), and the subjects are removed. A subject an editor worked
   on (a description, a parent, sub-subjects, related subjects, a rubric mapped to it)
   is left alone.

The tables are frozen here (a migration must not change when the importer's do); the
importer's own are in ``articles.subject_names``.
"""

import unicodedata

from django.db import migrations
from django.utils.text import slugify

KNOWN_SUBJECTS = [
    ("military-alliances", "Military Alliances", "Alliances militaires"),
    ("defence", "Defence", "Défense"),
    ("security", "Security", "Sécurité"),
    ("nuclear-deterrence", "Nuclear Deterrence", "Dissuasion nucléaire"),
    ("arms-control", "Arms Control", "Maîtrise des armements"),
    ("defence-industry", "Defence Industry", "Industrie de défense"),
    ("european-defence", "European Defence", "Défense européenne"),
    ("international-relations", "International Relations", "Relations internationales"),
]

# The B2 newsletter's rubric labels, as the seeds give them.
RUBRIC_LABELS = [
    "Arctique",
    "Chine",
    "Confidentiels",
    "Crises",
    "Diplomatie UE",
    "Défense",
    "Europe dans le monde",
    "Iran",
    "Moyen-Orient",
    "Occident vs Russie",
    "Pacifique",
    "People",
    "Pouvoirs",
    "Sécurité",
]


def _key(name):
    decomposed = unicodedata.normalize("NFKD", name or "")
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(folded.casefold().split())


def name_known_subjects(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    by_slug = {slug: (english, french) for slug, english, french in KNOWN_SUBJECTS}
    by_name = {
        _key(name): (english, french)
        for _slug, english, french in KNOWN_SUBJECTS
        for name in (english, french)
    }
    for topic in Topic.objects.all():
        known = by_slug.get(topic.slug) or by_name.get(_key(topic.name))
        if known is None:
            continue
        english, french = known
        changed = []
        if not topic.name_fr:
            topic.name_fr = french
            changed.append("name_fr")
        if topic.name == topic.name_fr == french != english:
            topic.name = english
            changed.append("name")
        if changed:
            topic.save(update_fields=changed)


def rubric_labels_to_rubrics(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    Rubric = apps.get_model("articles", "Rubric")
    labels = {_key(label) for label in RUBRIC_LABELS}
    for topic in Topic.objects.all():
        if _key(topic.name) not in labels or topic.slug in {row[0] for row in KNOWN_SUBJECTS}:
            continue
        worked_on = (
            topic.description
            or topic.description_fr
            or topic.parent_id
            or topic.children.exists()
            or topic.related.exists()
            or Rubric.objects.filter(topic=topic).exists()
        )
        if worked_on:
            continue
        for article in topic.articles.all():
            rubric, _created = Rubric.objects.get_or_create(
                publisher_id=article.publisher_id,
                slug=slugify(topic.name)[:200] or "rubric",
                defaults={"name": topic.name, "language": article.language},
            )
            rubric.articles.add(article)
        topic.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_merge_search_counts_slugs_workflow"),
        ("seeds", "0003_role_groups_import_permissions"),
    ]

    operations = [
        migrations.RunPython(name_known_subjects, migrations.RunPython.noop),
        migrations.RunPython(rubric_labels_to_rubrics, migrations.RunPython.noop),
    ]
