"""Branded error pages in the site's layout and the reader's language; robots.txt."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "title"), [("/en/nowhere/", "Page not found"), ("/fr/nowhere/", "Page introuvable")]
)
def test_404_is_the_sites_page_in_the_readers_language(client, path, title):
    response = client.get(path)
    assert response.status_code == 404
    text = response.content.decode()
    assert f"<h1>{title}</h1>" in text
    assert 'class="site-header"' in text and 'name="robots" content="noindex"' in text


def test_403_is_the_sites_page(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody", staff=True))
    response = client.get("/admin/auth/user/")
    assert response.status_code == 403
    assert "<h1>Access denied</h1>" in response.content.decode()


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.parametrize(
    ("path", "title"),
    [("/en/broken/", "Something went wrong"), ("/fr/broken/", "Une erreur est survenue")],
)
def test_500_is_the_sites_page_in_the_readers_language(client, settings, path, title):
    settings.ROOT_URLCONF = "tests.site.failing_urls"
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 500
    assert f"<h1>{title}</h1>" in response.content.decode()
