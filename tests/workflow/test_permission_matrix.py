"""Every role × every admin action and API write, in one table: who may, who may not.

Each case does the thing through the public surface (the admin's forms and actions, the
API) and then looks at the database: an allowed write happened, a refused one changed
nothing. The rules all come from ``config.permissions``.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from articles.models import Article
from articles.roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS
from partnerships.models import Membership
from tests.factories import ArticleFactory, EntityFactory, UserFactory
from tests.workflow.conftest import change_form_data

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "contributor", "editor", "administrator", "superuser"]
CHANGELIST = "/admin/articles/article/"


def make_user(role):
    if role == "anonymous":
        return None
    if role == "reader":
        return UserFactory(username="reader")  # signed in, no role, not staff
    if role == "superuser":
        return UserFactory(username="root", superuser=True)
    group = {"contributor": CONTRIBUTORS, "editor": EDITORS, "administrator": ADMINISTRATORS}
    user = UserFactory(username=role, staff=True)
    user.groups.add(Group.objects.get(name=group[role]))
    return user


def api_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def admin_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _status(article):
    return Article.objects.values_list("status", flat=True).get(pk=article.pk)


def _title(article):
    return Article.objects.values_list("title", flat=True).get(pk=article.pk)


# Each case: do it as ``user``; return True if it took effect.


def api_create_article(user):
    payload = {"title": "Matrix", "slug": "matrix", "language": "en", "kind": "analysis"}
    api_for(user).post("/api/v1/articles/", payload, format="json")
    return Article.objects.filter(slug="matrix").exists()


def _api_patch(user, article):
    url = f"/api/v1/articles/{article.slug}/"
    api_for(user).patch(url, {"title": "Changed", "version": article.version}, format="json")
    return _title(article) == "Changed"


def api_edit_draft(user):
    return _api_patch(user, ArticleFactory())


def api_edit_published(user):
    return _api_patch(user, ArticleFactory(published=True))


def _api_transition(user, article, action):
    url = f"/api/v1/articles/{article.slug}/transition/"
    api_for(user).post(url, {"action": action, "version": article.version}, format="json")


def api_submit(user):
    article = ArticleFactory()
    _api_transition(user, article, "submit")
    return _status(article) == "review"


def api_publish(user):
    article = ArticleFactory(in_review=True)
    _api_transition(user, article, "publish")
    return _status(article) == "published"


def api_add_membership(user):
    EntityFactory(slug="sweden", kind="state")
    EntityFactory(slug="nato")
    payload = {"member": "sweden", "group": "nato", "role": "member", "since": "2024-03-07"}
    api_for(user).post("/api/v1/memberships/", payload, format="json")
    return Membership.objects.exists()


def _admin_action(user, article, action):
    admin_for(user).post(CHANGELIST, {"action": action, "_selected_action": [article.pk]})


def admin_publish_selected(user):
    article = ArticleFactory(in_review=True)
    _admin_action(user, article, "publish_selected")
    return _status(article) == "published"


def admin_submit_selected(user):
    article = ArticleFactory()
    _admin_action(user, article, "submit_selected")
    return _status(article) == "review"


def admin_archive_selected(user):
    article = ArticleFactory(published=True)
    _admin_action(user, article, "archive_selected")
    return _status(article) == "archived"


def _admin_edit(user, article):
    client = admin_for(user)
    url = reverse("admin:articles_article_change", args=[article.pk])
    if client.get(url).status_code != 200:
        return False
    data = change_form_data(client, url)
    data["title"] = "Changed"
    client.post(url, data)
    return _title(article) == "Changed"


def admin_edit_draft(user):
    return _admin_edit(user, ArticleFactory())


def admin_edit_published(user):
    return _admin_edit(user, ArticleFactory(published=True))


def admin_grant_superuser(user):
    target = UserFactory(username="target", staff=True)
    client = admin_for(user)
    url = reverse("admin:auth_user_change", args=[target.pk])
    if client.get(url).status_code != 200:
        return False
    data = change_form_data(client, url)
    data["is_superuser"] = "on"
    client.post(url, data)
    target.refresh_from_db()
    return target.is_superuser


#: case → the roles that may do it.
MATRIX = {
    api_create_article: {"contributor", "editor", "administrator", "superuser"},
    api_edit_draft: {"contributor", "editor", "administrator", "superuser"},
    api_edit_published: {"editor", "administrator", "superuser"},
    api_submit: {"contributor", "editor", "administrator", "superuser"},
    api_publish: {"editor", "administrator", "superuser"},
    api_add_membership: {"editor", "administrator", "superuser"},
    admin_publish_selected: {"editor", "administrator", "superuser"},
    admin_submit_selected: {"contributor", "editor", "administrator", "superuser"},
    admin_archive_selected: {"editor", "administrator", "superuser"},
    admin_edit_draft: {"contributor", "editor", "administrator", "superuser"},
    admin_edit_published: {"editor", "administrator", "superuser"},
    admin_grant_superuser: {"superuser"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", list(MATRIX), ids=lambda case: case.__name__)
def test_permission_matrix(case, role):
    assert case(make_user(role)) == (role in MATRIX[case])
