"""Entity linking precision and recall on an annotated set (tests/seeds/linking_set.json).

Each sentence lists the entities a careful reader would link, in English canonical names.
Traps: a sentence-initial "Un" is not the UN, "us" is not the US, "Eu égard" is not the
EU, the European Union inside "Western European Union" is not a mention of the EU.
"""

import json
from pathlib import Path

import pytest

from seeds.linking import EntityIndex

pytestmark = pytest.mark.django_db
SET = json.loads((Path(__file__).parent / "linking_set.json").read_text(encoding="utf-8"))


def test_linking_precision_and_recall_on_the_annotated_set(capsys):
    index = EntityIndex()
    true_positives = false_positives = false_negatives = 0
    wrong = []
    for case in SET:
        found = {entity.name for entity in index.mentions(case["text"])}
        expected = set(case["entities"])
        true_positives += len(found & expected)
        false_positives += len(found - expected)
        false_negatives += len(expected - found)
        if found != expected:
            wrong.append((case["text"], sorted(found - expected), sorted(expected - found)))
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / (true_positives + false_negatives)
    with capsys.disabled():
        print(f"\nlinking: precision {precision:.3f}, recall {recall:.3f} on {len(SET)} sentences")
        for text, extra, missed in wrong:
            print(f"  {text!r}: extra {extra}, missed {missed}")
    assert precision >= 0.98, wrong
    assert recall >= 0.9, wrong


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Un accord a été conclu.", "United Nations"),
        ("Let us know.", "United States"),
        ("Eu égard aux circonstances.", "European Union"),
        ("The Western European Union was dissolved in 2011.", "European Union"),
    ],
)
def test_linking_traps(text, absent):
    assert absent not in {entity.name for entity in EntityIndex().mentions(text)}
