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


@pytest.mark.parametrize(
    "address, url",
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080/"),
        ("9000", "http://127.0.0.1:9000/"),
        ("localhost:8001", "http://localhost:8001/"),
        ("[::1]:8002", "http://[::1]:8002/"),
    ],
)
@pytest.mark.django_db
def test_demo_editor_prints_the_address_make_run_serves(capsys, settings, address, url):
    settings.DEBUG = True
    call_command("create_demo_editor", address=address)
    out = capsys.readouterr().out
    assert f"{url}admin/" in out
    assert f"{url}en/" in out
