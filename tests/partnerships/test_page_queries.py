"""The partnership pages (list and an entity's page, over its whole history and as of a
date) run at most eight SQL queries, the same number whatever the number of members,
frameworks, partners, milestones and articles."""

import datetime

import pytest

from partnerships.models import EntityAlias, Milestone
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    MembershipFactory,
    SourceFactory,
    TopicFactory,
)
from tests.site.test_queries import count_queries

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
URLS = [
    "/en/partnerships/",
    "/fr/partnerships/",
    "/en/partnerships/nato/",
    "/fr/partnerships/nato/",
    "/en/partnerships/nato/?on=2020-01-01",
    "/en/partnerships/finland/",
]


def grow(nato, size):
    """``size`` more of everything NATO's page shows."""
    for n in range(size):
        state = EntityFactory(kind="state", name=f"State {nato.pk}-{n}")
        EntityAlias.objects.create(entity=state, name=f"État {state.pk}", language="fr")
        MembershipFactory(member=state, group=nato, role="member", since=datetime.date(1999, 1, 1))
        body = EntityFactory(kind="framework", parent=nato)
        EntityAlias.objects.create(entity=body, name=f"Cadre {body.pk}", language="fr")
        MembershipFactory(member=state, group=body, source=SourceFactory())
        MembershipFactory(member=nato, group=EntityFactory(kind="organisation"))
        Milestone.objects.create(
            entity=nato, date=datetime.date(2000 + n, 1, 1), title=f"M{n} {state.pk}"
        )
        ArticleFactory(
            published=True,
            entities=[nato],
            authors=[AuthorFactory(), AuthorFactory()],
            topics=[TopicFactory()],
        )


@pytest.mark.parametrize("url", URLS)
def test_partnership_pages_take_at_most_eight_queries_whatever_their_size(client, url):
    nato = EntityFactory(slug="nato", short_name="NATO", name="North Atlantic Treaty Organization")
    EntityAlias.objects.create(entity=nato, name="OTAN", language="fr")
    finland = EntityFactory(slug="finland", kind="state", name="Finland")
    MembershipFactory(member=finland, group=nato, role="member", since=datetime.date(2023, 4, 4))
    grow(nato, 1)
    small = count_queries(client, url)
    grow(nato, 12)
    large = count_queries(client, url)
    assert small == large, (small, large)
    assert large <= MAX_QUERIES, large
