"""The page parsers, on the seed pages and on pages written for these tests."""

from datetime import date
from pathlib import Path

import pytest

from seeds.parsers import ParseError, detect, parse
from seeds.parsers.dates import find_dates, parse_date
from seeds.parsers.lang import detect as detect_language

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds" / "documents"
PAGES = Path(__file__).parent / "pages"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        (seed("000"), "ifri_subject"),
        (seed("001"), "ministry_factsheet"),
        (seed("002"), "b2_listing"),
        (seed("003"), "ministry_bilateral"),
        (seed("004"), "blog_post"),
        (page("ifri_subject_fr.txt"), "ifri_subject"),
        (page("factsheet_eu.txt"), "ministry_factsheet"),
        (page("b2_archive_cut.txt"), "b2_listing"),
        (page("bilateral_de_uk.txt"), "ministry_bilateral"),
        (page("blog_post_en.txt"), "blog_post"),
    ],
)
def test_layout_is_detected_from_structure(text, layout):
    assert detect(text) == layout


@pytest.mark.parametrize("text", ["", "   \n\n"])
def test_only_an_empty_page_is_refused(text):
    with pytest.raises(ParseError):
        parse(text)


def test_an_unrecognised_page_is_one_article_to_review():
    doc = parse("Just a title\nAnd a sentence that says something about NATO.\n")
    assert doc.layout == "single_article"
    assert doc.needs_review
    assert [item.title for item in doc.items] == ["Just a title"]
    assert "imported as one article" in doc.warnings[-1]


# --- dates and languages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("25 September 2024", date(2024, 9, 25), "day"),
        ("27 nov. 2025", date(2025, 11, 27), "day"),
        ("signée le 28 novembre 2016 par", date(2016, 11, 28), "day"),
        ("established on December 16th, 2002 in", date(2002, 12, 16), "day"),
        ("Carnet (11.11.2020).", date(2020, 11, 11), "day"),
        ("Dernière modification : 17/08/2017", date(2017, 8, 17), "day"),
        ("en décembre 2018.", date(2018, 12, 1), "month"),
        ("arrangements of 2003, which", date(2003, 1, 1), "year"),
    ],
)
def test_dates_are_read_with_their_precision(text, expected, precision):
    (found,) = find_dates(text)
    assert (found.value, found.precision) == (expected, precision)


def test_a_date_without_year_is_not_completed():
    assert find_dates("le 24 octobre (Aurélie Pugnet)") == ()
    assert parse_date("27 juin") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Le cloud défense : défi opérationnel, impératif stratégique et enjeu de souveraineté",
            "fr",
        ),
        ("France and Japan: The Indo-Pacific as a Springboard for a Strategic Partnership", "en"),
        ("Discussion franche et ouverte à l’OTAN sur la Turquie sans solution", "fr"),
    ],
)
def test_language_of_short_texts(text, language):
    assert detect_language(text) == language


# --- 000: Ifri subject page ----------------------------------------------------------


@pytest.fixture(scope="module")
def ifri():
    return parse(seed("000"))


def test_ifri_subject_and_description(ifri):
    assert ifri.topic.name == "Military Alliances"
    assert ifri.topic.description.startswith("While NATO remains the foundation")
    assert ifri.language == "en"


def test_ifri_items_are_distinct_and_split_by_kind(ifri):
    kinds = [item.kind for item in ifri.items]
    assert len(ifri.items) == 23
    assert kinds.count("analysis") == 14
    assert len(kinds) - kinds.count("analysis") == 9
    assert kinds.count("interview") == 1
    titles = [item.title for item in ifri.items]
    assert len(set(titles)) == len(titles)
    assert [item.position for item in ifri.items] == list(range(1, 24))


def test_ifri_navigation_captions_and_appeal_are_not_items(ifri):
    titles = " ".join(item.title for item in ifri.items)
    for noise in ("Image", "Support independent", "Related Subjects", "Flag of European"):
        assert noise not in titles


def test_ifri_dates_and_languages(ifri):
    first = ifri.items[0]
    assert first.published_on == date(2024, 9, 25)
    assert first.line == 21
    assert all(item.published_on for item in ifri.items)
    french = [item for item in ifri.items if item.language == "fr"]
    assert [item.title[:15] for item in french] == ["Le cloud défens"]
    assert all(item.topics == ["Military Alliances"] for item in ifri.items)


