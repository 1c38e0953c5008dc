"""The change feed beyond articles: a client that follows /api/v1/changes/ from the start
holds exactly what the six lists (articles, subjects, authors, publishers, entities,
memberships) show, after publications, an unpublication, a merge, slug changes, an article
moved to another publisher, renames that other objects embed, and memberships created,
ended and deleted."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Author, Publisher, Topic
from articles.services import article_merge
from partnerships.models import Entity, Membership, Source
from partnerships.services import membership_end

pytestmark = pytest.mark.django_db

FEED = "/api/v1/changes/"
LISTS = {
    "article": "/api/v1/articles/",
    "topic": "/api/v1/topics/",
    "author": "/api/v1/authors/",
    "publisher": "/api/v1/publishers/",
    "entity": "/api/v1/entities/",
    "membership": "/api/v1/memberships/",
}


@pytest.fixture
def editor(chief_editor):
    for codename in ("merge_article", "delete_membership"):
        chief_editor.user_permissions.add(Permission.objects.get(codename=codename))
    return chief_editor


def follow(client, held, cursor=""):
    """Apply every row from ``cursor`` to ``held`` ((type, id) -> object); next cursor."""
    while True:
        page = client.get(FEED, {"since": cursor, "page_size": 7})
        assert page.status_code == 200, page.content
        body = page.json()
        for change in body["results"]:
            key = (change["type"], change["id"])
            obj = change[change["type"]]
            if change["tombstone"]:
                assert obj is None
            if obj is None:
                # A tombstone, or an object that has left view since (a later row says so).
                held.pop(key, None)
            else:
                assert obj["id"] == change["id"], change
                held[key] = obj
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return cursor


def harvest(client):
    """Every object every list shows, paged to the end."""
    found = {}
    for object_type, url in LISTS.items():
        page = client.get(url, {"cursor": "", "page_size": 3}).json()
        while True:
            found.update({(object_type, item["id"]): item for item in page["results"]})
            if not page["next"]:
                break
            page = client.get(page["next"]).json()
    return found


def write(client, method, url, body=None, status=200):
    response = getattr(client, method)(url, body, format="json")
    assert response.status_code == status, response.content
    return response.json() if response.content else None


def publish(client, slug, **dates):
    version = client.get(f"/api/v1/articles/{slug}/").json()["version"]
    body = {"action": "publish", "version": version}
    body |= {name: moment.isoformat() for name, moment in dates.items()}
    write(client, "post", f"/api/v1/articles/{slug}/transition/", body)


def test_following_the_feed_holds_exactly_the_published_catalogue(api, chief_api, editor):
    for slug, name in (("alliances", "Military Alliances"), ("africa", "Africa")):
        Topic.objects.create(slug=slug, name=name, name_fr=name)
    for slug in ("alice", "bob", "carol"):
        Author.objects.create(slug=slug, name=slug.title())
    for slug, name in (("nato", "NATO"), ("finland", "Finland"), ("sweden", "Sweden")):
        Entity.objects.create(slug=slug, name=name, kind="state" if slug != "nato" else "")
    for slug, name in (("ifri", "Ifri"), ("b2", "B2")):
        Publisher.objects.create(slug=slug, name=name)
    articles = {
        "summit": (["alice", "bob"], ["alliances"], ["nato"], "ifri"),
        "summit-copy": (["alice"], ["alliances"], ["nato"], "ifri"),
        "helsinki": (["bob"], ["alliances", "africa"], ["finland"], "b2"),
        "draft": (["carol"], ["africa"], ["sweden"], None),
    }
    for slug, (authors, topics, entities, publisher) in articles.items():
        body = {"title": slug.title(), "slug": slug, "language": "en", "authors": authors}
        body |= {"topics": topics, "entities": entities, "publisher": publisher}
        write(chief_api, "post", LISTS["article"], body, status=201)
        if slug != "draft":
            publish(chief_api, slug)
    finland = write(
        chief_api,
        "post",
        LISTS["membership"],
        {"member": "finland", "group": "nato", "role": "member", "since": "2023-04-04"},
        status=201,
    )
    sweden = write(
        chief_api,
        "post",
        LISTS["membership"],
        {"member": "sweden", "group": "nato", "role": "partner", "since": "1994-01-01"},
        status=201,
    )

    held = {}
    cursor = follow(api, held)
    catalogue = harvest(api)
    assert held == catalogue
    assert ("author", Author.objects.get(slug="carol").pk) not in held  # signs a draft only
    assert ("article", Article.objects.get(slug="draft").pk) not in held

    # Unpublish: Bob's last published article goes, and Bob with it; subject counts drop.
    version = api.get(LISTS["article"] + "helsinki/").json()["version"]
    body = {"action": "unpublish", "version": version}
    write(chief_api, "post", LISTS["article"] + "helsinki/transition/", body)
    bob = Author.objects.get(slug="bob")
    assert ("author", bob.pk) in held
    b2 = Publisher.objects.get(slug="b2")
    assert held[("publisher", b2.pk)]["article_count"] == 1
    # ... but the summit is Bob's too: drop him from its byline, then he leaves view.
    summit = Article.objects.get(slug="summit")
    body = {"authors": ["alice"], "version": summit.version}
    write(chief_api, "patch", f"{LISTS['article']}{summit.pk}/", body)
    # A slug change, a publication that brings Carol into view, a merge.
    body = {"slug": "hague-summit", "version": summit.version + 1}
    write(chief_api, "patch", f"{LISTS['article']}{summit.pk}/", body)
    publish(chief_api, "draft")
    article_merge(
        keep=Article.objects.get(slug="hague-summit"),
        duplicate=Article.objects.get(slug="summit-copy"),
        user=editor,
    )
    cursor = follow(api, held, cursor)
    assert held == harvest(api)
    assert ("publisher", b2.pk) not in held  # its only published article went
    # The summit moves to B2: Ifri's count drops, B2 comes back into view.
    summit.refresh_from_db()
    body = {"publisher": "b2", "version": summit.version}
    write(chief_api, "patch", f"{LISTS['article']}{summit.pk}/", body)
    cursor = follow(api, held, cursor)
    assert held == harvest(api)
    assert held[("publisher", b2.pk)]["article_count"] == 1
    # Renames that articles, subjects, entities and memberships embed (followed apart from
    # the edits before: the rows of those edits embed the objects as they are now).
    alice = Author.objects.get(slug="alice")
    alice.name = "Alice Martin"
    alice.save()
    africa = Topic.objects.get(slug="africa")
    africa.name, africa.slug = "Sub-Saharan Africa", "sub-saharan-africa"
    africa.save()
    nato = Entity.objects.get(slug="nato")
    nato.name = "North Atlantic Treaty Organization"
    nato.save()
    b2.refresh_from_db()  # its kept count changed since it was read
    b2.name = "B2 Bruxelles2"
    b2.save()
    cursor = follow(api, held, cursor)
    assert held == harvest(api)
    # Memberships: one ended with its source, one deleted, one created.
    source = Source.objects.create(title="NATO press release", as_of=datetime.date(2024, 3, 8))
    membership_end(
        membership=Membership.objects.get(pk=sweden["id"]),
        user=editor,
        until=datetime.date(2024, 3, 7),
        source=source,
    )
    headers = {"HTTP_IF_MATCH": chief_api.get(f"{LISTS['membership']}{finland['id']}/")["ETag"]}
    deleted = chief_api.delete(f"{LISTS['membership']}{finland['id']}/", **headers)
    assert deleted.status_code == 204, deleted.content
    write(
        chief_api,
        "post",
        LISTS["membership"],
        {"member": "sweden", "group": "nato", "role": "member", "since": "2024-03-07"},
        status=201,
    )
    Topic.objects.get(slug="alliances").delete()

    follow(api, held, cursor)
    catalogue = harvest(api)
    assert held == catalogue
    assert ("author", bob.pk) not in held
    assert ("author", Author.objects.get(slug="carol").pk) in held
    assert ("membership", finland["id"]) not in held
    kept = held[("article", Article.objects.get(slug="hague-summit").pk)]
    assert [a["name"] for a in kept["authors"]] == ["Alice Martin"]
    assert kept["entities"][0]["name"] == "North Atlantic Treaty Organization"
    assert kept["publisher"]["name"] == "B2 Bruxelles2"
    assert not kept["topics"]  # its subject was deleted
    draft = held[("article", Article.objects.get(slug="draft").pk)]
    assert draft["topics"][0]["slug"] == "sub-saharan-africa"
    ended = held[("membership", sweden["id"])]
    assert ended["until"] == "2024-03-07" and ended["group"]["name"].startswith("North")
    assert {key[0] for key in held} == set(LISTS)

    # A scheduled publication (Erin's first article) and an expiry (Frank's only one) come
    # due with no write at that moment; publish_due then makes them real events.
    cursor = follow(api, held)
    for slug in ("erin", "frank"):
        Author.objects.create(slug=slug, name=slug.title())
    now = timezone.now()
    for slug, author, dates in (
        ("preview", "erin", {"publish_at": now + datetime.timedelta(hours=1)}),
        ("brief", "frank", {"expire_at": now + datetime.timedelta(hours=2)}),
    ):
        body = {"title": slug.title(), "slug": slug, "language": "en", "authors": [author]}
        body |= {"topics": ["sub-saharan-africa"], "publisher": "ifri"}
        write(chief_api, "post", LISTS["article"], body, status=201)
        publish(chief_api, slug, **dates)
    cursor = follow(api, held, cursor)
    assert held == harvest(api)
    erin, frank = Author.objects.get(slug="erin"), Author.objects.get(slug="frank")
    assert ("author", erin.pk) not in held and ("author", frank.pk) in held
    with time_machine.travel(now + datetime.timedelta(hours=3)):
        preview = Article.objects.get(slug="preview")
        assert ("article", preview.pk) in harvest(api)  # readers see it on time
        call_command("publish_due", verbosity=0)
        follow(api, held, cursor)
        assert held == harvest(api)
        assert held[("author", erin.pk)]["article_count"] == 1
        assert ("author", frank.pk) not in held
        assert ("article", Article.objects.get(slug="brief").pk) not in held
        africa = held[("topic", africa.pk)]
        assert africa["article_count"] == Topic.objects.get(pk=africa["id"]).published_count
        rows = api.get(FEED, {"since": cursor, "page_size": 1000}).json()["results"]
        published = [r for r in rows if r["type"] == "article" and r["action"] == "published"]
        assert [r["slug"] for r in published] == ["preview"]  # once, at its time


def test_editors_follow_every_object_anonymous_clients_only_what_they_see(api, chief_api, editor):
    Author.objects.create(slug="dora", name="Dora")
    body = {"title": "Notes", "slug": "notes", "language": "en", "authors": ["dora"]}
    write(chief_api, "post", LISTS["article"], body, status=201)
    everything = {(c["type"], c["slug"]) for c in chief_api.get(FEED).json()["results"]}
    public = {(c["type"], c["slug"]) for c in api.get(FEED).json()["results"]}
    assert {("author", "dora"), ("article", "notes")} <= everything
    assert not public & {("author", "dora"), ("article", "notes")}
