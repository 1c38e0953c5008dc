"""Alliances and their frameworks, and facts that carry their time and source, as readers
(entity pages in English and French), API clients and editors see them."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from partnerships.models import DatePrecision, Entity, Membership
from partnerships.services import membership_end
from tests.factories import EntityFactory, MembershipFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db
LANGS = ["en", "fr"]


@pytest.fixture
def alliance():
    nato = EntityFactory(
        name="North Atlantic Treaty Organization",
        name_fr="Organisation du traité de l'Atlantique nord",
        short_name="NATO",
        slug="nato",
    )
    pfp = EntityFactory(
        name="Partnership for Peace",
        name_fr="Partenariat pour la paix",
        short_name="PfP",
        slug="pfp",
        kind=Entity.Kind.FRAMEWORK,
        parent=nato,
    )
    finland = EntityFactory(name="Finland", name_fr="Finlande", slug="finland", kind="state")
    malta = EntityFactory(name="Malta", name_fr="Malte", slug="malta", kind="state")
    sheet_2017 = SourceFactory(title="Fact sheet 2017", as_of=datetime.date(2017, 8, 17))
    page_2023 = SourceFactory(title="Members page 2023", as_of=datetime.date(2023, 6, 1))
    partner = MembershipFactory(
        member=finland,
        group=pfp,
        role="partner",
        since=datetime.date(1994, 5, 9),
        since_precision=DatePrecision.DAY,
        source=sheet_2017,
    )
    old_view = MembershipFactory(member=finland, group=nato, role="partner", source=sheet_2017)
    member = MembershipFactory(
        member=finland,
        group=nato,
        role="member",
        since=datetime.date(2023, 4, 4),
        since_precision=DatePrecision.DAY,
        source=page_2023,
    )
    undated = MembershipFactory(
        member=malta, group=pfp, role="partner", source=SourceFactory(title="Undated", as_of=None)
    )
    return {
        "nato": nato,
        "pfp": pfp,
        "finland": finland,
        "partner": partner,
        "member": member,
        "old_view": old_view,
        "undated": undated,
        "page_2023": page_2023,
    }


def api_members(client, **params):
    response = client.get("/api/v1/memberships/", {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return {(row["member"]["slug"], row["group"]["slug"]) for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("day", "expected"),
    [("1990-01-01", set()), ("2000-06-30", {("finland", "pfp")}), ("2024-01-01", None)],
)
def test_as_of_before_inside_and_after_a_membership(client, alliance, day, expected):
    membership_end(
        membership=alliance["partner"],
        user=UserFactory(superuser=True),
        until=datetime.date(2023, 4, 4),
        source=alliance["page_2023"],
    )
    on = datetime.date.fromisoformat(day)
    if expected is None:  # after the end: a member of NATO, no longer a PfP partner
        expected = {("finland", "nato")}  # member since 2023, partner as of the 2017 sheet
    rows = Membership.objects.active_on(on)
    assert {(m.member.slug, m.group.slug) for m in rows} == expected
    assert api_members(client, active_on=day) == expected
    for lang in LANGS:
        page = client.get(f"/{lang}/partnerships/pfp/", {"on": day}).content.decode()
        table = page.split('id="members-heading"')[1] if "members-heading" in page else ""
        assert ("/partnerships/finland/" in table) == (("finland", "pfp") in expected)


def test_undated_memberships_are_never_active_and_are_shown_as_dates_not_stated(client, alliance):
    for day in ("1900-01-01", "2000-01-01", "2100-01-01"):
        assert ("malta", "pfp") not in api_members(client, active_on=day)
    page = client.get("/en/partnerships/pfp/", {"on": "2000-01-01"}).content.decode()
    undated = page.split('id="undated-heading"')[1].split("</section>")[0]
    assert "Malta" in undated
    page = client.get("/fr/partnerships/pfp/", {"on": "2000-01-01"}).content.decode()
    assert "Malte" in page.split('id="undated-heading"')[1].split("</section>")[0]


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_date_is_a_400_with_a_message(client, alliance, lang):
    response = client.get(f"/{lang}/partnerships/pfp/", {"on": "2023-02-30"})
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_an_organisation_shows_its_frameworks_with_their_partners(client, alliance, lang):
    page = client.get(f"/{lang}/partnerships/nato/").content.decode()
    bodies = page.split('id="bodies-heading"')[1].split("</section>")[0]
    assert f'href="/{lang}/partnerships/pfp/"' in bodies
    assert f'href="/{lang}/partnerships/finland/"' in bodies
    diagram = page.split("<svg")[1].split("</svg>")[0]
    assert ("Finlande" if lang == "fr" else "Finland") in diagram  # members side not empty
    framework = client.get(f"/{lang}/partnerships/pfp/").content.decode()
    assert 'class="runs"' in framework and f'href="/{lang}/partnerships/nato/"' in framework


@pytest.mark.parametrize("lang", LANGS)
def test_disagreeing_sources_are_both_shown_newest_first(client, alliance, lang):
    page = client.get(f"/{lang}/partnerships/nato/").content.decode()
    table = page.split('id="members-heading"')[1].split("</table>")[0]
    assert "Members page 2023" in table and "Fact sheet 2017" in table
    assert table.index("Members page 2023") < table.index("Fact sheet 2017")


def test_a_bar_is_solid_up_to_its_source_and_unknown_after(client, alliance):
    page = client.get("/en/partnerships/pfp/").content.decode()
    timeline = page.split('id="timeline-heading"')[1].split("</svg>")[0]
    assert 'class="unknown"' in timeline and "Unknown after" in timeline
    known = re.search(r'class="known" x="([\d.]+)" y="\d+" width="([\d.]+)"', timeline)
    unknown = re.search(r'class="unknown" x="([\d.]+)"', timeline)
    assert float(known.group(1)) + float(known.group(2)) == pytest.approx(
        float(unknown.group(1)), abs=0.2
    )
    # A later source confirming the fact makes the bar solid up to that source.
    MembershipFactory(
        member=alliance["finland"],
        group=alliance["pfp"],
        role="partner",
        since=datetime.date(1994, 5, 9),
        source=SourceFactory(title="2026 list", as_of=datetime.date.today()),
    )
    page = client.get("/en/partnerships/pfp/").content.decode()
    timeline = page.split('id="timeline-heading"')[1].split("</svg>")[0]
    assert 'class="unknown"' not in timeline


def test_ending_a_membership_requires_the_source_that_states_the_end(alliance):
    editor = UserFactory(superuser=True)
    with pytest.raises(ValidationError):
        membership_end(
            membership=alliance["partner"],
            user=editor,
            until=datetime.date(2023, 4, 4),
            source=None,
        )
    old = alliance["partner"].source
    with pytest.raises(ValidationError, match="dated before the end"):
        membership_end(
            membership=alliance["partner"], user=editor, until=datetime.date(2023, 4, 4), source=old
        )
    assert Membership.objects.get(pk=alliance["partner"].pk).until is None


def test_the_admin_asks_for_the_source_of_the_end_and_shows_it(admin_client, client, alliance):
    url = reverse("admin:partnerships_membership_changelist")
    data = {
        "action": "end_selected",
        "_selected_action": [alliance["partner"].pk],
        "apply": "1",
        "until": "2023-04-04",
        "precision": "day",
    }
    response = admin_client.post(url, data)
    assert 'name="source"' in response.content.decode()
    assert Membership.objects.get(pk=alliance["partner"].pk).until is None
    admin_client.post(url, {**data, "source": alliance["page_2023"].pk})
    ended = Membership.objects.get(pk=alliance["partner"].pk)
    assert ended.until == datetime.date(2023, 4, 4) and ended.until_source == alliance["page_2023"]
    page = client.get("/en/partnerships/pfp/").content.decode()
    row = page.split('id="members-heading"')[1].split("</tr>", 2)[1]
    assert "Members page 2023" in row  # the end's source, not the 2017 fact sheet


def test_imported_frameworks_belong_to_nato_and_its_page_shows_them(client):
    call_command("import_seeds", verbosity=0)
    nato = Entity.objects.get(short_name="NATO")
    bodies = set(nato.bodies.values_list("short_name", flat=True))
    assert {"PfP", "MD", "ICI"} <= bodies
    for lang in LANGS:
        page = client.get(f"/{lang}/partnerships/{nato.slug}/").content.decode()
        assert 'id="bodies-heading"' in page
        diagram = page.split("<svg")[1].split("</svg>")[0]
        assert diagram.count("<circle") > 3  # the members side is drawn from the data


def test_entity_names_in_french_come_from_the_alias_data(client, alliance):
    from partnerships.models import EntityAlias

    nato = alliance["nato"]
    EntityAlias.objects.create(entity=nato, name="OTAN", language="fr")
    council = EntityFactory(name="NATO-Russia Council", slug="nrc", kind="council", parent=nato)
    EntityAlias.objects.create(entity=council, name="Conseil OTAN-Russie", language="fr")
    french = client.get("/fr/partnerships/nato/").content.decode()
    assert "(OTAN)</h1>" in french and "(NATO)" not in french.split("<main")[1]
    assert "Conseil OTAN-Russie" in french.split('id="bodies-heading"')[1]
    english = client.get("/en/partnerships/nrc/").content.decode()
    assert '<h1 lang="en">NATO-Russia Council' in english
    french = client.get("/fr/partnerships/nrc/").content.decode()
    assert '<h1 lang="fr">Conseil OTAN-Russie' in french
    listing = client.get("/fr/partnerships/").content.decode()
    assert "Conseil OTAN-Russie" in listing and "(OTAN)" in listing
