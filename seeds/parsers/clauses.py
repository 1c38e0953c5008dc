"""Text shapes the fact reader meets on pages it was not written for.

- Hard-wrapped text (a PDF fact sheet saved as text) breaks sentences across lines:
  "developed special relations\\nwith six Mediterranean Partners". ``reflow`` joins a line
  that stops mid-phrase to the line that continues it.
- Fact sheets list a section's members as bullets under a heading that names the role
  ("Mediterranean Partners for Co-operation" / "...the following countries:" / "• Algeria",
  "• Japan (1992)"). ``bullet_fact`` reads one such line.
- One sentence may state two roles: "Mongolia joined as a Partner in 2004, and became a
  participating State in 2012"; "A and B are members, C is an observer". ``split_clauses``
  cuts it into clauses, each with its subject, so that each role gives its own fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable

BULLET = re.compile(r"^\s*(?:[•▪◦·‣*–-]|\d{1,2}[.)])\s+")
_YEAR = r"(?:1[89]|20)\d{2}"
_ENDS_MID_PHRASE = re.compile(
    r"(?:,|\b(?:and|or|et|ou|the|a|an|of|for|by|as|with|from|to|in|de|du|des|la|le|les|un"
    r"|une|à|au|aux|en|avec|par|pour))$",
    re.IGNORECASE,
)
_ENDS_CLOSED = (".", ":", "!", "?", ";", "…")
# "invited to participate in the meetings" is no invitation to join.
NOT_AN_INVITATION = re.compile(
    r"\binvited to (?:participate|take part|attend|observe|contribute)\b"
    r"|\binvitée?s? à (?:participer|assister|prendre part)\b",
    re.IGNORECASE,
)
_NAME = r"(?:the\s+)?[A-ZÀ-Ý][\w’'.-]*(?:\s+(?:(?:of|and|de|du|des|the)\s+)?[A-ZÀ-Ý][\w’'.-]*){0,4}"
_BULLET_NAME = re.compile(rf"({_NAME})\s*(?:\(({_YEAR})\))?\s*[.;,]?")
_VERB = (
    r"(?:is|are|was|were|became|becomes|joined|has|have|remains?|est|sont|devient|devint"
    r"|a rejoint|ont rejoint|a adhéré|reste)"
)
CLAUSE_BREAK = re.compile(
    r";\s+"
    r"|,\s+(?:and|et|but|mais|while|whereas|alors que|tandis que)\s+(?=(?:became|becomes|joined"
    r"|is|was|has|est|devient|a rejoint)\b)"
    r"|,?\s+(?:and|et)\s+(?=(?:became|becomes|joined|devint|est devenue?|a rejoint)\b"
    r"|(?:an?|une?|the)\s+(?:\w+\s+)?(?i:partner|member|observer|partenaire|membre|observateur)"
    r"s?\b)"
    rf"|,\s+(?=(?:the\s+)?[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+){{0,2}}\s+{_VERB}\s)"
)
_SUBJECT = re.compile(rf"^(.*?)\s+{_VERB}\b")
_STARTS_WITH_VERB = re.compile(rf"^{_VERB}\b")


def reflow(lines: list[str]) -> list[str]:
    """Join each line that stops mid-phrase (no closing punctuation, and it ends on a comma
    or a small word, or the next line starts in lower case) to the line that follows it.
    Blank lines, bullets and closed lines are never joined. Linear: parts are collected and
    joined once (a hard-wrapped 400 KB page may be one long paragraph)."""
    out: list[list[str]] = []
    for line in lines:
        previous = out[-1][-1] if out else ""
        joins = (
            previous
            and line
            and not BULLET.match(line)
            and not BULLET.match(out[-1][0])
            and not previous.endswith(_ENDS_CLOSED)
            and (line[0].islower() or line[0] == "(" or _ENDS_MID_PHRASE.search(previous))
        )
        if joins:
            out[-1].append(line.strip())
        else:
            out.append([line])
    return [" ".join(parts) for parts in out]


def bullet_fact(line: str) -> tuple[str, int | None] | None:
    """A bullet that is nothing but a name, maybe with a year: "• Japan (1992)"."""
    if not BULLET.match(line):
        return None
    content = BULLET.sub("", line).strip()
    match = _BULLET_NAME.fullmatch(content)
    if match is None:
        return None
    return match.group(1), int(match.group(2)) if match.group(2) else None


def split_clauses(sentence: str, roles_in: Callable[[str], set[str]]) -> list[str]:
    """The sentence's clauses when it states two roles or more, else the sentence.

    A clause that starts without a subject ("became a participating State in 2012", "a
    partner of the EU") takes the first clause's subject.
    """
    if len(roles_in(sentence)) < 2:
        return [sentence]
    parts = [part.strip() for part in CLAUSE_BREAK.split(sentence) if part and part.strip()]
    if len(parts) < 2 or not all(roles_in(part) for part in parts):
        return [sentence]
    subject = _SUBJECT.match(parts[0])
    clauses = [parts[0]]
    for part in parts[1:]:
        if subject and part[:1].islower():
            french = bool(re.search(r"\b(?:est|sont|membre|partenaire)\b", parts[0]))
            verb = "" if _STARTS_WITH_VERB.match(part) else (" est" if french else " is")
            part = f"{subject.group(1)}{verb} {part}"
        clauses.append(part)
    return clauses
