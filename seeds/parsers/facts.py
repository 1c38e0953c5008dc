"""Membership facts stated in prose and lists, each with the sentence it came from.

A fact needs three things in one sentence (or one list line under a heading): a role cue
("members", "joined", "participating", "partners", "observer", "invited", "candidate"...,
in French and English), a group (an acronym such as NATO/OTAN/PESCO, "the Alliance", or
the page's main organisation) and a list of proper names. The careful analyst's traps are
rules here: "invited to join" and "candidate" are their own roles, never "member"; a
sentence that denies ("not members", "à l'exception de", "abstained") or only says a
country is consulted or takes part in some activities states nothing; captions state
nothing; "Western European Union" is not the European Union.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from .base import ParsedMembership
from .shapes import is_caption
from .text import clean, lines_of, sentences

_YEAR = r"(?:1[89]|20)\d{2}"
ROLE_CUES: list[tuple[str, re.Pattern]] = [
    ("invited", re.compile(r"\binvit(?:ed|ation|és?|ée?s?)\b", re.I)),
    ("candidate", re.compile(r"\bcandidat(?:e|es|s)?\b|\bcandidacy\b|\bcandidature\b", re.I)),
    ("associate_partner", re.compile(r"\bassociate partners?\b|\bpartenaires? associés?\b", re.I)),
    ("associate_member", re.compile(r"\bassociate members?\b|\bmembres? associés?\b", re.I)),
    ("observer", re.compile(r"\bobserv(?:er|ers|ateur|ateurs|atrice)\b", re.I)),
    (
        "founding_member",
        re.compile(r"\bfound(?:ing|ers?)\b|\bfondat(?:eur|eurs|rice)s?\b|\boriginal\b", re.I),
    ),
    (
        "participating_state",
        re.compile(r"\bparticipating\b|\bparticipants?\b|\bÉtats participants\b", re.I),
    ),
    ("partner", re.compile(r"\bpartners?\b|\bpartenaires?\b", re.I)),
    (
        "member",
        re.compile(
            r"\bmembers?\b|\bmembres?\b|\bjoin(?:ed|s)?\b|\brejoin(?:t|dre|drait)\b"
            r"|\baccession\b|\badhésion\b|\badh[ée]r[ée]\b|\bgrew by including\b",
            re.I,
        ),
    ),
]
NEGATION = re.compile(
    r"\bnot (?:a )?members?\b|\bnon[- ]members?\b|\bne sont pas\b|\bn'est pas\b|\bn’est pas\b"
    r"|\bnon[- ]membres?\b|\bexception\b|\bexcept\b|\babstain|\babstenu|\bwithdr[ea]w|\bretir"
    r"|\bleft\b|\bquitt|\bconsult(?:ed|és?)\b|\bsome (?:of its )?activities\b"
    r"|\bcertaines activités\b|\bwould\b|\bcould\b|\bmay join\b|\bpourrait\b|\bapply\b"
    r"|\bapplied\b|\bapplying\b|\bbid\b|\bsought\b|\bhosted\b|\baccueilli",
    re.I,
)
GROUP = re.compile(
    r"(?<![\w-])(NATO|OTAN|PESCO|CSP|OSCE|OSCE|EU|UE|PfP|PPP|EAPC|CPEA|ICI|AUKUS|EDA|AED"
    r"|Partnership for Peace|Partenariat pour la paix|Mediterranean Dialogue"
    r"|Dialogue méditerranéen|Istanbul Cooperation Initiative"
    r"|Initiative de coopération d['’]Istanbul|Euro-Atlantic Partnership Council"
    r"|Conseil de partenariat euro-atlantique|Permanent Structured Cooperation"
    r"|Coopération structurée permanente|(?<![A-Z][a-z] )(?<![A-Z][a-z]{2} )"
    r"(?<![A-Z][a-z]{3} )(?<![A-Z][a-z]{4} )(?<![A-Z][a-z]{5} )(?<![A-Z][a-z]{6} )"
    r"European Union|Union européenne|the Alliance|l['’]Alliance"
    r"|Alliance atlantique|North Atlantic Treaty Organi[sz]ation)(?![\w-])"
)
ALIASES = {"the Alliance": "NATO", "l'Alliance": "NATO", "l’Alliance": "NATO"}
_ARTICLE = re.compile(r"^(?:(?:the|la|le|les|and|et|ainsi que)\s+|l['’]\s*|d['’]\s*)+", re.I)
_SPLIT = re.compile(r"\s*(?:;|,\s*(?:and|et|ainsi que)\s+|,|\s+and\s+|\s+et\s+|\s+ainsi que\s+)\s*")
_NAME = re.compile(
    r"^[A-ZÀ-Ý][\w’'.-]*(?:\s+(?:of|de|du|des|and|la|le|the)?\s*[A-ZÀ-Ý][\w’'.-]*){0,4}$"
)
_REJOIN = re.compile(r"rejoin|rejoint|command|withdr|retir", re.I)
BECOMES = re.compile(
    r"\b([A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+){0,2})\s+(?:\w+\s+)?(?:becomes|became|devient"
    r"|est devenue?)\s+(?:the|le|la)\s+\w+\s+(?:member|membre)\b"
)
_ACCESSION_LINE = re.compile(rf"^({_YEAR})\s*[:–-]?\s+([A-ZÀ-Ý].+)$")


def _names(region: str) -> list[str]:
    """Proper names listed in ``region``: "Greece, Turkey", "Poland, Hungary, and the Czech
    Republic"; a name with a parenthesis about re-joining a command is not listed."""
    names = []
    for part in _SPLIT.split(region.strip(" .:;")):
        bracket = re.search(r"\(([^()]*)\)", part)
        if bracket and _REJOIN.search(bracket.group(1)):
            continue
        part = _ARTICLE.sub("", re.sub(r"\s*\([^()]*\)", "", part)).strip(" .:;’'\"«»“”")
        if part and _NAME.match(part) and not GROUP.fullmatch(part):
            names.append(part)
    return names


