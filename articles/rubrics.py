"""Rubrics (a publisher's labels) and the editors' map from a rubric to a subject.

Imports call ``rubric_for()`` for every label of an item; ``rubric_map()`` is the one
place where a rubric's subject is set, so that an item filed under a rubric is filed
under its subject whether it was imported before or after the editor's decision.
"""

from django.db import transaction
from django.utils.text import slugify

from config import permissions

from .models import Article, Rubric, Topic


def rubric_for(name: str, *, publisher, language: str = "") -> Rubric:
    """The rubric ``name`` of ``publisher``, created on first sight (without a subject)."""
    slug = slugify(name)[:200] or "rubric"
    rubric, _created = Rubric.objects.get_or_create(
        publisher=publisher, slug=slug, defaults={"name": name[:200], "language": language}
    )
    return rubric


@transaction.atomic
def rubric_map(*, rubric: Rubric, topic: Topic | None, user) -> int:
    """Map ``rubric`` to ``topic`` and file its existing articles under it; returns how
    many articles gained the subject. Unmapping keeps the subjects already given."""
    permissions.require(user, "articles.change_rubric")
    rubric.topic = topic
    rubric.full_clean()
    rubric.save()
    if topic is None:
        return 0
    links = Article.topics.through
    missing = rubric.articles.exclude(topics=topic).values_list("pk", flat=True)
    rows = [links(article_id=pk, topic_id=topic.pk) for pk in missing]
    links.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
