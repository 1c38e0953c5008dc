"""Fixtures for the importer: the seed pages and a database with all of them imported."""

from pathlib import Path

import pytest
from django.core.management import call_command

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "documents"
PAGES = Path(__file__).parent / "pages"


@pytest.fixture
def seed_path():
    def find(prefix: str) -> Path:
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        return path

    return find


@pytest.fixture
def imported(db):
    """Every seed page imported once (in review)."""
    call_command("import_seeds", verbosity=0)
