"""Content-Security-Policy in a real browser: every page of the site, the admin and the API
docs load without a single CSP violation (no inline script or style anywhere)."""

import pytest
from reversion.models import Version

from articles import services
from articles.models import Article
from tests.factories import UserFactory
from tests.site.world import build_world

pytestmark = pytest.mark.browser

CSP_WORDS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


@pytest.fixture
def site(live_server, transactional_db):
    build_world()
    return live_server.url


def _watch(page):
    reports = []
    page.on("console", lambda message: reports.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: reports.append(f"pageerror: {error}"))
    return reports


def _visit(page, url, reports):
    response = page.goto(url)
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, url
    page.wait_for_load_state("networkidle")
    violations = [r for r in reports if any(word in r for word in CSP_WORDS)]
    assert not violations, f"{url}: {violations}"
    return response


def test_public_pages_have_no_csp_violation(page, site):
    reports = _watch(page)
    article = Article.objects.published().order_by("pk").first()
    for path in [
        "/en/",
        "/fr/",
        "/en/subjects/",
        "/en/subjects/military-alliances/",
        f"/en/articles/{article.slug}/",
        "/en/partnerships/",
        "/en/partnerships/finland/",
        "/fr/partnerships/nato/",
        "/en/search/?q=nato",
        "/en/no-such-page/",
    ]:
        _visit(page, site + path, reports)
    assert page.locator("h1").inner_text() == "Page not found"


def test_admin_and_api_docs_have_no_csp_violation(page, site):
    root = UserFactory(username="root", superuser=True)
    root.set_password("a-long-password-for-root")
    root.save()
    article = Article.objects.order_by("pk").first()
    services.article_save(article=article, user=root)
    article.title = "Retitled"
    services.article_save(article=article, user=root)
    new, old = Version.objects.get_for_object(article)[:2]

    reports = _watch(page)
    _visit(page, site + "/admin/login/", reports)
    page.fill("#id_username", "root")
    page.fill("#id_password", "a-long-password-for-root")
    page.click("input[type=submit]")
    base = f"/admin/articles/article/{article.pk}"
    for path in [
        "/admin/",
        "/admin/articles/article/",
        f"{base}/change/",
        f"{base}/history/",
        f"{base}/history/compare/?from={old.pk}&to={new.pk}",
        f"{base}/preview/",
        "/admin/auth/user/",
        "/api/v1/articles/",
        "/api/v1/docs/",
    ]:
        _visit(page, site + path, reports)
