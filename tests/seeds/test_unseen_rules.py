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


# --- Membership facts: lists, clauses, roles, traps -------------------------------------------


BULLET_FACT_SHEET = """Who we are

Partners for Co-operation

The organisation maintains special relations with 11 countries, known as Partners for \
Co-operation of the OSCE.

Mediterranean Partners for Co-operation

The OSCE maintains special relations with the following Mediterranean countries:

  • Algeria
  • Morocco

Asian Partners for Co-operation

Formal relations were also initiated with the following Asian countries:

  • Japan (1992)
  • Thailand (2000)

Contact

The secretariat answers questions from the following people:

  • Anna Smith
"""


def test_bullets_under_a_heading_that_names_the_role_are_facts_with_their_years(tmp_path):
    run(page(tmp_path, BULLET_FACT_SHEET))
    assert {
        ("Algeria", "OSCE", "partner", None),
        ("Morocco", "OSCE", "partner", None),
        ("Japan", "OSCE", "partner", 1992),
        ("Thailand", "OSCE", "partner", 2000),
    } <= facts()
    assert not Membership.objects.filter(member__name__icontains="Smith").exists()


HARD_WRAPPED = """Factsheet
OSCE
Partnership for
Co-operation
Over the years, the OSCE has developed special relations
with two Mediterranean Partners for Co-operation: Algeria
and Egypt. Japan joined
as a Partner in 1992 and was followed by Thailand (2000).
"""


def test_a_hard_wrapped_sentence_is_read_whole(tmp_path):
    run(page(tmp_path, HARD_WRAPPED))
    assert {
        ("Algeria", "OSCE", "partner", None),
        ("Egypt", "OSCE", "partner", None),
        ("Japan", "OSCE", "partner", 1992),
        ("Thailand", "OSCE", "partner", 2000),
    } <= facts()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Mongolia joined the OSCE as a partner in 2004, and became a participating State "
            "in 2012.",
            {
                ("Mongolia", "OSCE", "partner", 2004),
                ("Mongolia", "OSCE", "participating_state", 2012),
            },
        ),
        (
            "Finland is a member of the European Union and a partner of NATO.",
            {("Finland", "EU", "member", None), ("Finland", "NATO", "partner", None)},
        ),
        (
            "Algeria and Egypt are members of the OSCE, Japan is an observer.",
            {
                ("Algeria", "OSCE", "member", None),
                ("Egypt", "OSCE", "member", None),
                ("Japan", "OSCE", "observer", None),
            },
        ),
    ],
)
def test_two_roles_in_one_sentence_give_two_facts(tmp_path, sentence, expected):
    run(page(tmp_path, f"A note on the organisation\n\n{sentence}\n"))
    assert facts() == expected
    for membership in Membership.objects.all():
        assert membership.evidence == sentence  # each fact keeps the whole sentence


def test_the_role_is_the_cue_next_to_the_list(tmp_path):
    text = (
        "Germany chairs the Asian Partnership\n\nThe programme includes five meetings of the "
        "OSCE's 57 participating States with the partners for co-operation from Asia (Japan "
        "and Thailand). Japan became a partner in 1992, followed by Thailand in 2000.\n"
    )
    run(page(tmp_path, text))
    assert facts() == {("Japan", "OSCE", "partner", 1992), ("Thailand", "OSCE", "partner", 2000)}
    assert not Membership.objects.filter(member__name="Germany").exists()


@pytest.mark.parametrize(
    "sentence",
    [
        "On 7 December 2017, Ireland and Portugal also notified their decision to join PESCO.",
        "NATO's partnerships with Belarus and Russia are currently suspended.",
        "The Australian delegation was invited to participate in the meetings of the OSCE.",
    ],
)
def test_decisions_suspensions_and_invitations_to_meetings_state_no_fact(tmp_path, sentence):
    run(page(tmp_path, f"A note on the organisation\n\n{sentence}\n"))
    assert facts() == set()


def test_granted_the_status_of_partner_is_a_partner_not_an_invitation(tmp_path):
    text = (
        "Partners\n\nIn 2009, Australia was granted the status of Partner for Co-operation of "
        "the OSCE and invited to participate in the meetings of the Contact Group.\n"
    )
    run(page(tmp_path, text))
    assert facts() == {("Australia", "OSCE", "partner", 2009)}


