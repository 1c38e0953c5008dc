"""A small published world for the public pages, plus unpublished articles that must never
show: a draft, one in review, a scheduled one, an expired one and an archived one."""

import datetime

from partnerships.models import DatePrecision, Entity, Milestone
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    MembershipFactory,
    SourceFactory,
    TopicFactory,
)

HIDDEN_TRAITS = ("in_review", "archived", "scheduled", "expired")


def build_world():
    alliances = TopicFactory(
        name="Military Alliances",
        name_fr="Alliances militaires",
        slug="military-alliances",
        description="While NATO remains the foundation of collective defence...",
        description_fr="Si l'OTAN reste le fondement de la défense collective...",
    )
    europe = TopicFactory(name="European Defence", slug="european-defence", parent=alliances)
    pacific = TopicFactory(name="Indo-Pacific", slug="indo-pacific")
    alliances.related.add(pacific)
    nato = EntityFactory(
        name="North Atlantic Treaty Organization",
        name_fr="Organisation du traité de l'Atlantique nord",
        short_name="NATO",
        slug="nato",
    )
    pfp = EntityFactory(
        name="Partnership for Peace", short_name="PfP", slug="pfp", kind=Entity.Kind.FRAMEWORK
    )
    finland = EntityFactory(
        name="Finland", name_fr="Finlande", slug="finland", kind=Entity.Kind.STATE, country="FI"
    )
    fact_sheet = SourceFactory(title="NATO fact sheet", as_of=datetime.date(2017, 8, 17))
    MembershipFactory(
        member=finland,
        group=pfp,
        role="partner",
        since=datetime.date(1994, 1, 1),
        since_precision=DatePrecision.YEAR,
        source=fact_sheet,
    )
    MembershipFactory(
        member=finland,
        group=nato,
        role="member",
        since=datetime.date(2023, 4, 4),
        since_precision=DatePrecision.DAY,
        source=SourceFactory(title="NATO members", as_of=datetime.date(2024, 1, 1)),
    )
    Milestone.objects.create(
        entity=pfp,
        date=datetime.date(1994, 1, 10),
        precision=DatePrecision.MONTH,
        title="PfP launched",
    )
    smith = AuthorFactory(name="Jane Smith", slug="jane-smith")
    dupont = AuthorFactory(name="Marie Dupont", slug="marie-dupont")
    analysis = ArticleFactory(
        published=True,
        featured=True,
        title="EUDIS, HEDI, DIANA: three acronyms",
        slug="eudis-hedi-diana",
        summary="Defence innovation in Europe.",
        is_excerpt=True,
        body="First paragraph.\n\nSecond paragraph.",
        published_on=datetime.date(2024, 9, 25),
        source_url="https://www.ifri.org/en/eudis",
        source_name="Ifri",
        authors=[smith, dupont],
        topics=[alliances, europe],
        entities=[nato],
    )
    french = ArticleFactory(
        published=True,
        title="L'OTAN et la Finlande",
        slug="otan-finlande",
        language="fr",
        kind="news",
        published_on=datetime.date(2023, 4, 4),
        summary="Adhésion de la Finlande.",
        authors=[dupont],
        topics=[alliances],
        entities=[nato, finland],
    )
    undated = ArticleFactory(
        published=True,
        title="An undated teaser",
        slug="undated-teaser",
        published_on=None,
        topics=[alliances],
    )
    mention = ArticleFactory(
        published=True,
        title="Interview on France Culture",
        slug="france-culture",
        kind="media_mention",
        source_name="France Culture",
        topics=[alliances],
        published_on=datetime.date(2024, 1, 5),
    )
    hidden = [
        ArticleFactory(
            title=f"SECRET {trait or 'draft'} piece",
            slug=f"secret-{trait or 'draft'}",
            topics=[alliances, europe],
            entities=[nato, finland, pfp],
            authors=[
                AuthorFactory(name=f"Ghost {trait or 'draft'}", slug=f"ghost-{trait or 'draft'}")
            ],
            kind="fact_sheet",
            language="fr",
            published_on=datetime.date(1999, 1, 1),
            featured=True,
            summary="HIDDENTEXT",
            **({trait: True} if trait else {}),
        )
        for trait in (None, *HIDDEN_TRAITS)
    ]
    return {
        "alliances": alliances,
        "europe": europe,
        "pacific": pacific,
        "nato": nato,
        "pfp": pfp,
        "finland": finland,
        "smith": smith,
        "dupont": dupont,
        "analysis": analysis,
        "french": french,
        "undated": undated,
        "mention": mention,
        "hidden": hidden,
    }
