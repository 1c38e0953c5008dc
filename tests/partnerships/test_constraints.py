import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from partnerships.models import EntityAlias, Membership
from tests.factories import EntityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_entity_slug_is_unique():
    EntityFactory(slug="nato")
    with pytest.raises(IntegrityError):
        EntityFactory(slug="nato")


def test_an_entity_cannot_be_a_member_of_itself():
    nato = EntityFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(member=nato, group=nato)


def test_membership_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        MembershipFactory(since=datetime.date(2023, 4, 4), until=datetime.date(2017, 1, 1))


def test_membership_validation_gives_an_editor_a_message():
    membership = MembershipFactory.build(
        member=EntityFactory(),
        group=EntityFactory(),
        source=None,
        since=datetime.date(2023, 4, 4),
        until=datetime.date(2017, 1, 1),
    )
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        membership.full_clean()


def test_two_states_cannot_share_a_country_code():
    EntityFactory(kind="state", country="FI")
    with pytest.raises(IntegrityError):
        EntityFactory(kind="state", country="FI")


def test_aliases_resolve_to_one_entity_whatever_case_and_accents():
    nato = EntityFactory(name="North Atlantic Treaty Organization")
    EntityAlias.objects.create(entity=nato, name="OTAN")
    with pytest.raises(IntegrityError):
        EntityAlias.objects.create(entity=EntityFactory(), name="otan")


def test_a_partner_can_later_become_a_member():
    """A 2017 fact sheet says Finland is a partner; it joined NATO in 2023: both hold."""
    finland = EntityFactory(kind="state", country="FI")
    nato = EntityFactory()
    MembershipFactory(member=finland, group=nato, role="partner", until=datetime.date(2023, 4, 4))
    MembershipFactory(member=finland, group=nato, role="member", since=datetime.date(2023, 4, 4))
    assert list(
        Membership.objects.filter(member=finland)
        .active_on(datetime.date(2017, 8, 17))
        .values_list("role", flat=True)
    ) == ["partner"]
    assert list(
        Membership.objects.filter(member=finland)
        .active_on(datetime.date(2024, 1, 1))
        .values_list("role", flat=True)
    ) == ["member"]