def test_a_list_line_with_a_compound_name_and_an_aside_after_a_role_line(tmp_path):
    text = (
        "Partnership\n\nThe partner countries of NATO are:\nArmenia, Bosnia and Herzegovina, "
        "Malta. (The formats with another country are on hold.)\n"
    )
    run(page(tmp_path, text))
    assert facts() == {
        ("Armenia", "NATO", "partner", None),
        ("Bosnia and Herzegovina", "NATO", "partner", None),
        ("Malta", "NATO", "partner", None),
    }


def test_countries_invited_to_join_a_framework_are_invited_to_that_framework(tmp_path):
    text = (
        "Le Guide du Sommet\n\nLe Secrétaire général a parlé avec l’OTAN et les pays "
        "donateurs. 3.1. Accueillir de nouveaux partenaires À Riga, les dirigeants ont décidé "
        "d’inviter trois pays, la Bosnie-Herzégovine, le Monténégro et la Serbie, à se joindre "
        "au Partenariat pour la paix (PPP). Le Secrétaire général a salué la décision.\n"
    )
    run(page(tmp_path, text))
    found = facts()
    assert {m for m in found if m[1] != "PfP"} == set()
    assert {(m[2], m[3]) for m in found} == {("invited", None)}
    assert len(found) == 3  # "À Riga" is a place, not a fourth country


# --- Pages read as one article: the top of the page ------------------------------------------


def article_of(tmp_path, text):
    run(page(tmp_path, text))
    (article,) = Article.objects.all()
    return article


def byline(article):
    links = article.article_authors.order_by("position")
    return list(links.values_list("author__name", flat=True))


REPOST = """22 November 2016

Everything Old Is New Again – Analysis

By G. Alexander Crowther*
NOVEMBER 21, 2016

The Alliance is heralded as the world’s most successful military alliance. However, it finds \
itself under pressure from within and without, and it has reorganised several times.
"""


def test_a_repost_is_dated_by_its_byline_and_the_authors_footnote_mark_is_dropped(tmp_path):
    article = article_of(tmp_path, REPOST)
    assert article.title == "Everything Old Is New Again – Analysis"
    assert article.published_on == date(2016, 11, 21)
    assert byline(article) == ["G. Alexander Crowther"]


PDF_NOTE = """note n°01/17 - Fondation pour la recherche stratégique

Transcription

note n°01/17
4 janvier 2017
Valérie Niquet
Maître de recherche, Fondation pour la recherche stratégique
Sécurité maritime en Asie :
l’impossible indifférence
de l’Europe*
Résumé
Alors que la présidence commence, l’espace maritime en Asie est le théâtre de tensions.
* Cette note reprend les conclusions du séminaire organisé à la FRS le
16 décembre 2016.
"""


def test_a_note_s_title_broken_after_a_colon_its_author_and_affiliation(tmp_path):
    article = article_of(tmp_path, PDF_NOTE)
    assert article.title == "Sécurité maritime en Asie : l’impossible indifférence de l’Europe"
    assert article.published_on == date(2017, 1, 4)
    assert byline(article) == ["Valérie Niquet"]


FEATURED = """Featured Analysis

Photo: Adobe Stock

Transatlantic Defense during Wartime

Transatlantic defense is at a key juncture as the war has brought greater unity but also \
thrown into relief the challenges of producing military capability.

Report by Cynthia Cook Max Bergmann Mark F. Cancian and Nicholas Velazquez — September 5, 2023

Most Recent Analysis
"""


def test_a_report_byline_without_commas_and_its_date_after_a_dash(tmp_path):
    article = article_of(tmp_path, FEATURED)
    assert article.title == "Transatlantic Defense during Wartime"
    assert (article.published_on, article.published_precision) == (date(2023, 9, 5), "day")
    assert byline(article) == [
        "Cynthia Cook",
        "Max Bergmann",
        "Mark F. Cancian",
        "Nicholas Velazquez",
    ]


PRESS_RELEASE = """Defence cooperation: Council establishes a new cooperation

  • Press releases
  • 11/12/2017 13:01

On 11 December 2017, the Council adopted a decision establishing the cooperation.
"""


def test_a_bulleted_press_release_label_and_day_first_date(tmp_path):
    article = article_of(tmp_path, PRESS_RELEASE)
    assert (article.kind, article.published_on) == ("news", date(2017, 12, 11))


