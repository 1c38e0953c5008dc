"""The import_seeds command and the import service, through the database."""

import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from articles.models import Article, Publisher, Topic
from partnerships.models import Entity, Membership, Milestone, Source
from seeds.models import Document, Provenance
from tests.seeds.conftest import PAGES

pytestmark = pytest.mark.django_db


def run(*args, verbosity=1):
    out = io.StringIO()
    call_command("import_seeds", *[str(a) for a in args], stdout=out, verbosity=verbosity)
    return out.getvalue()


def members(group, source=None):
    memberships = Membership.objects.filter(group=group)
    if source:
        memberships = memberships.filter(source=source)
    return {m.member.name for m in memberships}


# --- 000 -----------------------------------------------------------------------------


def test_ifri_subject_page(imported):
    ifri = Publisher.objects.get(name="Ifri")
    articles = Article.objects.filter(publisher=ifri)
    assert articles.count() == 23
    assert articles.filter(kind="analysis").count() == 14
    assert articles.exclude(kind="analysis").count() == 9
    assert articles.filter(kind="interview").count() == 1
    topic = Topic.objects.get(name="Military Alliances")
    assert topic.description.startswith("While NATO remains")
    assert topic.articles.count() == 23
    cloud = articles.get(title__startswith="Le cloud défense")
    assert cloud.language == "fr" and cloud.published_on == date(2021, 11, 24)
    assert all(status == "review" for status in articles.values_list("status", flat=True))


# --- 001 -----------------------------------------------------------------------------


def test_factsheet_structured_data(imported):
    source = Source.objects.get(as_of=date(2017, 8, 17))
    article = Article.objects.get(kind="fact_sheet", title="NATO’s partnerships")
    assert article.entities.filter(short_name="NATO").exists()
    assert Entity.objects.filter(short_name="EU", kind="organisation").exists()
    pfp, md, ici = (Entity.objects.get(short_name=s) for s in ("PfP", "MD", "ICI"))
    assert members(pfp, source) == {
        "Switzerland", "Austria", "Finland", "Ireland", "Sweden", "Malta"
    }  # fmt: skip
    assert len(members(md, source)) == 7
    assert members(ici, source) == {"Bahrain", "Qatar", "United Arab Emirates", "Kuwait"}
    assert len(members(Entity.objects.get(short_name="EOP"), source)) == 5
    assert Entity.objects.filter(short_name="PatG").exists()
    ukraine = Entity.objects.get(name="NATO-Ukraine Commission")
    assert (ukraine.kind, ukraine.start_date, ukraine.start_precision) == (
        "commission", date(1997, 1, 1), "year"
    )  # fmt: skip
    georgia = Entity.objects.get(name="NATO-Georgia Commission")
    assert georgia.start_date.year == 2008
    assert members(georgia) == {"North Atlantic Treaty Organization", "Georgia"}
    assert Entity.objects.filter(name="NATO-Russia Council", kind="council").exists()
    assert Membership.objects.exclude(source=source).filter(group__in=[pfp, md, ici]).count() == 0


def test_factsheet_dated_facts(imported):
    partnership = Entity.objects.get(kind="bilateral", name__contains="NATO–EU")
    assert (partnership.start_date, partnership.start_precision) == (date(2002, 12, 16), "day")
    milestones = {(m.date, m.precision) for m in partnership.milestones.all()}
    assert {(date(2002, 12, 16), "day"), (date(2003, 1, 1), "year")} <= milestones
    berlin = Entity.objects.get(short_name="Berlin Plus")
    assert (berlin.start_date, berlin.start_precision) == (date(2003, 1, 1), "year")
    assert all(m.source.as_of == date(2017, 8, 17) for m in partnership.milestones.all())


# --- 002 -----------------------------------------------------------------------------


def test_b2_listing(imported):
    news = Article.objects.filter(publisher__name__startswith="B2", kind="news")
    assert news.count() == 11
    assert news.exclude(caption="").count() == 3
    assert news.get(caption__endswith="(Aurélie Pugnet)").title.startswith("Européens")
    assert news.filter(published_on__isnull=False).count() == 3
    carnet = news.get(published_on=date(2020, 11, 11))
    # A newsletter's rubrics are kept as the item's rubrics, not created as subjects.
    assert {"Défense", "Diplomatie UE"} <= set(carnet.rubrics.values_list("name", flat=True))
    assert not Topic.objects.filter(name__in=["Défense", "Diplomatie UE"]).exists()
    assert news.filter(is_excerpt=True).count() == 10
    otan = Entity.objects.get(short_name="NATO")
    assert news.filter(entities=otan).count() >= 4  # "l'OTAN", "l'Alliance atlantique"


# --- 003 -----------------------------------------------------------------------------


