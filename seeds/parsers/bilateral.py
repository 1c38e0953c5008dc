"""Defence-ministry bilateral pages: tab labels (partner countries), then their sections.

Structure: a few short label lines (one per partner), then prose paragraphs; each
partner's section ends with a block of document links ("Title – date"); paragraphs after
the last section that name every partner are general; a label may repeat at the end.
The ministry is French, so each label is a bilateral partnership "France – <label>".
Dated events in a partner's section ("signée le 28 novembre 2016", "en 2015, par la
création de ...") are that partnership's milestones.
"""

from __future__ import annotations

import re

from . import lang
from .base import (
    ParsedDocument,
    ParsedEntity,
    ParsedItem,
    ParsedMembership,
    ParsedMilestone,
    ParsedPublisher,
    ParseError,
)
from .extract import events
from .text import clean, fold, lines_of, sentences

LAYOUT = "ministry_bilateral"
PUBLISHER = ParsedPublisher("Ministère des Armées", "https://www.defense.gouv.fr")
HOME = "France"
LINK = re.compile(r"\s[–-]\s.*\b\d{4}\b|\bVersion (française|anglaise|française)\b")
AS_OF = re.compile(r"^(dernière modification|last modified|mis à jour le|updated)\b", re.I)
MORE = re.compile(r"^(en savoir plus|learn more|read more)\.?$", re.I)


def is_label(line: str) -> bool:
    return 0 < len(line) <= 40 and len(line.split()) <= 4 and line[-1] not in ".:;,!?"


def score(text: str) -> int:
    """A few tab labels, then long prose paragraphs without blank lines between them."""
    lines = [line.strip() for line in lines_of(text)]
    filled = [line for line in lines if line]
    leading = 0
    for line in filled:
        if not is_label(line):
            break
        leading += 1
    labels_ok = all(
        not re.search(r"[\d|:]", line) and line[:1].isupper() for line in filled[:leading]
    )
    prose_follows = leading < len(filled) and len(filled[leading]) > 200
    prose = sum(1 for line in filled if len(line) > 200)
    blanks = sum(1 for line in lines[: len(filled)] if not line)
    as_of = any(AS_OF.match(line) for line in filled)
    shaped = labels_ok and prose_follows and prose >= 2 and blanks == 0 and not as_of
    # Tabs come in twos or more: one short line above prose is a heading, not a tab bar.
    return 4 + leading if 2 <= leading <= 6 and shaped else 0


def parse(text: str) -> ParsedDocument:
    lines = [(n, clean(line)) for n, line in enumerate(lines_of(text), 1) if line.strip()]
    labels = []
    while lines and is_label(lines[0][1]) and not MORE.match(lines[0][1]):
        labels.append(lines.pop(0)[1])
    if len(labels) < 1 or not lines:
        raise ParseError("no partner labels followed by text")
    label_keys = {fold(label) for label in labels}

    # Split into sections: a run of prose, then a run of links, per partner.
    sections: list[list[tuple[int, str]]] = [[]]
    in_links = False
    body: list[str] = []
    for number, line in lines:
        if MORE.match(line) or fold(line) in label_keys:
            continue
        link = bool(LINK.search(line)) and len(line) < 250
        continuation = in_links and not link and not line.endswith(".")
        if link or continuation:
            in_links = True
            continue
        if in_links:
            sections.append([])
            in_links = False
        sections[-1].append((number, line))
        body.append(line)
    if not body:
        raise ParseError("no text after the partner labels")

    general = []
    partner_sections: list[list[tuple[int, str]]] = []
    for section in sections:
        if len(partner_sections) < len(labels):
            partner_sections.append(section)
        else:
            general.extend(section)

    entities, memberships, milestones = [], [], []
    for label, section in zip(labels, partner_sections, strict=False):
        name = f"{HOME} – {label}"
        entities.append(ParsedEntity(name=name, kind="bilateral", sides=[HOME, label]))
        memberships += [ParsedMembership(HOME, name), ParsedMembership(label, name)]
        for _number, paragraph in section:
            mentions_all = sum(fold(lbl) in fold(paragraph) for lbl in labels) == len(labels) > 1
            if mentions_all:
                continue
            for sentence in sentences(paragraph):
                for found, title in events(sentence):
                    milestones.append(ParsedMilestone(name, found.value, found.precision, title))

    language = lang.detect(" ".join(body))
    title = f"{HOME} – {', '.join(labels)}"
    item = ParsedItem(
        position=1,
        line=1,
        title=title,
        kind="fact_sheet",
        language=language,
        summary=body[0],
        body="\n\n".join(body),
        entity_names=[e.name for e in entities],
    )
    return ParsedDocument(
        layout=LAYOUT,
        language=language,
        publisher=PUBLISHER,
        title=title,
        items=[item],
        entities=entities,
        memberships=memberships,
        milestones=milestones,
    )