def test_a_last_updated_bullet_dates_a_fact_sheet_and_breadcrumbs_are_not_titles(tmp_path):
    text = (
        "Who we are\n\nNATO’s partnerships\n\n  • Last updated: 07 Mar. 2024 18:27\n\n"
        "NATO maintains relations with more than 40 non-member countries, called partners.\n"
    )
    article = article_of(tmp_path, text)
    assert (article.title, article.published_on) == ("NATO’s partnerships", date(2024, 3, 7))


def test_one_heading_above_prose_is_not_a_bilateral_tab_bar(tmp_path):
    text = (
        "Politique étrangère de l'OTAN\n"
        + "L'OTAN entretient des relations avec de nombreux pays non membres. " * 5
        + "\n"
        + "Elle gère des programmes qui fournissent un cadre aux partenariats du monde. " * 5
        + "\n"
    )
    article = article_of(tmp_path, text)
    assert article.title == "Politique étrangère de l'OTAN"
    assert not Membership.objects.exists()
    assert Document.objects.get().layout != "ministry_bilateral"


# --- Second batch: counted anaphora, companions, appositions, citations --------------------


def test_a_sentence_that_counts_the_countries_named_before_states_their_membership(tmp_path):
    text = (
        "L'élargissement\n\nLe Sommet verra la présence des chefs d’Etat et de gouvernement "
        "de la Hongrie, de la Pologne et de la République tchèque. Ces trois pays ont rejoint "
        "officiellement l’Alliance le 12 mars 1999, portant à 19 le nombre des Alliés.\n"
    )
    run(page(tmp_path, text))
    assert roles_of("Hungary") == {("NATO", "member")}
    assert {m.since for m in Membership.objects.all()} == {date(1999, 1, 1)}
    assert Membership.objects.count() == 3


def test_a_count_that_does_not_match_the_names_before_states_nothing(tmp_path):
    text = (
        "L'élargissement\n\nLe Sommet verra la présence des chefs d’Etat et de gouvernement "
        "de la Hongrie et de la Pologne. Ces trois pays ont rejoint l’Alliance le 12 mars 1999.\n"
    )
    run(page(tmp_path, text))
    assert not Membership.objects.exists()


def test_companions_of_a_country_that_joined_join_with_it(tmp_path):
    text = (
        "Quand la Pologne a-t-elle rejoint l’OTAN ?\n\nEn 1999, la Pologne a rejoint l’OTAN "
        "avec la Hongrie et la République tchèque.\n\nLa Pologne a rejoint l’Organisation du "
        "Traité de l’Atlantique Nord (OTAN) avec le soutien de la France.\n"
    )
    run(page(tmp_path, text))
    assert {(m.member.name, m.since and m.since.year) for m in Membership.objects.all()} == {
        ("Poland", 1999),
        ("Hungary", 1999),
        ("Czechia", 1999),
    }


def test_an_apposition_states_its_fact_and_the_denial_after_it_states_nothing(tmp_path):
    run(page(tmp_path, "Notes\n\nChypre, candidate à l'UE, ne l'est pas à l'OTAN.\n"))
    assert facts() == {("Cyprus", "EU", "candidate", None)}


def test_a_citation_s_date_is_not_the_page_s_and_a_published_on_source_line_is(tmp_path):
    cited = (
        "Notes\n\nCité par le Centre d'Etudes\nInternationales \"La sécurité de l'Europe\n"
        "après l'élargissement de l'OTAN\", n° 29, juillet 1997.\n"
    )
    assert article_of(tmp_path, cited).published_on is None
    Article.objects.all().delete()
    published = (
        "Security and defence: Council adopts conclusions\n\nSource: Council of the European "
        "Union (Council) i, published on Monday, June 17 2019.\n\nEU ministers today "
        "discussed the strategy launched in June 2016.\n"
    )
    article = article_of(tmp_path, published)
    assert article.published_on == date(2019, 6, 17)


def test_a_news_dateline_makes_a_page_news(tmp_path):
    text = (
        "(BRUSSELS) – EU foreign affairs ministers ended a two-day meeting on Tuesday with "
        "moves to strengthen Europe’s security and defence.\nThe Council meeting focused on "
        "three elements of a package.\n"
    )
    article = article_of(tmp_path, text)
    assert (article.kind, article.published_on) == ("news", None)


