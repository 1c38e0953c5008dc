"""Benchmark of the importer (not a test): 10,000 synthetic B2 listing items on SQLite.

Usage: .venv/bin/python scripts/bench_import.py [--items N]
Builds a fresh SQLite database in a temporary folder, generates one listing page, then
times parsing plus the import (in one transaction, as import_seeds does) and prints
items per second. Target: at least 2,000 items/s.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def synthetic_listing(count: int) -> str:
    blocks = []
    for number in range(count):
        if number % 10 == 0:
            day, month = number % 28 + 1, number % 12 + 1
            rubric = f"Défense. Diplomatie UE. Rubrique {number % 7}"
            title = f"Carnet ({day:02d}.{month:02d}.2020). {rubric}"
        else:
            title = f"Les Européens et l'OTAN face au dossier numéro {number}"
        if number % 25 == 0:
            blocks.append(f"Photo de la réunion numéro {number} (crédit : B2)")
        blocks.append(title)
        blocks.append(
            f"(B2) Les ministres de la Défense de l'UE ont discuté du dossier {number} avec "
            "la Géorgie, l'Ukraine et les États-Unis. La discussion a montré que"
        )
    return "\n\n".join(blocks) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    options = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="bench-import-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article
    from seeds.services import import_documents, load_document

    call_command("migrate", verbosity=0)
    data = synthetic_listing(options.items).encode()

    start = time.perf_counter()
    loaded = load_document("bench_listing.txt", data)
    parsed = time.perf_counter()
    (report,) = import_documents([loaded])
    done = time.perf_counter()

    items = len(loaded.parsed.items)
    assert items == options.items == Article.objects.count(), "every item must be imported"
    print(report.summary_line())
    print(f"parse:  {items / (parsed - start):,.0f} items/s ({parsed - start:.2f} s)")
    print(f"import: {items / (done - parsed):,.0f} items/s ({done - parsed:.2f} s)")
    print(f"total:  {items / (done - start):,.0f} items/s for {items:,} items")


if __name__ == "__main__":
    main()