def test_another_ifri_subject_in_french():
    doc = parse(page("ifri_subject_fr.txt"))
    assert doc.topic.name == "Dissuasion nucléaire"
    assert doc.language == "fr"
    assert [(i.kind, i.language, i.published_on) for i in doc.items] == [
        ("analysis", "fr", date(2024, 3, 12)),
        ("analysis", "en", date(2023, 2, 5)),
        ("media_mention", "fr", date(2023, 1, 20)),
        ("interview", "fr", date(2022, 11, 14)),
    ]


# --- 002: B2 listing -----------------------------------------------------------------


@pytest.fixture(scope="module")
def b2():
    return parse(seed("002"))


def test_b2_items(b2):
    assert len(b2.items) == 11
    assert all(item.kind == "news" and item.language == "fr" for item in b2.items)


def test_b2_captions_belong_to_the_following_item(b2):
    captioned = [(item.title, item.caption) for item in b2.items if item.caption]
    assert len(captioned) == 3
    assert captioned[0][1].endswith("(Aurélie Pugnet)")
    assert captioned[0][0].startswith("Européens regardez-bien")
    assert captioned[1][1].endswith("(crédit : MOD Turquie)")
    assert captioned[2][1].endswith("(Crédit : US Defence)")
    assert not any("Pugnet" in item.title or "Crédit" in item.title for item in b2.items)


def test_b2_only_carnets_are_dated(b2):
    dated = {item.published_on for item in b2.items if item.published_on}
    assert dated == {date(2020, 11, 11), date(2020, 6, 26), date(2020, 2, 17)}
    undated = [item for item in b2.items if not item.title.startswith("Carnet")]
    assert all(item.published_on is None for item in undated)


def test_b2_carnet_rubrics_become_topics(b2):
    first = b2.items[0]
    assert "Défense" in first.topics and "Diplomatie UE" in first.topics
    assert not any("(" in topic or topic.startswith("Carnet") for topic in first.topics)


def test_b2_cut_teasers_are_excerpts(b2):
    assert b2.items[0].is_excerpt is False  # ends with a full stop
    assert b2.items[1].is_excerpt is True  # "... semble lointain"


def test_another_b2_archive_cut_off_after_a_title():
    doc = parse(page("b2_archive_cut.txt"))
    assert [item.published_on for item in doc.items] == [date(2021, 5, 3), None, None, None]
    assert doc.items[0].topics == ["Défense", "Industrie", "Diplomatie UE"]
    assert doc.items[2].caption.endswith("(crédit : EUNAVFOR Med)")
    last = doc.items[-1]
    assert last.summary == "" and last.is_excerpt
    assert doc.warnings


# --- 001: fact sheet -----------------------------------------------------------------


@pytest.fixture(scope="module")
def factsheet():
    return parse(seed("001"))


def members_of(doc, group_fragment):
    return {m.member for m in doc.memberships if group_fragment in m.group}


def test_factsheet_article_and_as_of(factsheet):
    assert factsheet.as_of == date(2017, 8, 17)
    (item,) = factsheet.items
    assert item.kind == "fact_sheet"
    assert item.title == "NATO’s partnerships"
    assert "Read more" not in item.body and "top of the page" not in item.body


def test_factsheet_frameworks(factsheet):
    by_acronym = {e.short_name: e for e in factsheet.entities if e.short_name}
    assert set(by_acronym) >= {"PFP", "MD", "ICI", "PatG", "EOP"}
    names = {e.name for e in factsheet.entities}
    assert {"NATO-Ukraine Commission", "NATO-Georgia Commission", "NATO-Russia Council"} <= names
    commission = next(e for e in factsheet.entities if e.name == "NATO-Ukraine Commission")
    assert (commission.start, commission.start_precision) == (date(1997, 1, 1), "year")


