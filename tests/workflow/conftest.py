"""Users in each editorial role (the groups the migration creates) and their admin clients."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from articles.roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS, sync_role_groups
from tests.factories import UserFactory


def _member_of(group_name, username):
    user = UserFactory(username=username, staff=True)
    # The groups come from a data migration, which a transactional test's flush removes.
    user.groups.add(sync_role_groups(Group, Permission)[group_name])
    return user


@pytest.fixture
def contributor(db):
    return _member_of(CONTRIBUTORS, "contributor")


@pytest.fixture
def group_editor(db):
    return _member_of(EDITORS, "desk-editor")


@pytest.fixture
def administrator(db):
    return _member_of(ADMINISTRATORS, "administrator")


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def contributor_client(contributor):
    return _client_for(contributor)


@pytest.fixture
def desk_client(group_editor):
    return _client_for(group_editor)


def change_form_data(client, url):
    """What the change form at ``url`` would post back unchanged (fields, inlines, version)."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date(), local.time()
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "all"):
            data[name] = [v.pk for v in value.all()]
        else:
            data[name] = getattr(value, "pk", value)
    data = {k: v for k, v in data.items() if v is not None}
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, ""):
                    data[f"{inline_form.prefix}-{name}"] = getattr(value, "pk", value)
    return data


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())
