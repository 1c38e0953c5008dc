"""Roles hold: no administrator makes themselves (or anyone) superuser or staff, and groups
carrying rights the actor lacks are a superuser's to give."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from articles.roles import EDITORS
from tests.factories import UserFactory
from tests.helpers import user_with_permissions
from tests.workflow.conftest import change_form_data

pytestmark = pytest.mark.django_db


def user_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_cannot_make_themselves_superuser(administrator):
    client = login(administrator)
    data = change_form_data(client, user_url(administrator))
    data.update(is_superuser="on", is_staff="on", first_name="Me")
    response = client.post(user_url(administrator), data)
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.first_name == "Me"  # the rest of the form was saved
    assert not administrator.is_superuser


def test_an_administrator_cannot_change_a_superuser(administrator):
    boss = UserFactory(username="boss", superuser=True)
    client = login(administrator)
    data = {"username": "boss", "is_superuser": "", "is_active": ""}
    assert client.post(user_url(boss), data).status_code == 403
    boss.refresh_from_db()
    assert boss.is_superuser and boss.is_active


def test_a_user_manager_cannot_hand_out_a_group_with_more_rights(db):
    manager = user_with_permissions("view_user", "change_user", username="manager", staff=True)
    target = UserFactory(username="target", staff=True)
    client = login(manager)
    data = change_form_data(client, user_url(target))
    data["groups"] = [Group.objects.get(name=EDITORS).pk]
    response = client.post(user_url(target), data)
    assert response.status_code == 200
    assert "Only a superuser may give or take the group" in response.content.decode()
    assert not target.groups.exists()


def test_a_superuser_grants_status_and_groups(db):
    root = UserFactory(username="root", superuser=True)
    target = UserFactory(username="target")
    client = login(root)
    data = change_form_data(client, user_url(target))
    data.update(is_staff="on", groups=[Group.objects.get(name=EDITORS).pk])
    assert client.post(user_url(target), data).status_code == 302
    target.refresh_from_db()
    assert target.is_staff and target.groups.filter(name=EDITORS).exists()
