import pytest
from django.core.management import call_command
from django.urls import reverse


@pytest.mark.django_db
def test_demo_editor_can_log_in_to_the_admin(client, capsys, settings):
    settings.DEBUG = True
    call_command("create_demo_editor")
    out = capsys.readouterr().out
    assert "'editor'" in out
    assert client.login(username="editor", password="editor-demo-password")
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
