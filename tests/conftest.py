"""Fixtures that build on each other: user → editor → editor client → article."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import ArticleFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so cached pages never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def editor(db):
    """A staff member with every editorial permission (what `create_demo_editor` makes)."""
    user = UserFactory(username="editor", staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["articles", "partnerships", "seeds"])
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def article(db):
    return ArticleFactory(published=True)


def pytest_configure(config):
    """Hypothesis (under schemathesis) keeps no example database, and its other caches
    (constants, Unicode tables) go to the system's temporary folder: a test run leaves no
    .hypothesis/ folder in the work tree (schemathesis.toml does the same for its cache)."""
    import os
    import tempfile

    os.environ.setdefault(
        "HYPOTHESIS_STORAGE_DIRECTORY",
        os.path.join(tempfile.gettempdir(), "defence-cms-hypothesis"),
    )
    from hypothesis import settings

    settings.register_profile("no-files", database=None)
    settings.load_profile("no-files")