def test_a_counted_designation_names_members_even_when_another_group_is_denied(tmp_path):
    text = (
        "Politique étrangère\n\nTrois États membres de l'Union européenne, qui ont déclaré "
        "leur non-alignement, ne sont pas membres de l'OTAN : l'Autriche, l'Irlande et Malte.\n\n"
        "Deux États membres de l'Union européenne ne sont pas membres de l'UE : la Suisse et "
        "la Norvège.\n"
    )
    run(page(tmp_path, text))
    assert facts() == {
        ("Austria", "EU", "member", None),
        ("Ireland", "EU", "member", None),
        ("Malta", "EU", "member", None),
    }


LABELLED_LISTING = """Western Europe

    • Research

    Supporting Democracy After the Invasion of Ukraine

    • Richard Youngs, Ken Godfrey
    • June 14, 2022

    The invasion has dramatically altered the security and defense architecture of Europe.

    • Commentary

    Europe Must Not Allow the Momentum for Expansion to Slip

    The war has given impetus to a new round of EU enlargement that must be sustained.

    • Research

    What NATO Needs to Do Before Finland and Sweden Join

    • Paul Poast
    • June 07, 2022

    NATO shouldn’t wait until Finland and Sweden officially join to plan their defense.

    Not a record at all

    A closing appeal without a label or a date, which stays part of the record before it.
"""


def test_labelled_records_without_a_date_are_items_beside_dated_ones(tmp_path):
    run(page(tmp_path, LABELLED_LISTING))
    found = {a.title: (a.published_on, a.kind) for a in Article.objects.all()}
    assert found == {
        "Supporting Democracy After the Invasion of Ukraine": (date(2022, 6, 14), "analysis"),
        "Europe Must Not Allow the Momentum for Expansion to Slip": (None, "analysis"),
        "What NATO Needs to Do Before Finland and Sweden Join": (date(2022, 6, 7), "analysis"),
    }
    assert byline(Article.objects.get(published_on=date(2022, 6, 7))) == ["Paul Poast"]


# --- Undated teaser listings: one article per record, none dated --------------------------

UNDATED_TOPIC_PAGE = """Arctic Security

The Thaw Opens a Northern Front

Melting sea ice has turned the Arctic into a contested space where Russia, China and the allies now compete for routes and resources...

Read more »

Why the Baltic Sea Became a NATO Lake

With two new allies on its shores, the alliance controls almost every coast of the Baltic, and Moscow must rethink how it defends Kaliningrad.

Read more »

Greenland Between Washington and Copenhagen

Photo: Danish Defence

What does the island's strategic value mean for the relationship between Denmark and the United States, and for Nuuk's own ambitions?

Read more »

Icebreakers and Deterrence

The number of heavy icebreakers each power operates says more about its Arctic strategy than any speech at a summit in Reykjav
"""  # noqa: E501


def test_an_undated_teaser_listing_gives_one_undated_article_per_record(tmp_path):
    run(page(tmp_path, UNDATED_TOPIC_PAGE))
    found = {a.title: a.published_on for a in Article.objects.all()}
    assert found == {
        "The Thaw Opens a Northern Front": None,
        "Why the Baltic Sea Became a NATO Lake": None,
        "Greenland Between Washington and Copenhagen": None,
        "Icebreakers and Deterrence": None,
    }


ARTICLE_WITH_SECTIONS = """Soldiers wounded by a roadside bomb near Kirkuk

(B2) Five soldiers were wounded on Sunday when a roadside bomb exploded as their patrol passed, the defence staff said in a statement this morning.

Within the coalition against Daesh

The device went off after a joint team of special forces had passed along the road that leads to the training camp they run for local forces.

Special forces alongside the peshmerga

The wounded belong to a task force based in Kirkuk that brings together special forces of several allies who train and advise local troops.

Three seriously wounded

The soldiers were evacuated by helicopter to a field hospital and then to the main military hospital of the region for treatment.

Of the five, two were lightly wounded, but three are in a serious condition according to the staff, who gave no further detail on their units.
"""  # noqa: E501


def test_an_article_whose_sections_have_one_paragraph_each_stays_one_article(tmp_path):
    run(page(tmp_path, ARTICLE_WITH_SECTIONS))
    assert list(Article.objects.values_list("title", flat=True)) == [
        "Soldiers wounded by a roadside bomb near Kirkuk"
    ]


