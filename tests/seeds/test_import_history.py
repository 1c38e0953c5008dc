"""An import keeps history like an editor's save: revisions, audit events, version checks."""

import io

import pytest
from django.core.management import call_command
from reversion.models import Version

from articles.models import Article, AuditEvent
from articles.services import article_save
from seeds.services import import_documents, load_document

pytestmark = pytest.mark.django_db

LISTING = (
    "Publications\n\nIssue Brief\n\nJun 13, 2022\n\nFirst brief on the Alliance\n\n"
    "By Jane Roe\n\n{first}\n\nCommentary\n\nJun 20, 2022\n\nSecond brief on the Alliance\n\n"
    "By John Smith\n\n{second}\n\nEnd of the list\n"
)


def listing(
    first="The first summary of this brief, in a few plain words.",
    second="The second summary of this brief, in a few plain words.",
):
    return LISTING.format(first=first, second=second).encode()


def test_the_first_revision_is_the_imported_original_and_publishing_is_audited(tmp_path):
    path = tmp_path / "briefs.txt"
    path.write_bytes(listing())
    call_command("import_seeds", str(path), "--publish", stdout=io.StringIO())
    articles = Article.objects.order_by("published_on")
    assert [a.status for a in articles] == ["published", "published"]
    for article in articles:
        (first,) = Version.objects.get_for_object(article)
        assert first.field_dict["title"] == article.title
        assert "Imported from briefs.txt" in first.revision.comment
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.PUBLISH, object_id=str(article.pk)
        ).exists()


def test_an_editors_save_during_a_reimport_is_kept_and_reported(editor):
    import_documents([load_document("briefs.txt", listing())])
    second = Article.objects.get(title="Second brief on the Alliance")

    def editor_saves_while_the_import_runs(_step):
        # The import has read every article it will update; now an editor saves one.
        if (
            Article.objects.get(pk=second.pk).summary
            == "The second summary of this brief, in a few plain words."
        ):
            fresh = Article.objects.get(pk=second.pk)
            fresh.summary = "An editor's better summary."
            article_save(article=fresh, user=editor, expected_version=fresh.version)

    updated = listing(
        first="A new first summary of this brief, in a few new words.",
        second="A new second summary of this brief, in a few new words.",
    )
    (report,) = import_documents(
        [load_document("briefs.txt", updated)], progress=editor_saves_while_the_import_runs
    )
    second.refresh_from_db()
    assert second.summary == "An editor's better summary."
    assert any("summary edited since import, kept" in line for line in report.conflicts)
    first = Article.objects.get(title="First brief on the Alliance")
    assert first.summary == "A new first summary of this brief, in a few new words."
    assert Version.objects.get_for_object(first).count() == 2  # original, then re-import