def _list_after(sentence: str) -> list[str]:
    """The longest run of listed names in the sentence (after a colon if there is one)."""
    if ":" in sentence:
        names = _names(sentence.split(":", 1)[1])
        if len(names) >= 1:
            return names
    best: list[str] = []
    for chunk in re.split(
        r"\b(?:joined|joint|ont rejoint|rejoint|became|devient|sont|are|were)\b", sentence
    ):
        for piece in re.split(r"(?<=[a-z]) (?:in|en|by|par|to|à|with|avec) ", chunk):
            tail = re.sub(rf"^.*?\b(?:in|en)\s+{_YEAR},?\s*", "", piece)
            names = _names(tail)
            if len(names) > len(best) and len(names) >= 2:
                best = names
    return best


def _role(sentence: str) -> str | None:
    for role, cue in ROLE_CUES:
        if cue.search(sentence):
            return role
    return None


def _group(sentence: str, default: str) -> str:
    found = GROUP.findall(sentence)
    if not found:
        return default
    return ALIASES.get(found[0], found[0])


def main_group(text: str) -> str:
    """The organisation a page is about: the group it names most often."""
    counts = Counter(ALIASES.get(g, g) for g in GROUP.findall(text))
    return counts.most_common(1)[0][0] if counts else ""


def _since(sentence: str) -> tuple[date | None, str]:
    found = re.findall(
        rf"\b(?:in|en|depuis|since|joined in|on)\s+(?:\d{{1,2}}\s+\w+\s+)?({_YEAR})\b",
        sentence,
        re.I,
    )
    if found:
        return date(int(found[0]), 1, 1), "year"
    return None, "year"


def memberships_in(text: str, *, as_of: date | None = None) -> list[ParsedMembership]:
    """Membership facts stated in ``text`` (prose sentences and "YEAR: A, B" list lines)."""
    default = main_group(text)
    facts: list[ParsedMembership] = []
    seen: set[tuple[str, str, str]] = set()
    heading_role: str | None = None

    def add(member, group, role, since, evidence):
        key = (member.casefold(), group.casefold(), role)
        if not group or key in seen or member.casefold() == group.casefold():
            return
        seen.add(key)
        facts.append(
            ParsedMembership(
                member, group, role, since, "year", evidence=evidence[:1000], as_of=as_of
            )
        )

    for raw in lines_of(text):
        line = clean(raw)
        if not line or is_caption(line) or line.isupper() and len(line) > 40:
            continue
        accession = _ACCESSION_LINE.match(line)
        if accession and heading_role:
            since = date(int(accession.group(1)), 1, 1)
            for name in _names(accession.group(2)):
                add(name, default, heading_role, since, line)
            continue
        if line.endswith(":") and _role(line) in ("member", "founding_member"):
            heading_role = "member"
            continue
        for sentence in sentences(line):
            role = _role(sentence)
            if role is None or NEGATION.search(sentence):
                continue
            group = _group(sentence, default)
            since, _precision = _since(sentence)
            single = BECOMES.search(sentence)
            listed = [single.group(1)] if single else _list_after(sentence)
            for name in listed:
                if GROUP.fullmatch(name) or name == group:
                    continue
                add(
                    name,
                    group,
                    role,
                    since if role in ("member", "founding_member") else None,
                    sentence,
                )
    return facts