RUBRIC_LISTING = """Eastern Europe

    • Strategic Europe

    Moldova Between Two Elections

    The country's pro-European government faces a referendum and a presidential vote in the same autumn, with Russia's influence at stake.

    • Research

    Supporting Democracy After the Invasion of Ukraine

    • Richard Youngs
    • June 14, 2022

    The Russian invasion of Ukraine has altered the security architecture of Europe and the policies that support democracy.

    • Strategic Europe

    The Balkans Are Not a Waiting Room

    Enlargement fatigue has a price: the region's leaders turn elsewhere when Brussels keeps them at the door for two decades.
"""  # noqa: E501


def test_a_rubric_printed_above_records_opens_undated_records_beside_dated_ones(tmp_path):
    run(page(tmp_path, RUBRIC_LISTING))
    found = {a.title: a.published_on for a in Article.objects.all()}
    assert found == {
        "Moldova Between Two Elections": None,
        "Supporting Democracy After the Invasion of Ukraine": date(2022, 6, 14),
        "The Balkans Are Not a Waiting Room": None,
    }


# --- Listings whose date lines carry more than a date ---------------------------------------

GLUED_LISTING = """Publications

Book Review: Peacebuilding on the Ground
Example Journal, 31 May 2019Bethan Greener
Bethan Greener reviews a new book on hybrid peacebuilding and what it means for donors.
Tags: Peacekeeping
The Myth of the Narrative Fighting Vehicle
, 30 May 2019Jack Watling and Adam Maisel
Adversaries outmatch the army in information warfare, and officers expect too much of it.
Tags: Information
Securing the Supply Chain
Example Newsbrief, 24 May 2019Emil Dall and Tom Keatinge
Ensuring the supply chain is not abused to evade sanctions is the next task for regulators.
"""


def test_a_name_glued_after_the_year_is_the_byline_and_the_series_before_is_not(tmp_path):
    run(page(tmp_path, GLUED_LISTING))
    found = {a.title: (a.published_on, byline(a)) for a in Article.objects.all()}
    assert found == {
        "Book Review: Peacebuilding on the Ground": (date(2019, 5, 31), ["Bethan Greener"]),
        "The Myth of the Narrative Fighting Vehicle": (
            date(2019, 5, 30),
            ["Jack Watling", "Adam Maisel"],
        ),
        "Securing the Supply Chain": (date(2019, 5, 24), ["Emil Dall", "Tom Keatinge"]),
    }


ORDINAL_LISTING = """Policy Brief

Halting ambition: migration and security in the Sahel

by Andrew Lebovich - 25th September, 2018

Some leaders see stabilisation of the region as key to the future of the European project

Policy Brief

Order from chaos: Stabilising Libya the local way

by Tarek Megerisi & Anna Smith - 19th July, 2018

The tragedy of Libya is well known in outline but poorly known in detail.

Our finest hour (Commentary)

Javier Solana - 01 April 2020

Much will be at stake collectively over the coming weeks, and for some of us individually.
"""


def test_ordinal_dates_after_a_dashed_byline_and_a_type_label_in_brackets(tmp_path):
    run(page(tmp_path, ORDINAL_LISTING))
    found = {a.title: (a.published_on, a.kind, byline(a)) for a in Article.objects.all()}
    assert found == {
        "Halting ambition: migration and security in the Sahel": (
            date(2018, 9, 25),
            "analysis",
            ["Andrew Lebovich"],
        ),
        "Order from chaos: Stabilising Libya the local way": (
            date(2018, 7, 19),
            "analysis",
            ["Tarek Megerisi", "Anna Smith"],
        ),
        "Our finest hour": (date(2020, 4, 1), "analysis", ["Javier Solana"]),
    }


READING_TIME_LISTING = """  • Jun 6, 2017
  • 1 min read

Perceived threat will shape Balkan defence spending

Only two countries meet the spending goal, one of them anxious about its neighbour

  • May 30, 2017
  • 2 min read

Criticism of Berlin will sap soft power in Europe

Disdain for the new administration has set the leading powers against each other

  • May 25, 2017
  • 2 min read

Joining the coalition will be symbolic

Every ally already takes part in the coalition against the group
"""


def test_a_reading_time_is_neither_a_title_nor_an_item(tmp_path):
    run(page(tmp_path, READING_TIME_LISTING))
    assert {a.title: a.published_on for a in Article.objects.all()} == {
        "Perceived threat will shape Balkan defence spending": date(2017, 6, 6),
        "Criticism of Berlin will sap soft power in Europe": date(2017, 5, 30),
        "Joining the coalition will be symbolic": date(2017, 5, 25),
    }


