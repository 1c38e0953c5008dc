"""Rules learnt from pages nobody had tuned the importer to (tests/seeds/pages/unseen/).

Each rule is written for a kind of page (a fact sheet's bulleted list under a heading, a
press release's label, a hard-wrapped PDF text, a repost's by-line), and tested here on a
small page of that kind through ``import_seeds``, never on the gathered page itself.
"""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.models import Article
from partnerships.models import Membership
from seeds.models import Document

pytestmark = pytest.mark.django_db
UNSEEN = Path(__file__).parent / "pages" / "unseen"


def run(*args):
    out = io.StringIO()
    call_command("import_seeds", *[str(a) for a in args], stdout=out, verbosity=1)
    return out.getvalue()


def page(tmp_path, text: str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def facts():
    found = Membership.objects.select_related("member", "group")
    return {
        (m.member.name, m.group.short_name or m.group.name, m.role, m.since and m.since.year)
        for m in found
    }


def roles_of(member: str) -> set[tuple[str, str]]:
    return {
        (m.group.short_name or m.group.name, m.role)
        for m in Membership.objects.select_related("group").filter(member__name=member)
    }


def test_every_unseen_page_imports_and_none_is_refused():
    pages = sorted(UNSEEN.glob("*.txt"))
    assert len(pages) >= 10
    run(*pages)
    assert Document.objects.count() == len(pages)


# --- Dates at their precision -------------------------------------------------------------


MONTH_LISTING = """Publications

Date de publication
février 2026

Cartographier la guerre TechMil. Huit leçons tirées du champ de bataille ukrainien

Ce rapport retrace l'évolution des technologies clés apparues pendant la guerre.

Date de publication
11 février 2026

Attention à la marche : une évaluation des options nucléaires de l'Europe

Une évaluation des options nucléaires de l'Europe après le retour de la guerre.
"""


def test_a_month_alone_is_stored_with_month_precision_and_shown_as_the_month(client, tmp_path):
    run(page(tmp_path, MONTH_LISTING), "--publish")
    month = Article.objects.get(title__startswith="Cartographier")
    day = Article.objects.get(title__startswith="Attention")
    assert (month.published_on, month.published_precision) == (date(2026, 2, 1), "month")
    assert (day.published_on, day.published_precision) == (date(2026, 2, 11), "day")

    with translation.override("fr"):
        url = month.get_absolute_url()
    html = client.get(url).content.decode()
    assert '<time datetime="2026-02">février 2026</time>' in html
    assert "1 février 2026" not in html

    data = client.get(f"/api/v1/articles/{month.slug}/").json()
    assert (data["published_on"], data["published_precision"]) == ("2026-02-01", "month")
    listed = client.get("/api/v1/articles/", {"fields": "slug,published_precision"}).json()
    assert {"slug": day.slug, "published_precision": "day"} in listed["results"]
