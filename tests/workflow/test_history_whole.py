"""History that is whole: after an import and editors' edits, every save is a revision and
an audit event with who, when (in the site's time zone) and what; compare shows every field,
relations included; membership changes and endings are in the audit trail too."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, AuditEvent
from tests.factories import EntityFactory, MembershipFactory, SourceFactory, TopicFactory
from tests.workflow.conftest import change_form_data, text_of

pytestmark = pytest.mark.django_db
PAGE = Path(__file__).resolve().parents[1] / "seeds" / "pages" / "ifri_subject_fr.txt"
#: Summer in Paris (UTC+2): a revision at 10:00 UTC is shown at 12:00.
AT = datetime.datetime(2025, 7, 1, 10, 0, tzinfo=datetime.UTC)


def edit(client, article, **changes):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, text_of(response)[-3000:]


def test_history_after_an_import_and_edits(desk_client, group_editor):
    # The import comes first in time too: the compare page orders revisions by their date.
    with time_machine.travel(AT - datetime.timedelta(hours=1), tick=False):
        call_command("import_seeds", str(PAGE), verbosity=0)
    article = Article.objects.order_by("pk").first()
    assert article is not None and article.status == "review"
    imported_revisions = Version.objects.get_for_object(article).count()

    topic = TopicFactory(name="Military Alliances")
    with time_machine.travel(AT, tick=False):
        edit(desk_client, article, title="Edited once", topics=[topic.pk])
    with time_machine.travel(AT + datetime.timedelta(hours=1), tick=False):
        edit(desk_client, article, summary="A rewritten summary.")

    versions = list(Version.objects.get_for_object(article).select_related("revision__user"))
    assert len(versions) == imported_revisions + 2
    history = text_of(desk_client.get(reverse("admin:articles_article_history", args=[article.pk])))
    assert "desk-editor" in history
    local = timezone.localtime(AT)
    assert local.hour == 12
    assert re.search(r"July 1, 2025, (12:00|noon)", history), "revision times in Paris time"

    new, old = versions[0], versions[1]
    response = desk_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": old.pk, "to": new.pk},
    )
    rows = {row.label: row for row in response.context["rows"]}
    for label in ("Title", "Subjects", "Entities", "Authors", "Publisher", "Body format"):
        assert label in rows, label
    assert rows["Summary"].changed and not rows["Title"].changed
    first = desk_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": versions[-1].pk, "to": new.pk},
    )
    subjects = {row.label: row for row in first.context["rows"]}["Subjects"]
    if imported_revisions:
        assert subjects.changed and subjects.new == "Military Alliances"

    events = AuditEvent.objects.for_object(article).order_by("at")
    edits = [e for e in events if e.action == "edit"]
    assert [e.user.username for e in edits] == ["desk-editor", "desk-editor"]
    assert "title" in edits[0].message and "summary" in edits[1].message
    assert str(edits[0]).startswith("2025-07-01 12:00 desk-editor edited")
    assert AuditEvent.objects.filter(action="import").exists()
    trail = text_of(desk_client.get(reverse("admin:articles_auditevent_changelist")))
    assert "edited" in trail and "imported" in trail


def test_membership_changes_and_endings_are_audited(desk_client):
    nato, finland = EntityFactory(name="NATO"), EntityFactory(name="Finland")
    membership = MembershipFactory(member=finland, group=nato, role="partner")
    url = reverse("admin:partnerships_membership_change", args=[membership.pk])
    data = change_form_data(desk_client, url)
    data["role"] = "member"
    response = desk_client.post(url, data)
    assert response.status_code == 302, text_of(response)[-2000:]
    end_source = SourceFactory(title="2023 fact sheet", as_of=datetime.date(2023, 4, 4))
    ended = desk_client.post(
        reverse("admin:partnerships_membership_changelist"),
        {
            "action": "end_selected",
            "_selected_action": [membership.pk],
            "apply": "1",
            "until": "2023-04-04",
            "precision": "day",
            "source": end_source.pk,
        },
    )
    assert ended.status_code == 302, text_of(ended)[-2000:]
    events = AuditEvent.objects.for_object(membership).order_by("at", "pk")
    assert [e.action for e in events] == ["edit", "end"]
    assert "role: partner → member" in events[0].message
    assert "2023-04-04" in events[1].message
    assert {e.user.username for e in events} == {"desk-editor"}


def test_desk_shows_recent_imports_with_their_conflicts(desk_client):
    call_command("import_seeds", str(PAGE), verbosity=0)
    article = Article.objects.order_by("pk").first()
    edit(desk_client, article, title="An editor's better title")
    call_command("import_seeds", str(PAGE), verbosity=0)
    desk = text_of(desk_client.get(reverse("admin:index")))
    imports = desk.split('id="desk-imports"')[1].split('class="module desk-section"')[0]
    assert "(2)" in imports and PAGE.name in imports
    assert "1 conflicts" in imports and "title edited since import, kept" in imports
    assert "?action__exact=import" in imports