def test_factsheet_members(factsheet):
    assert members_of(factsheet, "Peace") == {
        "Switzerland", "Austria", "Finland", "Ireland", "Sweden", "Malta"
    }  # fmt: skip
    assert len(members_of(factsheet, "Mediterranean")) == 7
    assert members_of(factsheet, "Istanbul") == {"Bahrein", "Qatar", "UAE", "Kuwait"}
    eop = next(e.name for e in factsheet.entities if e.short_name == "EOP")
    assert members_of(factsheet, eop) == {"Australia", "Finland", "Georgia", "Jordan", "Sweden"}
    assert members_of(factsheet, "NATO-Georgia") == {"NATO", "Georgia"}


def test_factsheet_dated_facts(factsheet):
    partnership = next(e for e in factsheet.entities if e.kind == "bilateral")
    assert set(partnership.sides) == {"NATO", "EU"}
    assert (partnership.start, partnership.start_precision) == (date(2002, 12, 16), "day")
    berlin = next(e for e in factsheet.entities if e.name.startswith("Berlin"))
    assert (berlin.start, berlin.start_precision) == (date(2003, 1, 1), "year")
    dates = {(m.on, m.precision) for m in factsheet.milestones}
    assert {(date(2002, 12, 16), "day"), (date(2003, 1, 1), "year")} <= dates


def test_another_factsheet():
    doc = parse(page("factsheet_eu.txt"))
    assert doc.as_of == date(2019, 2, 3)
    assert members_of(doc, "Eastern") == {
        "Armenia", "Azerbaijan", "Belarus", "Georgia", "Moldova", "Ukraine"
    }  # fmt: skip
    assert members_of(doc, "Union for the Mediterranean") == {
        "Albania", "Lebanon", "Morocco", "Tunisia"
    }  # fmt: skip
    council = next(e for e in doc.entities if e.kind == "council")
    assert council.sides == ["EU", "Turkey"] and council.start == date(1964, 1, 1)
    assert {m.on for m in doc.milestones} == {date(2007, 12, 9), date(2017, 1, 1)}


# --- 003: bilateral page -------------------------------------------------------------


def test_bilateral_partnerships_and_milestones():
    doc = parse(seed("003"))
    assert [e.sides for e in doc.entities] == [["France", "Etats-Unis"], ["France", "Canada"]]
    assert all(e.kind == "bilateral" for e in doc.entities)
    by_entity = {(m.entity, m.on, m.precision) for m in doc.milestones}
    us, canada = (e.name for e in doc.entities)
    assert (us, date(2016, 11, 28), "day") in by_entity
    assert (canada, date(2015, 1, 1), "year") in by_entity
    (item,) = doc.items
    assert item.kind == "fact_sheet" and item.language == "fr"
    assert "En savoir plus" not in item.body


def test_another_bilateral_page():
    doc = parse(page("bilateral_de_uk.txt"))
    assert [e.sides[1] for e in doc.entities] == ["Allemagne", "Royaume-Uni"]
    assert {(m.entity.split()[-1], m.on) for m in doc.milestones} == {
        ("Allemagne", date(1988, 1, 22)),
        ("Royaume-Uni", date(2010, 11, 2)),
    }


# --- 004: blog post ------------------------------------------------------------------


def test_blog_post():
    doc = parse(seed("004"))
    (item,) = doc.items
    assert item.kind == "blog_post" and item.language == "fr"
    assert item.published_on == date(2025, 11, 27)
    assert item.authors == ["cirmafrance"]
    assert "Commentaires" not in item.body and "CIRMA Logo" not in item.body
    (initiative,) = doc.entities
    assert initiative.short_name == "DCB" and initiative.kind == "initiative"
    partners = [m.member for m in doc.memberships if m.group == initiative.name]
    assert len(partners) == 8
    assert "Organisation des Nations unies" in partners
    assert all(m.role == "partner" for m in doc.memberships)


def test_another_blog_post_in_english():
    doc = parse(page("blog_post_en.txt"))
    (item,) = doc.items
    assert (item.language, item.published_on, item.authors) == (
        "en",
        date(2024, 3, 3),
        ["deskanalyst"],
    )
    assert doc.entities[0].short_name == "PII"
    assert [m.member for m in doc.memberships] == [
        "Australia", "Finland", "Georgia", "Jordan", "Sweden"
    ]  # fmt: skip