def test_bilateral_partnerships(imported):
    us = Entity.objects.get(name="France–United States", kind="bilateral")
    canada = Entity.objects.get(name="France–Canada", kind="bilateral")
    assert us.name_fr == "France–États-Unis"
    assert members(us) == {"France", "United States"}
    assert [(m.date, m.precision) for m in us.milestones.all()] == [(date(2016, 11, 28), "day")]
    assert [(m.date, m.precision) for m in canada.milestones.all()] == [(date(2015, 1, 1), "year")]
    sheet = Article.objects.get(kind="fact_sheet", entities=us)
    assert sheet.language == "fr" and sheet.entities.filter(pk=canada.pk).exists()


# --- 004 -----------------------------------------------------------------------------


def test_blog_post(imported):
    post = Article.objects.get(kind="blog_post")
    assert post.published_on == date(2025, 11, 27)
    assert [a.name for a in post.ordered_authors] == ["cirmafrance"]
    dcb = Entity.objects.get(short_name="DCB")
    assert post.entities.filter(short_name="NATO").exists()
    assert post.entities.filter(pk=dcb.pk).exists()
    partners = Membership.objects.filter(group=dcb, role="partner")
    assert {m.member.name for m in partners} == {
        "Bosnia and Herzegovina", "Georgia", "Iraq", "Jordan", "Mauritania", "Moldova",
        "Tunisia", "United Nations",
    }  # fmt: skip
    assert {m.source.title for m in partners} == {post.title}


def test_countries_link_with_articles_and_elisions(imported):
    georgia = Entity.objects.get(country="GE")
    assert georgia.name_fr == "Géorgie"
    assert Article.objects.filter(kind="blog_post", entities=georgia).exists()  # "la Géorgie"
    assert Entity.objects.filter(kind="state").count() == Entity.objects.exclude(country="").count()


# --- behaviour -----------------------------------------------------------------------


def test_every_article_records_its_document_and_position(imported):
    article_type = ContentType.objects.get_for_model(Article)
    assert Document.objects.count() == 5
    for article in Article.objects.all():
        provenance = Provenance.objects.get(content_type=article_type, object_id=article.pk)
        assert provenance.position >= 1 and provenance.line >= 1
    first = Provenance.objects.get(
        content_type=article_type, document__name__startswith="000", position=1
    )
    assert first.content_object.title.startswith("EUDIS")


def test_import_is_idempotent(imported):
    counts = [Model.objects.count() for Model in (Article, Entity, Membership, Milestone)]
    output = run()
    assert [Model.objects.count() for Model in (Article, Entity, Membership, Milestone)] == counts
    assert "0 created, 0 updated, 23 unchanged, 0 conflicts" in output


def test_editor_changes_are_kept_and_reported(imported, seed_path):
    article = Article.objects.get(title__startswith="Japan’s Enhanced Security")
    article.title = "Japan and the Pacific Islands (edited)"
    article.save()
    output = run(seed_path("000"))
    article.refresh_from_db()
    assert article.title == "Japan and the Pacific Islands (edited)"
    assert "1 conflicts" in output and "title edited since import" in output


def test_source_changes_update_untouched_fields(imported, seed_path, tmp_path):
    page = tmp_path / seed_path("000").name
    text = seed_path("000").read_text(encoding="utf-8")
    page.write_text(text.replace("most spectacular change", "largest change"), encoding="utf-8")
    output = run(page)
    article = Article.objects.get(title__startswith="Japan’s Enhanced Security")
    assert "largest change" in article.summary
    assert "1 updated" in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Carnet (11.11.2020). Défense\n\n(B2) Été.".encode("latin-1"), "encoding"),
    ],
)
def test_bad_file_is_named_and_nothing_is_written(db, seed_path, tmp_path, content, message):
    bad = tmp_path / "bad_page.txt"
    bad.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(seed_path("000"), bad)
    assert "bad_page.txt" in str(error.value) and message in str(error.value)
    assert Article.objects.count() == 0 and Document.objects.count() == 0


def test_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="nowhere.txt"):
        run(tmp_path / "nowhere.txt")


def test_dry_run_writes_nothing(db):
    output = run("--dry-run")
    assert "23 created" in output and "Dry run" in output
    assert Article.objects.count() == Entity.objects.count() == Provenance.objects.count() == 0


def test_publish_option(db, seed_path):
    run("--publish", seed_path("004"))
    assert Article.objects.get().status == "published"
    assert Article.objects.published().count() == 1


def test_summary_line_per_file_and_quiet_mode(db, seed_path):
    output = run(seed_path("002"), seed_path("004"))
    lines = [line for line in output.splitlines() if "[" in line]
    assert len(lines) == 2 and "11 created" in lines[0]
    assert run(seed_path("003"), verbosity=0) == ""


def test_pages_of_our_own_import(db):
    run(*sorted(PAGES.glob("*.txt")))
    topic = Topic.objects.get(name_fr="Dissuasion nucléaire")  # a known subject: both names
    assert topic.name == "Nuclear Deterrence" and topic.description_fr
    assert Entity.objects.filter(name="France–Germany", kind="bilateral").exists()
    pii = Entity.objects.get(short_name="PII")
    assert Membership.objects.filter(group=pii).count() == 5
