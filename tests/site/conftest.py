"""Fixtures of the public-site tests: the small world of ``tests.site.world``."""

import pytest

from tests.site.world import build_world


@pytest.fixture
def world(db):
    return build_world()
