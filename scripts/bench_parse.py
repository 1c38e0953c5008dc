"""How long parsing takes as a page grows: it must stay linear (a 400 KB page under 2 s).

    .venv/bin/python scripts/bench_parse.py

Builds pages of 100, 200 and 400 KB from the real pages in tests/seeds/pages/real (a
listing, prose with membership facts, a run of acronyms, which once made the reader
quadratic, and hard-wrapped lines that the fact reader joins) and prints the CPU seconds
each takes to parse (wall time too: on a loaded machine it says more about the
neighbours than about the parser), and the ratio.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from seeds.parsers import parse  # noqa: E402

REAL = ROOT / "tests" / "seeds" / "pages" / "real"


def page(size: int, kind: str) -> str:
    if kind == "acronyms":
        unit = " ".join(["NATO OTAN PESCO EU UE OSCE PfP ICI MD EAPC"] * 20) + ".\n\n"
    elif kind == "wrapped":
        # A PDF saved as text: every line stops mid-phrase, so the fact reader joins them.
        words = (REAL / "eata_nato_member_countries.txt").read_text().split()
        unit = "\n".join(" ".join(words[i : i + 6]).rstrip(".") for i in range(0, len(words), 6))
        unit += "\n"
    elif kind == "listing":
        unit = (REAL / "atlanticcouncil_issue_nato.txt").read_text() + "\n\n"
    else:
        unit = (REAL / "eata_nato_member_countries.txt").read_text() + "\n\n"
    text = ""
    while len(text.encode()) < size:
        text += unit
    return text


def main() -> None:
    for kind in ("listing", "prose", "acronyms", "wrapped"):
        timings = []
        for kilobytes in (100, 200, 400):
            text = page(kilobytes * 1024, kind)
            start, cpu = time.perf_counter(), time.process_time()
            document = parse(text)  # what the importer runs (facts included)
            seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
            timings.append(cpu_seconds)
            print(
                f"{kind:9} {kilobytes:4} KB: {cpu_seconds:6.3f} s CPU, {seconds:6.3f} s wall"
                f" ({len(document.items)} items, layout {document.layout})"
            )
        print(f"{kind:9} 400 KB / 100 KB CPU ratio: {timings[2] / timings[0]:.1f} (4 = linear)")


if __name__ == "__main__":
    main()