RELATED_LINKS_PAGE = """What is the common security and defence policy?

The policy was launched in 1999 to give the Union the capacity to deal with security challenges. Since then, missions have been carried out in Europe, Africa and Asia.

Missions are launched by unanimity of the foreign ministers, and the personnel is contributed by the states that take part.

More facts you may be interested in

What is a bailiff of the hundreds?

29 Aug 2023

What is an interim measure of the court?

14 Aug 2023

What is an autumn statement?

17 Nov 2022
"""  # noqa: E501


def test_dated_links_under_a_more_facts_heading_are_not_the_page_s_items(tmp_path):
    run(page(tmp_path, RELATED_LINKS_PAGE))
    assert list(Article.objects.values_list("title", flat=True)) == [
        "What is the common security and defence policy?"
    ]


UNPUNCTUATED_TEASERS = """Council

In Europe’s gift: How to avoid a forever war

The Union should offer Ukraine preferential access to the single market, and help avoid predictions of a long war

The three challenges for the West

Western states will only keep their unity if they address problems of alliances, unity and people power

Denmark’s turning point

Ending an opt-out from common defence shows that referendums on closer integration can still be won by governments

Coup d’envoi au successeur des missiles

Alors que la r"""  # noqa: E501


def test_teasers_without_a_full_stop_and_a_last_record_cut_after_its_title(tmp_path):
    run(page(tmp_path, UNPUNCTUATED_TEASERS))
    found = {a.title: a.published_on for a in Article.objects.all()}
    assert found == {
        "In Europe’s gift: How to avoid a forever war": None,
        "The three challenges for the West": None,
        "Denmark’s turning point": None,
        "Coup d’envoi au successeur des missiles": None,
    }


# --- Membership facts: lists after "consisting of", anaphora, contrasts --------------------


def test_an_alliance_consisting_of_named_states_and_its_former_members(tmp_path):
    run(
        page(
            tmp_path,
            "Collective Security Treaty Organization\n\n"
            "The Collective Security Treaty Organization (CSTO) is an intergovernmental "
            "military alliance in Eurasia consisting of six post-Soviet states: Armenia, "
            "Belarus, Kazakhstan, Kyrgyzstan, Russia, and Tajikistan. Former members of the "
            "CSTO military alliance were Azerbaijan, Georgia and Uzbekistan.\n",
        )
    )
    assert facts() == {
        (name, "CSTO", "member", None)
        for name in ("Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan")
    }


def test_countries_that_have_since_joined_after_a_colon_with_loose_spacing(tmp_path):
    run(
        page(
            tmp_path,
            "Partenariat pour la paix\n\n"
            "Quatorze pays signataires précédents ont depuis rejoint l' OTAN : Albanie , "
            "Bulgarie , Estonie et Hongrie .\n",
        )
    )
    assert facts() == {
        (name, "NATO", "member", None) for name in ("Albania", "Bulgaria", "Estonia", "Hungary")
    }


def test_these_countries_and_they_joined_refer_to_the_names_listed_just_before(tmp_path):
    run(
        page(
            tmp_path,
            "On the shores of the Baltic Sea are three small but critical NATO member-states: "
            "Estonia, Latvia, and Lithuania. Referred to collectively as the Baltic states, "
            "these countries are members of the European Union and have played an important "
            "role in NATO since they joined the alliance in 2004.\n\n"
            "Le Royaume de Suède et la République de Finlande sont proches. Cette proximité "
            "s'explique puisque ces deux Etats étaient déjà partie au Partenariat pour la Paix "
            "de l’OTAN depuis 1994 ? Ou bien s'agit-il d'autre chose ?\n",
        )
    )
    assert facts() == {
        *((name, "NATO", "member", 2004) for name in ("Estonia", "Latvia", "Lithuania")),
        *((name, "EU", "member", None) for name in ("Estonia", "Latvia", "Lithuania")),
        ("Sweden", "PfP", "partner", 1994),
        ("Finland", "PfP", "partner", 1994),
    }


def test_a_contrast_keeps_the_founding_fact_before_a_withdrawal_from_the_command(tmp_path):
    run(
        page(
            tmp_path,
            "La France et l’OTAN\n\n"
            "La France est devenue membre fondateur de l'OTAN en 1949, mais en 1966, elle a "
            "pris la décision de se retirer du commandement militaire intégré de l'OTAN tout "
            "en restant membre de l'organisation.\n",
        )
    )
    assert facts() == {("France", "NATO", "founding_member", 1949)}


