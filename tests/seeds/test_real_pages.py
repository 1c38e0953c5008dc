"""The importer on real pages of the publishers and on the kinds of page it will meet.

Each rule of the "importer meets the world" issue, through ``import_seeds`` and the admin
upload. The real pages (tests/seeds/pages/real/, saved as found) carry hand-written
expectations scored by scripts/score_import.py; here they must at least all import.
"""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from partnerships.models import Membership
from seeds.models import Document

pytestmark = pytest.mark.django_db
REAL = Path(__file__).parent / "pages" / "real"
UPLOAD = reverse("admin:seeds_document_upload")


def run(*args, verbosity=1):
    out = io.StringIO()
    call_command("import_seeds", *[str(a) for a in args], stdout=out, verbosity=verbosity)
    return out.getvalue()


def page(tmp_path, text: str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def byline(article):
    return list(article.article_authors.order_by("position").values_list("author__name", flat=True))


def titles():
    return set(Article.objects.values_list("title", flat=True))


def test_every_real_page_imports_and_none_is_refused():
    pages = sorted(REAL.glob("*.txt"))
    assert len(pages) >= 30
    run(*pages)
    assert Document.objects.count() == len(pages)


def test_expectations_name_real_titles_that_are_imported():
    run(*sorted(REAL.glob("ifri_*.txt")), *sorted(REAL.glob("csba_*.txt")))
    found = titles()
    for meta in [*REAL.glob("ifri_*.json"), *REAL.glob("csba_*.json")]:
        for item in json.loads(meta.read_text())["items"]:
            assert item["title"] in found, (meta.name, item["title"])


# --- never refuse a readable page ----------------------------------------------------


def test_a_page_no_layout_claims_is_one_article_in_review_even_with_publish(tmp_path):
    path = page(tmp_path, "A short note\n\nSome text an editor may want to keep.\n")
    out = run(path, "--publish", verbosity=2)
    article = Article.objects.get()
    assert (article.title, article.status) == ("A short note", "review")
    assert "imported as one article" in out


def test_a_generic_listing_is_read_by_the_shape_of_its_lines(tmp_path):
    text = (
        "Publications\n\n3175 publications\n\nIssue Brief\n\nJun 13, 2022\n\n"
        "NATO after Madrid: what the new Strategic Concept changes\n\n"
        "By Jane Roe and John Smith, Jr.\n\n"
        "The Alliance adopted a new concept; this brief reads it line by line.\n\n"
        "Read more\n\nCommentary\n\nTuesday, June 28, 2022\n\n"
        "Why the Baltic states matter more than ever\n\nBy The Transatlantic Security Team\n\n"
        "Three reasons why the eastern flank is now the centre of gravity.\n\n"
        "Photo: Lithuanian Armed Forces\n\nIssue Brief\n\nJun 13, 2022\n\n"
        "NATO after Madrid: what the new Strategic Concept changes\n\n"
        "By Jane Roe and John Smith, Jr.\n\nThe Alliance adopted a new concept again.\n"
    )
    run(page(tmp_path, text))
    assert titles() == {
        "NATO after Madrid: what the new Strategic Concept changes",
        "Why the Baltic states matter more than ever",
    }
    madrid = Article.objects.get(title__startswith="NATO after Madrid")
    assert madrid.published_on == date(2022, 6, 13) and madrid.kind == "analysis"
    assert byline(madrid) == ["Jane Roe", "John Smith, Jr."]
    baltic = Article.objects.get(title__startswith="Why the Baltic")
    assert baltic.published_on == date(2022, 6, 28)
    assert byline(baltic) == ["The Transatlantic Security Team"]


def test_glued_author_and_capital_authors(tmp_path):
    text = (
        "Analyses\n\nThe Black Sea after the war\n\nJane DoeTuesday, June 28, 2022\n\n"
        "A long teaser about the Black Sea that ends with a full stop, as teasers do.\n\n"
        "Europe's nuclear options\n\n31 May. 2017\n\n"
        "Another teaser that ends properly with a full stop for the record.\n\nKlaus LARRES\n\n"
        "Next item title\n\n"
    )
    run(page(tmp_path, text))
    black_sea = Article.objects.get(title="The Black Sea after the war")
    assert black_sea.published_on == date(2022, 6, 28)
    assert byline(black_sea) == ["Jane Doe"]
    nuclear = Article.objects.get(title="Europe's nuclear options")
    assert nuclear.published_on == date(2017, 5, 31)
    assert byline(nuclear) == ["Klaus LARRES"]
    assert "Next item title" not in titles()


# --- dates ---------------------------------------------------------------------------


def test_a_day_archive_heading_dates_its_items_and_carnet_titles_carry_theirs(tmp_path):
    text = (REAL / "b2_jour_2021_12_16.txt").read_text()
    run(page(tmp_path, text))
    assert set(Article.objects.values_list("published_on", flat=True)) == {date(2021, 12, 16)}


@pytest.mark.parametrize(
    "line",
    ["mardi (18 mai)", "12.000 soldats", "Plan 2018–24", "https://ex.org/2019/05/12/x"],
)
def test_what_is_never_an_items_date(tmp_path, line):
    text = f"Une page\n\nUn titre qui reste un titre\n\n{line}\n\nUn texte pour un article.\n"
    run(page(tmp_path, text))
    assert Article.objects.get().published_on is None


def test_day_first_on_french_pages_and_a_month_alone(tmp_path):
    text = (
        "Publications\n\nPremier titre de la liste\n\n10/12/2019\n\n"
        "Un résumé qui se termine par un point final comme il se doit.\n\n"
        "Second titre de la liste\n\nDate de publication\nfévrier 2026\n\n"
        "Un autre résumé qui se termine par un point final comme il se doit.\n\nFin\n"
    )
    run(page(tmp_path, text))
    first = Article.objects.get(title="Premier titre de la liste")
    assert first.published_on == date(2019, 12, 10)
    assert Article.objects.get(title="Second titre de la liste").published_on == date(2026, 2, 1)


# --- membership facts ----------------------------------------------------------------


def facts(**filters):
    return {
        (m.member.name, m.group.short_name or m.group.name, m.role, m.since and m.since.year)
        for m in Membership.objects.filter(**filters).select_related("member", "group")
    }


def test_accession_lines_give_members_with_years_and_evidence():
    run(REAL / "eata_nato_member_countries.txt")
    found = facts(group__short_name="NATO")
    assert ("Greece", "NATO", "member", 1952) in found
    assert ("Finland", "NATO", "member", 2023) in found
    assert ("France", "NATO", "member", 1949) in found
    assert ("France", "NATO", "member", 2009) not in found  # it rejoined the command
    greece = Membership.objects.get(member__name="Greece")
    assert greece.evidence == "1952 Greece, Turkey"


def test_invited_and_candidate_are_not_members(tmp_path):
    text = (
        "Enlargement\n\nIn 1949 Ireland was invited to join NATO, but did not accept.\n\n"
        "The allies decided to invite Bosnia and Herzegovina, Montenegro and Serbia to join "
        "the Partnership for Peace.\n\n"
        "Georgia and Ukraine remain candidate countries for NATO.\n"
    )
    run(page(tmp_path, text))
    roles = {(m.member.name, m.role) for m in Membership.objects.select_related("member")}
    assert ("Montenegro", "invited") in roles and ("Serbia", "invited") in roles
    assert ("Georgia", "candidate") in roles and ("Ukraine", "candidate") in roles
    assert not Membership.objects.filter(role="member").exists()
    assert not Membership.objects.filter(member__name="Ireland").exists()


def test_traps_captions_denials_and_longer_names(tmp_path):
    text = (
        "Partners\n\n"
        "PHOTO/NATO - Qatar, Bahrain and Kuwait are partners of the Istanbul Initiative.\n\n"
        "Austria, Cyprus, Ireland and Malta are not members of NATO.\n\n"
        "Belgium, France and Luxembourg were founding members of the Western European Union.\n"
    )
    run(page(tmp_path, text))
    names = set(Membership.objects.values_list("member__name", flat=True))
    assert not names & {"Qatar", "Bahrain", "Kuwait", "Austria", "Cyprus", "Ireland", "Malta"}
    assert not Membership.objects.filter(group__short_name="EU").exists()


def test_participating_states_of_a_named_framework(tmp_path):
    run(REAL / "europediplomatic_pesco_projects.txt")
    pesco = Membership.objects.filter(role="participating_state")
    assert pesco.count() == 25
    assert {m.group.short_name or m.group.name for m in pesco} == {"PESCO"}
    assert "participating in PESCO" in pesco.first().evidence


def test_membership_evidence_is_shown_to_editors_and_readers(client, editor_client):
    run(REAL / "eata_nato_member_countries.txt", "--publish")
    greece = Membership.objects.get(member__name="Greece")
    admin_page = editor_client.get(
        reverse("admin:partnerships_membership_change", args=[greece.pk])
    )
    assert "1952 Greece, Turkey" in admin_page.content.decode()
    reader_page = client.get(greece.group.get_absolute_url())
    assert reader_page.status_code == 200
    assert "1952 Greece, Turkey" in reader_page.content.decode()


# --- names longer than their column; the admin preview per item ----------------------


def test_names_longer_than_their_column_are_shortened(tmp_path, editor_client):
    long_author = "By " + " ".join(["Averyveryverylongname"] * 20)
    long_title = "A title " + "that keeps going " * 40
    text = f"{long_title}\n\n{long_author}\n\nSome text that is the body of the article.\n"
    path = page(tmp_path, text)
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    response = editor_client.post(UPLOAD, {"page": upload})
    assert response.status_code == 200
    run(path)
    article = Article.objects.get()
    assert len(article.title) <= 500
    assert all(len(name) <= 200 for name in article.authors.values_list("name", flat=True))


def test_admin_preview_shows_each_item_with_its_layout_in_words(editor_client):
    path = REAL / "csba_special_feature_nato.txt"
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    content = editor_client.post(UPLOAD, {"page": upload}).content.decode()
    assert "Listing of records" in content
    assert "Deterrence and Defense in the Baltic Region" in content
    assert "2022-06-02" in content or "June 2, 2022" in content
    assert "Eric Edelman, Franklin C. Miller" in content
    assert Article.objects.count() == 0


def test_admin_preview_shows_facts_with_their_evidence(editor_client):
    path = REAL / "eata_nato_member_countries.txt"
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    content = editor_client.post(UPLOAD, {"page": upload}).content.decode()
    assert "Membership facts" in content and "1952 Greece, Turkey" in content
    assert Membership.objects.count() == 0


# --- saved web pages -----------------------------------------------------------------


def test_a_saved_html_page_imports_with_its_metadata():
    run(Path(__file__).parent / "pages" / "saved_article_en.html")
    article = Article.objects.get()
    assert article.title == "Why Finland and Sweden can join NATO with unprecedented speed"
    assert article.published_on == date(2022, 5, 13)
    assert byline(article) == [
        "Christopher Skaluba",
        "Anna Wieslander",
    ]
    assert article.publisher.name == "Atlantic Council"
    assert "Subscribe to our newsletter" not in article.body  # the footer is not text
    assert "painstaking work" in article.body
    assert article.entities.filter(short_name="NATO").exists()


def test_a_saved_html_listing_goes_through_the_listing_reader(tmp_path):
    records = "".join(
        f"<article><p>Issue Brief</p><p>Jun {day}, 2022</p><h2>Brief number {day} on NATO</h2>"
        f"<p>By Jane Roe</p><p>A teaser of this brief that ends as a sentence should.</p>"
        "</article>"
        for day in (10, 11, 12)
    )
    html = f"<!DOCTYPE html><html><head><title>Briefs</title></head><body><main>{records}"
    html += "<p>End of the list.</p></main></body></html>"
    run(page(tmp_path, html, "briefs.html"))
    assert titles() == {f"Brief number {day} on NATO" for day in (10, 11, 12)}
    assert Article.objects.get(title="Brief number 11 on NATO").published_on == date(2022, 6, 11)
