"""Foreign-ministry fact sheets: a title, numbered sections, "Dernière modification : date".

Structured facts come from the shapes of the sentences, not from their subjects:
- "Name (ACR)" where the name is a partnership/dialogue/initiative -> a framework, and a
  list of names in the same paragraph ("(A, B and C)", ": A, B, and C.") -> its partners;
- "A-B Commission" / "Conseil A-B" -> a joint body whose sides are members, with
  "(established in YYYY)" as its start;
- a dated "A-B ... partnership ... established on <date>" -> a bilateral partnership;
- "“Name” arrangements of YYYY" -> a dated framework;
- other sentences of the same section stating a dated event -> milestones.
Every fact is "as of" the page's last-modified date.
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
from .dates import find_dates
from .extract import bodies, enumerations, events, framework_names
from .text import clean, fold, lines_of, sentences

LAYOUT = "ministry_factsheet"
PUBLISHER = ParsedPublisher(
    "Ministère de l'Europe et des Affaires étrangères", "https://www.diplomatie.gouv.fr"
)
AS_OF = re.compile(
    r"^(dernière modification|last modified|mis à jour le|updated)\s*:?\s*(.+)$", re.I
)
SECTION = re.compile(r"^\d{1,2}\)\s+")
NOISE = re.compile(
    r"^(read more|lire la suite|en savoir plus|top of the page|haut de page)\.?$"
    r"|^- (more information|plus d.information)",
    re.I,
)
ESTABLISHED = re.compile(r"^\s*\((?:established|created|créée?|établie?)\s+(?:in|en)\s+(\d{4})\)")
PAIR = re.compile(r"\b([A-ZÀ-Ý]{2,}|[A-ZÀ-Ý][a-zà-ÿ]+)[-–]([A-ZÀ-Ý]{2,}|[A-ZÀ-Ý][a-zà-ÿ]+)\b")
PARTNERSHIP = re.compile(
    r"\b((?:strategic |stratégique )?partnership|partenariat(?: stratégique)?)\b", re.I
)
ARRANGEMENTS = re.compile(
    r"[“\"«]\s*([^”\"»]{2,40}?)\s*[”\"»]\s+(arrangements|agreements|accords)\s+(?:of|de|du)\s+(\d{4})"
)


def _owner(title: str, body: str) -> str:
    possessive = re.match(r"^(?:the\s+)?([\w-]+)[’']s\b", title, re.I)
    if possessive:
        return possessive.group(1)
    french = re.search(r"\b(?:de l[’']|du |de la )([A-ZÀ-Ý][\w-]+)", title)
    if french:
        return french.group(1)
    acronyms = re.findall(r"\b[A-Z]{2,6}\b", body)
    return max(set(acronyms), key=acronyms.count) if acronyms else ""


def score(text: str) -> int:
    """A "Dernière modification" line and numbered sections."""
    filled = [line.strip() for line in lines_of(text) if line.strip()]
    as_of = any(AS_OF.match(line) for line in filled)
    sections = sum(1 for line in filled if SECTION.match(line))
    return (5 + sections) if as_of and sections else 0


def parse(text: str) -> ParsedDocument:
    lines = [line.strip() for line in lines_of(text)]
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line]
    if not numbered:
        raise ParseError("empty page")
    title_line, title = numbered[0]
    title = clean(re.sub(r"\s*\[(fr|en)\]\s*$", "", title))
    as_of = None
    body_lines: list[str] = []
    for _number, line in numbered[1:]:
        match = AS_OF.match(line)
        if match:
            found = find_dates(match.group(2))
            as_of = found[0].value if found else None
            break
        if not NOISE.match(line):
            body_lines.append(line)
    if not body_lines:
        raise ParseError("fact sheet without text")
    body = "\n\n".join(body_lines)
    language = lang.detect(body)
    owner = _owner(title, body)

    # Group lines into sections: a numbered line starts one, other lines continue it.
    sections: list[list[str]] = [[]]
    for line in body_lines:
        if SECTION.match(line):
            sections.append([])
        sections[-1].append(SECTION.sub("", line))

    entities: dict[str, ParsedEntity] = {}
    memberships: list[ParsedMembership] = []
    milestones: list[ParsedMilestone] = []

    def entity(name, **kwargs) -> ParsedEntity:
        key = fold(name)
        if key not in entities:
            entities[key] = ParsedEntity(name=name, **kwargs)
        return entities[key]

    if owner:
        entity(owner, kind="organisation")
    for section in sections:
        partnership: ParsedEntity | None = None
        for unit in section:
            frameworks = [
                (offset, entity(name, kind=kind, short_name=acronym))
                for offset, name, acronym, kind in framework_names(unit)
            ]
            for offset, names in enumerations(unit):
                if not frameworks:
                    continue
                group = min(frameworks, key=lambda f: abs(f[0] - offset))[1]
                for name in names:
                    memberships.append(
                        ParsedMembership(
                            member=name, group=group.name, role="partner", evidence=unit
                        )
                    )
            for offset, name, sides, kind in bodies(unit):
                after = ESTABLISHED.match(unit[offset + len(name) :])
                start = find_dates(after.group(1))[0].value if after else None
                body_entity = entity(
                    name, kind=kind, sides=sides, start=start, start_precision="year"
                )
                if start and not body_entity.start:
                    body_entity.start = start
                for side in sides:
                    membership = ParsedMembership(
                        member=side, group=name, role="member", evidence=unit
                    )
                    if start:
                        membership.since, membership.since_precision = start, "year"
                    if membership not in memberships:
                        memberships.append(membership)
            for sentence in sentences(unit):
                stated = [e for e in events(sentence) if len(e[1].split()) >= 4]
                pair = PAIR.search(sentence)
                kind_word = PARTNERSHIP.search(sentence)
                if stated and pair and kind_word and partnership is None:
                    found, event_title = stated[0]
                    name = f"{pair.group(1)}–{pair.group(2)} {kind_word.group(1).lower()}"
                    partnership = entity(
                        name,
                        kind="bilateral",
                        sides=[pair.group(1), pair.group(2)],
                        start=found.value,
                        start_precision=found.precision,
                    )
                    for side in partnership.sides:
                        memberships.append(
                            ParsedMembership(
                                side,
                                name,
                                "member",
                                found.value,
                                found.precision,
                                evidence=sentence,
                            )
                        )
                    milestones.append(
                        ParsedMilestone(name, found.value, found.precision, event_title)
                    )
                    continue
                if partnership:
                    for found, event_title in stated:
                        if found.value != partnership.start:
                            milestones.append(
                                ParsedMilestone(
                                    partnership.name, found.value, found.precision, event_title
                                )
                            )
            for match in ARRANGEMENTS.finditer(unit):
                name = f"{match.group(1)} {match.group(2)}"
                found = find_dates(match.group(3))[0]
                entity(name, kind="framework", start=found.value, start_precision="year")
                if partnership:
                    milestones.append(ParsedMilestone(partnership.name, found.value, "year", name))
    milestones = sorted(set_unique(milestones), key=lambda m: m.on)
    item = ParsedItem(
        position=1,
        line=title_line,
        title=title,
        kind="fact_sheet",
        language=lang.detect(title, body, default=language),
        summary=body_lines[0],
        body=body,
        published_on=as_of,
        entity_names=[e.name for e in entities.values()],
    )
    return ParsedDocument(
        layout=LAYOUT,
        language=language,
        publisher=PUBLISHER,
        title=title,
        items=[item],
        entities=list(entities.values()),
        memberships=memberships,
        milestones=milestones,
        as_of=as_of,
    )


def set_unique(milestones: list[ParsedMilestone]) -> list[ParsedMilestone]:
    seen, result = set(), []
    for milestone in milestones:
        key = (fold(milestone.entity), milestone.on, fold(milestone.title))
        if key not in seen:
            seen.add(key)
            result.append(milestone)
    return result
