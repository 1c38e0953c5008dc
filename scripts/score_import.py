"""Score the importer against real pages and their hand-written expectations.

    DEBUG=true .venv/bin/python scripts/score_import.py [DIR] [-v]

DIR (default tests/seeds/pages/real) holds pages saved as found (NAME.txt or NAME.html)
and NAME.json with what a careful editor reads in them: items (title, date and precision,
authors, kind), membership facts, facts that must not be recorded ("not"), facts that are
acceptable either way ("optional"). Prints, over all pages: titles and dates found,
authors, invented items and dates, memberships found and false ones, pages refused.
A benchmark of judgement, not a test: it prints figures and never fails.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from seeds.parsers.text import fold  # noqa: E402
from seeds.services import SeedImportError, load_document  # noqa: E402

GROUPS = {
    "nato": "nato", "otan": "nato", "north atlantic treaty organization": "nato",
    "north atlantic treaty organisation": "nato", "the alliance": "nato",
    "alliance atlantique": "nato",
    "pesco": "pesco", "csp": "pesco", "permanent structured cooperation": "pesco",
    "eu": "eu", "ue": "eu", "european union": "eu", "union europeenne": "eu",
    "ppp": "pfp", "pfp": "pfp", "partenariat pour la paix": "pfp", "partnership for peace": "pfp",
    "cpea": "eapc", "eapc": "eapc", "conseil de partenariat euro-atlantique": "eapc",
    "csto": "csto", "otsc": "csto", "collective security treaty organization": "csto",
    "collective security treaty organisation": "csto",
    "organisation du traite de securite collective": "csto",
    "osce": "osce", "organization for security and co-operation in europe": "osce",
    "organisation pour la securite et la cooperation en europe": "osce",
    "weu": "weu", "ueo": "weu", "western european union": "weu",
    "union de l'europe occidentale": "weu",
}  # fmt: skip


def _title_key(title: str | None) -> str:
    return fold(title or "").strip(" .…")


def _same_title(expected: str, found: str) -> bool:
    a, b = _title_key(expected), _title_key(found)
    return bool(a) and (a == b or (len(b) >= 0.9 * len(a) and a.startswith(b)))


def _fact_key(fact: dict) -> tuple:
    group = fold(fact["group"])
    return (fold(fact["member"]), GROUPS.get(group, group), fact["role"])


def _fact_matches(found: dict, wanted: dict) -> bool:
    if _fact_key(found) != _fact_key(wanted):
        return False
    return wanted.get("since") is None or found.get("since") == wanted["since"]


class Totals(dict):
    def add(self, name: str, value: int = 1) -> None:
        self[name] = self.get(name, 0) + value


def score_page(path: Path, expected: dict, totals: Totals, verbose: bool) -> list[str]:
    notes: list[str] = []
    try:
        loaded = load_document(path.name, path.read_bytes())
    except SeedImportError as error:
        totals.add("refused")
        return [f"REFUSED: {error}"]
    parsed = loaded.parsed
    items = parsed.items
    wanted = expected.get("items", [])
    matched: set[int] = set()
    for want in wanted:
        if want.get("title") is None and expected.get("shape") == "whole_page":
            hit = items[0] if items else None  # a page without a headline: any title
        else:
            totals.add("titles expected")
            hit = next((i for i in items if _same_title(want["title"], i.title)), None)
            if hit is None:
                notes.append(f"title missed: {want['title']!r}")
                continue
            totals.add("titles found")
        if hit is None:
            continue
        matched.add(id(hit))
        totals.add("dates expected")
        found_date = hit.published_on.isoformat() if hit.published_on else None
        if found_date == want.get("date"):
            totals.add("dates right")
            if found_date is not None and want.get("precision"):
                totals.add("precisions expected")
                if getattr(hit, "published_precision", "day") == want["precision"]:
                    totals.add("precisions right")
                else:
                    notes.append(f"precision {hit.published_precision} for {hit.title[:40]!r}")
        else:
            notes.append(f"date {found_date} for {hit.title[:50]!r}, expected {want.get('date')}")
            if found_date is not None:
                totals.add("invented or wrong dates")
        for author in want.get("authors", []):
            totals.add("authors expected")
            if any(fold(author) == fold(a) for a in hit.authors):
                totals.add("authors found")
            else:
                notes.append(f"author missed: {author!r} on {hit.title[:40]!r}")
        if want.get("kind"):
            totals.add("kinds expected")
            if hit.kind == want["kind"]:
                totals.add("kinds right")
            else:
                notes.append(f"kind {hit.kind} for {hit.title[:40]!r}, expected {want['kind']}")
    for item in items:
        if id(item) not in matched:
            totals.add("invented items")
            notes.append(f"invented item: {item.title[:70]!r}")
    facts = [
        {
            "member": f.member,
            "group": f.group,
            "role": f.role,
            "since": f.since.year if f.since else None,
        }
        for f in parsed.memberships
    ]
    for want in expected.get("memberships", []):
        totals.add("memberships stated")
        if any(_fact_matches(f, want) for f in facts):
            totals.add("memberships found")
        else:
            notes.append(f"membership missed: {want}")
    allowed = expected.get("memberships", []) + expected.get("optional", [])
    for fact in facts:
        if not any(_fact_matches(fact, want) for want in allowed):
            totals.add("false memberships")
            notes.append(f"false membership: {fact}")
    totals.add("pages")
    return notes


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    folder = Path(args[0]) if args else ROOT / "tests" / "seeds" / "pages" / "real"
    totals = Totals()
    for meta in sorted(folder.glob("*.json")):
        page = next((p for p in folder.glob(f"{meta.stem}.*") if p.suffix != ".json"), None)
        if page is None:
            continue
        notes = score_page(page, json.loads(meta.read_text()), totals, verbose)
        if verbose and notes:
            print(f"{page.name}:")
            for note in notes:
                print(f"    {note}")

    def ratio(found: str, expected: str) -> str:
        total = totals.get(expected, 0)
        share = 100 * totals.get(found, 0) / total if total else 100.0
        return f"{totals.get(found, 0)}/{total} ({share:.0f} %)"

    print(f"pages scored:          {totals.get('pages', 0) + totals.get('refused', 0)}")
    print(f"titles found:          {ratio('titles found', 'titles expected')}")
    print(f"dates right:           {ratio('dates right', 'dates expected')}")
    print(f"authors found:         {ratio('authors found', 'authors expected')}")
    print(f"date precision right:  {ratio('precisions right', 'precisions expected')}")
    print(f"kinds right:           {ratio('kinds right', 'kinds expected')}")
    print(f"invented items:        {totals.get('invented items', 0)}")
    print(f"invented/wrong dates:  {totals.get('invented or wrong dates', 0)}")
    print(f"memberships found:     {ratio('memberships found', 'memberships stated')}")
    print(f"false memberships:     {totals.get('false memberships', 0)}")
    print(f"pages refused:         {totals.get('refused', 0)}")


if __name__ == "__main__":
    main()