def test_people_and_institutes_invited_to_chair_a_group_are_not_invited_to_join(tmp_path):
    run(
        page(
            tmp_path,
            "20 March 2014\n\n"
            "Dr Robin Niblett, director of Chatham House, has been invited by NATO "
            "Secretary-General Anders Fogh Rasmussen to chair a new group of policy experts.\n\n"
            "The group is one of three bodies invited by the secretary-general to contribute "
            "its proposals ahead of the 2014 NATO Summit in Wales.\n",
        )
    )
    assert facts() == set()


def test_all_these_countries_but_the_exception_and_one_member_joining_several_groups(tmp_path):
    run(
        page(
            tmp_path,
            "Politique étrangère\n\n"
            "Quatre États membres de l'UE ne sont pas membres de l'OTAN : l'Autriche, Chypre, "
            "l'Irlande et Malte. De plus, la Suisse, qui est entourée par l'UE, reste neutre. "
            "Tous ces pays, à l'exception de Chypre, ont rejoint le programme du Partenariat "
            "pour la paix, tandis que l'Irlande a signé un accord en 2014.\n\n"
            "L'Arménie maintient des relations avec l'OTAN et a adhéré au programme de "
            "partenariat pour la paix et au Conseil de partenariat euro-atlantique.\n",
        )
    )
    assert facts() == {
        *((name, "EU", "member", None) for name in ("Austria", "Cyprus", "Ireland", "Malta")),
        *((name, "PfP", "partner", None) for name in ("Austria", "Ireland", "Malta")),
        ("Switzerland", "PfP", "partner", None),
        ("Armenia", "PfP", "partner", None),
        ("Armenia", "EAPC", "member", None),
    }


# --- Kinds a page states by its furniture ---------------------------------------------------

KIND_PAGES = {
    "mention.txt": (
        "The Unfinished Business of Baltic Security\n\nAs featured in Modern War Institute\n\n"
        "There is much to celebrate, but there is still work to be done in the region.\n",
        "media_mention",
    ),
    "dateline.txt": (
        "12 December 2019\n\nFear of missing out?\n\n"
        "WASHINGTON — Congress wants a detailed assessment from the Pentagon on the region.\n",
        "news",
    ),
    "agency.txt": (
        "Minister meets the Secretary General\n\nPolitics\n\n"
        "Ulaanbaatar, August 1, 2025 /MONTSAME/. The minister met the Secretary General.\n",
        "news",
    ),
    "editors.txt": (
        "Director to chair a new group of experts\n\n"
        "The director has been asked to chair a group of policy experts on the bond.\n\n"
        "Notes to Editors\n\nThe other members of the group are listed below.\n",
        "news",
    ),
    "factsheet.txt": (
        "Organization for Security and Co-operation in Europe\nFactsheet\n"
        "Partnership for Co-operation\n\nThe organisation has developed special relations.\n",
        "fact_sheet",
    ),
    "unsigned.txt": (
        "Partner countries\n\nThe partner countries of NATO are:\n"
        "Armenia, Austria, Finland, Ireland, Malta\n",
        "fact_sheet",
    ),
}


@pytest.mark.parametrize("name", sorted(KIND_PAGES))
def test_kinds_stated_by_the_page_s_furniture(tmp_path, name):
    text, kind = KIND_PAGES[name]
    run(page(tmp_path, text, name))
    assert list(Article.objects.values_list("kind", flat=True)) == [kind]


# --- Organisations the fact reader does not know ---------------------------------------------


def test_an_unknown_organisation_s_members_are_not_given_to_a_known_group(tmp_path):
    """The page is about an organisation the reader does not know (defined with its acronym);
    NATO is named in passing. Its members, observers and associates are nobody's: better no
    fact than a false one."""
    run(
        page(
            tmp_path,
            "Organisation de coopération de Shanghai\n\n"
            "L'Organisation de coopération de Shanghai (OCS) a été fondée en 2001. Elle a "
            "été comparée à l'OTAN. L'OCS compte neuf membres. Il y avait également quatre "
            "pays observateurs (Afghanistan, Biélorussie, Iran et Mongolie) et six "
            "partenaires de dialogue (Arménie, Azerbaïdjan, Cambodge, Népal, Turquie et "
            "Sri Lanka).\n\n"
            "Le Pakistan avait un rôle d'observateur, de même que l'Inde. L'Inde a rejoint "
            "l'OCS en 2017.\n",
        )
    )
    assert facts() == set()


