"""Uploading a page in the admin: preview, then confirm; provenance shown to editors."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from seeds.models import Document, Provenance

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:seeds_document_upload")


def upload(client, path):
    page = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    return client.post(UPLOAD, {"page": page})


def test_upload_previews_without_writing(editor_client, seed_path):
    response = upload(editor_client, seed_path("002"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "11 created" in content and "Golfe Persique" in content
    assert Article.objects.count() == 0 and Document.objects.count() == 0


def test_confirm_imports_the_previewed_page(editor_client, seed_path):
    upload(editor_client, seed_path("004"))
    response = editor_client.post(UPLOAD, {"confirm": "1"})
    assert response.status_code == 302
    post = Article.objects.get()
    assert post.status == "review"
    assert Document.objects.get().name == seed_path("004").name


def test_confirm_can_publish(editor_client, seed_path):
    upload(editor_client, seed_path("004"))
    editor_client.post(UPLOAD, {"confirm": "1", "publish": "on"})
    assert Article.objects.get().status == "published"


def test_bad_upload_shows_the_error(editor_client, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("Nothing structured here.\n", encoding="utf-8")
    response = upload(editor_client, bad)
    assert response.status_code == 200
    assert "notes.txt" in response.content.decode()
    assert Article.objects.count() == 0


def test_upload_needs_permission(client, user):
    client.force_login(user)
    response = client.get(UPLOAD)
    assert response.status_code in (302, 403)


def test_article_page_shows_its_provenance(editor_client, imported):
    article = Article.objects.get(kind="blog_post")
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    document = Provenance.objects.get(
        content_type=ContentType.objects.get_for_model(Article), object_id=article.pk
    ).document
    assert document.name in response.content.decode()


def test_document_admin_lists_imported_objects(editor_client, imported):
    document = Document.objects.get(name__startswith="001")
    response = editor_client.get(reverse("admin:seeds_document_change", args=[document.pk]))
    assert response.status_code == 200
    assert "Partnership for Peace" in response.content.decode()
    listing = editor_client.get(reverse("admin:seeds_document_changelist"))
    assert UPLOAD in listing.content.decode()