def test_a_sentence_naming_an_unknown_organisation_states_nothing_of_a_known_one(tmp_path):
    """The page is about NATO; one sentence names the Warsaw Pact, another an organisation
    by its acronym only: their facts are not NATO's; NATO's own facts are kept."""
    run(
        page(
            tmp_path,
            "NATO enlargement\n\n"
            "NATO grew in 1999. Poland, Hungary and the Czech Republic joined NATO in 1999. "
            "Bulgaria, Romania and Albania were members of the Warsaw Pact, unlike NATO. "
            "Norway, Iceland and Turkey were dialogue partners (SCO) while they were NATO "
            "members. NATO's summit followed.\n",
        )
    )
    assert facts() == {(name, "NATO", "member", 1999) for name in ("Poland", "Hungary", "Czechia")}


def test_programmes_processes_and_tools_are_never_partners(tmp_path):
    """A fact sheet lists the tools partners use after "partners": none is a partner, and
    the real partners listed beside them stay."""
    run(
        page(
            tmp_path,
            "Partnership tools\n\n"
            "NATO works with its partners. Tools for cooperation with individual partners "
            "include the Annual National Programmes, the Partnership Review Mechanism and the "
            "Interoperability Platform. Programmes open to partners: the Defence Education "
            "Enhancement Programme, the Science for Peace Process.\n\n"
            "The partner countries of NATO are Austria, Ireland and Malta.\n",
        )
    )
    assert facts() == {(name, "NATO", "partner", None) for name in ("Austria", "Ireland", "Malta")}


def test_the_defunct_weu_is_a_known_group_and_each_bracketed_list_keeps_its_role(tmp_path):
    """The Western European Union is a group the reader knows (not the European Union); a
    sentence of several lists in brackets gives each list the role named just before it."""
    run(
        page(
            tmp_path,
            "Western European Union\n\n"
            "The Western European Union (WEU) was a defence organisation (1954-2011). NATO "
            "took over most of its tasks. There were also three associate members (Iceland, "
            "Norway and Turkey), two observer countries (Austria and Ireland) and two "
            "associate partners (Estonia and Latvia).\n",
        )
    )
    assert facts() == {
        *((name, "WEU", "associate_member", None) for name in ("Iceland", "Norway", "Türkiye")),
        *((name, "WEU", "observer", None) for name in ("Austria", "Ireland")),
        *((name, "WEU", "associate_partner", None) for name in ("Estonia", "Latvia")),
    }


BARE_BYLINE = """The Baltic Sea After Enlargement

Anna Kowalska

Senior Research Fellow

The enlargement has changed the balance of forces around the Baltic Sea. This paper looks at \
what the new members bring to the Alliance and at what they expect from it.

Related articles
"""


def test_a_bare_name_over_the_author_s_position_is_the_byline(tmp_path):
    article = article_of(tmp_path, BARE_BYLINE)
    assert article.title == "The Baltic Sea After Enlargement"
    assert byline(article) == ["Anna Kowalska"]
    assert "Senior Research Fellow" not in article.body


GLUED_TITLE_LISTING = """Publications

Harbour Defence in the Baltic: A New ChallengeJune 4, 2014 / Karin Holm

This brief looks at the defence of harbours around the Baltic Sea.

Ten Years of Enlargement?April 30, 2014 / Peter Novak, Lena Berg

This paper reviews a decade of enlargement and its lessons.

Arctic ViewsMarch 2, 2014

A collection of views from the Arctic forum.
"""


def test_titles_glued_to_their_date_and_byline_at_the_end_of_the_line(tmp_path):
    run(page(tmp_path, GLUED_TITLE_LISTING))
    found = {
        (article.title, article.published_on, tuple(byline(article)))
        for article in Article.objects.all()
    }
    assert found == {
        ("Harbour Defence in the Baltic: A New Challenge", date(2014, 6, 4), ("Karin Holm",)),
        ("Ten Years of Enlargement?", date(2014, 4, 30), ("Peter Novak", "Lena Berg")),
        ("Arctic Views", date(2014, 3, 2), ()),
    }
