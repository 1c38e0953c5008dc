"""Membership facts of a whole page: sentences, clauses, list lines and bullets.

The sentence-level vocabulary (role cues, negations, group names, how names are listed)
is in ``facts``; this module reads a page with it, line by line:

- prose sentences, cut into clauses when one sentence states two roles ("Mongolia joined
  as a Partner in 2004, and became a participating State in 2012");
- a list of names on the line after a line that names the role ("The partner countries of
  NATO are:"), or as bullets under a heading that names it ("Asian Partners for
  Co-operation" / "...the following countries:" / "• Japan (1992)"); "YEAR: A, B" lines;
- a sentence that counts the names of the sentence before ("Ces trois pays ont rejoint
  l'Alliance le 12 mars 1999"), the companions of a joiner ("... avec la Hongrie et la
  République tchèque"), an apposition ("Chypre, candidate à l'UE, ne l'est pas à
  l'OTAN").

Every fact keeps the whole sentence (or list line) it came from as its evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .base import ParsedMembership
from .clauses import BULLET, NOT_AN_INVITATION, bullet_fact, reflow, split_clauses
from .facts import (
    _ARTICLE,
    _NAMED,
    _SPLIT,
    _YEAR,
    BECOMES,
    COMPOUND_NAMES,
    GROUP,
    IN_YEAR,
    JOIN_VERB,
    NEGATION,
    PAGE_ACRONYMS,
    PRONOUNS,
    ROLE_CUES,
    _alias,
    _first_year,
    _group,
    _list_after,
    _names,
    _near_cue,
    _role,
    _since,
    main_group,
    unknown_acronyms,
)
from .shapes import is_caption
from .text import clean, lines_of, sentences

# "Ces trois pays ont rejoint l'Alliance le 12 mars 1999": as many names as the sentence
# before listed (the count must match, or nothing is read).
COUNTED = re.compile(
    r"^(?:ces|les|these|those|the|all)\s+(?:(?:trois|deux)?\s*nouveaux\s+|new\s+)?"
    r"(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|two|three|four|five|six|seven|eight"
    r"|nine|ten|\d{1,2})\s+(?:\w+\s+){0,2}?(?:pays|États|Etats|countries|states|nations"
    r"|démocraties|democracies)\b",
    re.IGNORECASE,
)
NUMBERS = {
    "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5, "five": 5,
    "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9, "dix": 10,
    "ten": 10,
}  # fmt: skip
# "la Pologne a rejoint l'OTAN avec la Hongrie et la République tchèque"
COMPANIONS = re.compile(r"^[^.;]*?\b(?:avec|with|along with|together with|alongside)\s+(.+)$")
# "Chypre, candidate à l'UE, ne l'est pas à l'OTAN": an apposition states the first fact.
APPOSITION = re.compile(
    r"^([A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+){0,2}),\s+(?:an?\s+|the\s+)?"
    r"(candidat|candidate|member|membre|partner|partenaire|observer|observateur)\s+"
    r"(?:à|au|de|du|of|to|for|in)\s+(?:l['’]|la\s+|le\s+|the\s+)?(\w+)\s*,",
)
THEY_JOINED = re.compile(
    r"^(?:these|those|they|both|ces|ils|elles)\b.*?\b(?:joined|rejoint|adhéré|became members)\b",
    re.IGNORECASE,
)
_ACCESSION_LINE = re.compile(rf"^({_YEAR})\s*[:–-]?\s+([A-ZÀ-Ý].+)$")
PAREN_YEAR = re.compile(rf"((?:the\s+)?{_NAMED})\s*\(({_YEAR})\)")


def _roles_in(text: str) -> set[str]:
    return {role for role, cue in ROLE_CUES if cue.search(text)}


DESIGNATION = re.compile(r"\s+(?:states?|nations?|countries|governments?)\b", re.I)


def _role_near(sentence: str, position: int, fallback: str) -> str:
    """The role of the cue closest before a list: in "57 participating States meet the five
    partners (A, B, C)" the names are partners. An invitation or a candidacy anywhere in the
    sentence keeps its precedence (the careful reading)."""
    if fallback in ("invited", "candidate") or position <= 0:
        return fallback
    best, best_end = fallback, -1
    for role, cue in ROLE_CUES:
        for match in cue.finditer(sentence[:position]):
            if match.end() <= best_end or JOIN_VERB.match(match.group(0)):
                continue
            if DESIGNATION.match(sentence, match.end()) or sentence[: match.start()].endswith(
                ("États ", "Etats ", "pays ")
            ):
                continue  # "the following Member States": the EU's states, not a role
            best, best_end = role, match.end()
    return best


SAME_GROUP = {
    "otan": "nato", "ue": "eu", "union européenne": "eu", "csp": "pesco", "ppp": "pfp",
    "cpea": "eapc", "partenariat pour la paix": "pfp", "ueo": "weu", "partnership for peace": "pfp",
}  # fmt: skip


def _group_key(name: str) -> str:
    key = _alias(name).casefold()
    return SAME_GROUP.get(key, key)


class _Facts:
    """The facts of one page, one per (member, group, role); a later line dates an
    undated one."""

    def __init__(self, as_of: date | None):
        self.as_of = as_of
        self.found: list[ParsedMembership] = []
        self.seen: dict[tuple[str, str, str], ParsedMembership] = {}

    def add(self, member, group, role, since, evidence) -> None:
        member = STATE_FORM.sub("", member)  # "le Royaume de Suède" is Sweden
        if role == "member" and _group_key(group) == "pfp":
            role = "partner"  # one belongs to the Partnership for Peace as a partner
        # "OTAN" and "NATO" (from "l'Organisation du traité...") are one group.
        key = (member.casefold(), _group_key(group), role)
        if not group or member.casefold() == group.casefold():
            return
        if key in self.seen:
            known = self.seen[key]
            if since and known.since is None:
                known.since, known.evidence = since, evidence[:1000]
            return
        self.seen[key] = ParsedMembership(
            member, group, role, since, "year", evidence=evidence[:1000], as_of=self.as_of
        )
        self.found.append(self.seen[key])


# The official form of a state's name before its short name ("Royaume de Suède",
# "Republic of Finland"); kept where the short name alone is ambiguous (Korea, Congo...).
STATE_FORM = re.compile(
    r"^(?:Royaume|Kingdom|Grand-Duché|Grand Duchy|Principauté|Principality)\s+"
    r"(?:de\s+(?:la\s+)?|du\s+|des\s+|d['’]|of\s+(?:the\s+)?)"
    r"|^(?:République|Republic)\s+(?:de\s+|d['’]|du\s+|of\s+)"
    r"(?!Corée|Korea|Congo|Chine|China|Macédoine|Macedonia|Moldavie|Moldova|l['’]Inde|India)"
)
# "these countries are members of the EU", "ces deux Etats étaient déjà partie au PPP":
# the names the sentence before listed.
ANAPHOR = re.compile(
    r"\b(?:these|those|both)\s+(?:(\w+)\s+)?(?:countries|states|nations)\b"
    r"|\bthey\s+(?:have\s+)?(?:joined|became|are members|were members)\b"
    r"|\bces\s+(?:(\w+)\s+)?(?:pays|États|Etats|nations)\b",
    re.IGNORECASE,
)
# Where the anaphor's clause ends: "... depuis 1994 ... ? Ou bien ..." (French spacing).
CLAUSE_END = re.compile(r"\s[?!;]\s|[?!;]\s|\.\s")
# "... est devenue membre fondateur en 1949, mais en 1966 elle s'est retirée ...": a
# contrast starts a clause of its own (a denial after it does not undo what came before).
# "Tous ces pays, à l'exception de Chypre, ont rejoint ...": every country the paragraph
# has named so far, but the excepted ones.
ALL_ANAPHOR = re.compile(
    r"\b(?:tou(?:te)?s\s+ces|all\s+(?:of\s+)?(?:these|those))\s+(?:pays|États|Etats|countries"
    r"|states|nations)\b",
    re.IGNORECASE,
)
EXCEPTION = re.compile(
    r",?\s*(?:à l['’]exception\s+(?:de\s+(?:la\s+|l['’])?|du\s+|des\s+|d['’])"
    r"|except(?:\s+for)?\s+(?:the\s+)?)([A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+)?),?",
)
# "De plus, la Suisse[1], qui est ..." / "Switzerland has ...": a sentence's subject.
SUBJECT_NAME = re.compile(
    r"^(?:(?:De plus|En outre|Par ailleurs|Moreover|Furthermore|Also|However|Cependant),\s+)?"
    r"(?:la\s+|le\s+|les\s+|l['’]|the\s+)?([A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+)?)"
    r"(?:\[\d+\])?(?:\s?,|\s+(?:est|a|is|has|was|sont|were|maintient|reste|remains)\b)"
)
# "L'Arménie ... a adhéré au programme de partenariat pour la paix, au Conseil de
# partenariat euro-atlantique et au plan d'action ...": one member, several groups.
JOINED_GROUPS = re.compile(
    r"\b(?:a adhéré|a rejoint|has joined|joined)\s+(?:à|au|aux)?",
    re.IGNORECASE,
)
CONTRAST = re.compile(
    r"\s*,\s+(?:mais|but|whereas|tandis que|alors que|while|yet)\s+", re.IGNORECASE
)
AND_VERB = re.compile(r"\s+(?:and|et)\s+(?=(?:have|has|had|are|were|ont|sont|avaient)\b)")


# "membre fondateur", "founding members": the founding cue with its own noun.
FOUNDING_PHRASE = re.compile(
    r"\b(?:founding|original)\s+members?\b|\bmembres?\s+fondat(?:eur|eurs|rice|rices)\b",
    re.IGNORECASE,
)


def _year(value: str | int | None) -> date | None:
    return date(int(value), 1, 1) if value else None


APPOSED_ROLES = {
    "candidat": "candidate", "candidate": "candidate", "member": "member", "membre": "member",
    "partner": "partner", "partenaire": "partner", "observer": "observer",
    "observateur": "observer",
}  # fmt: skip


def _apposition(clause: str, evidence: str, facts: _Facts) -> str:
    """ "Chypre, candidate à l'UE, ne l'est pas à l'OTAN": the apposed fact, and the rest of
    the clause to read on its own."""
    apposed = APPOSITION.match(clause)
    if apposed is None or not GROUP.fullmatch(apposed.group(3)):
        return clause
    group = _alias(apposed.group(3))
    facts.add(apposed.group(1), group, APPOSED_ROLES[apposed.group(2).lower()], None, evidence)
    return clause[apposed.end() :]


def _companions(rest: str) -> list[str]:
    """ "... a rejoint l'OTAN avec la Hongrie et la République tchèque": the companions."""
    found = COMPANIONS.match(rest)
    region = found.group(1) if found else ""
    if not re.match(r"(?:the\s+|la\s+|le\s+|les\s+|l['’])?[A-ZÀ-Ý]", region):
        return []
    return _names(region)


def _clause_facts(clause: str, evidence: str, default: str, facts: _Facts) -> int:
    """Add the facts one clause states; the number added."""
    clause = _apposition(clause, evidence, facts)
    role = _role(NOT_AN_INVITATION.sub("", clause))
    if role is None or NEGATION.search(clause):
        return 0
    before = len(facts.found)
    group = _group(clause, default)
    if role in ("invited", "candidate"):
        # "... decided to invite A, B and C to join the PfP": the group they are invited to.
        cue = dict(ROLE_CUES)[role].search(clause)
        after = GROUP.findall(re.sub(r"\([^()]*\)", "", clause[cue.end() :])) if cue else []
        group = _alias(after[0]) if after else group
    since, _precision = _since(clause)
    if role == "founding_member" and ROLE_CUES[-1][1].search(FOUNDING_PHRASE.sub("", clause)):
        role = "member"  # "formed with twelve founding members, NATO grew by ..."
    dated = False
    if role not in ("invited", "candidate"):
        # "Greece and Turkey in 1952", "the Republic of Korea (1994), Thailand (2000)"
        for names, year in [*IN_YEAR.findall(clause), *PAREN_YEAR.findall(clause)]:
            for name in _names(names):
                if not GROUP.fullmatch(name) and name != group:
                    facts.add(name, group, role, _year(year), evidence)
                    dated = True
    single = BECOMES.search(clause)
    if single and single.group(1).split()[0].casefold() in PRONOUNS:
        subject = single.group(1).split(None, 1)
        single = None if len(subject) == 1 else single
    listed = [] if dated else _list_after(clause)
    if single and (len(listed) < 2 or not _near_cue(clause, listed[0])):
        listed = [_ARTICLE.sub("", single.group(1))]
        if role not in ("invited", "candidate"):
            since = _first_year(clause[single.end() :]) or since
            listed += [n for n in _companions(clause[single.end() :]) if n not in listed]
    elif listed:
        if not _near_cue(clause, listed[0]):
            return len(facts.found) - before
        role = _role_near(clause, clause.find(listed[0]), role)
    for name in listed:
        if GROUP.fullmatch(name) or name == group:
            continue
        facts.add(
            name, group, role, since if role not in ("invited", "candidate") else None, evidence
        )
    return len(facts.found) - before


def _list_line(line: str) -> list[str]:
    """A line that is only a list of names (a trailing aside in brackets aside)."""
    body = re.sub(r"\s*\([^()]*\)\s*$", "", line).strip(" .")
    names = _names(body)
    parts = body
    for compound in COMPOUND_NAMES:  # "Bosnia and Herzegovina" is one name
        parts = parts.replace(compound, compound.replace(" and ", "\x00"))
    return names if len(names) >= 2 and len(names) == len(_SPLIT.split(parts)) else []


def _heading_role(line: str) -> tuple[bool, str | None]:
    """A short heading line ("Asian Partners for Co-operation") and the role it names."""
    heading = (
        len(line) <= 60
        and "," not in line
        and not line.endswith((*".!?;:", "…"))
        and not BULLET.match(line)
        and line[:1].isupper()
    )
    return heading, (_role(line) if heading else None)


# "Six États membres de l'Union européenne ... : A, B, C, D, E et F": the list is that
# many members of that group, whatever else the sentence says of another group.
DESIGNATED = re.compile(
    r"\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|two|three|four|five|six|seven|eight"
    r"|nine|ten|\d{1,2})\s+(?:(?:États|Etats|pays)\s+)?(membres|member states|members"
    r"|partenaires|partners|partner countries)\s+(?:de\s+l['’]|du\s+|de\s+la\s+|de\s+"
    r"|of\s+(?:the\s+)?)(" + GROUP.pattern + ")",
    re.IGNORECASE,
)


def _designated(sentence: str, evidence: str, facts: _Facts) -> bool:
    designated = DESIGNATED.search(sentence)
    if designated is None or ":" not in sentence[designated.end() :]:
        return False
    group = _alias(designated.group(3))
    denied = NEGATION.search(sentence)
    if denied:
        after = GROUP.search(sentence, denied.end())
        if after is None or _group_key(after.group(0)) == _group_key(group):
            return False  # the denial is about the designated group itself
    names = _names(sentence[designated.end() :].split(":", 1)[1])
    word = designated.group(1).lower()
    if (NUMBERS.get(word) or (int(word) if word.isdigit() else 0)) != len(names):
        return False
    role = "partner" if designated.group(2).lower().startswith("partn") else "member"
    for name in names:
        facts.add(name, group, role, None, evidence)
    return True


def _counted(sentence: str, recent: list[str], default: str, facts: _Facts) -> bool:
    """ "Ces trois pays ont rejoint l'Alliance le 12 mars 1999" after a sentence that named
    three countries: the facts are theirs. Nothing unless the counts agree."""
    counted = COUNTED.match(sentence)
    role = _role(sentence) if counted else None
    if role is None or NEGATION.search(sentence):
        return False
    word = counted.group(1).lower()
    if (NUMBERS.get(word) or (int(word) if word.isdigit() else 0)) != len(recent):
        return False
    since = None if role in ("invited", "candidate") else _first_year(sentence)
    for name in recent:
        facts.add(name, _group(sentence, default), role, since, sentence)
    return True


@dataclass
class _Reading:
    """What the sentences of a page have said so far, for the sentences that refer back."""

    default: str
    facts: _Facts
    previous: list[ParsedMembership] = field(default_factory=list)  # the last facts stated
    recent: list[str] = field(default_factory=list)  # the last sentence that listed names
    last_listed: list[str] = field(default_factory=list)  # the sentence just before
    named: list[str] = field(default_factory=list)  # the paragraph's countries so far

    def sentence(self, sentence: str) -> None:
        """The facts of one prose sentence, read with what came before it."""
        default, facts = self.default, self.facts
        listed = _list_after(sentence)
        subject = SUBJECT_NAME.match(sentence)
        if _all_of_them(sentence, self.named, default, facts):
            return
        self.named += listed if len(listed) >= 2 else _names(subject.group(1)) if subject else []
        if _counted(sentence, self.recent, default, facts) or _designated(
            sentence, sentence, facts
        ):
            return
        self.recent = listed if len(listed) >= 2 else self.recent
        they = THEY_JOINED.match(sentence)
        if they and self.previous and _role(sentence) and not NEGATION.search(sentence):
            # "These nations ... officially joined NATO Mar 29th 2004": dates the facts of
            # the sentence before.
            year = _first_year(sentence[they.end() :])
            for fact in self.previous:
                fact.since = fact.since or year
            return
        before = len(facts.found)
        if _joined_groups(sentence, facts) or _role_lists(sentence, default, facts):
            return
        if not listed and _anaphora(sentence, self.last_listed, default, facts):
            self.last_listed = []
            return
        for part in CONTRAST.split(sentence):
            for clause in split_clauses(part, _roles_in):
                _clause_facts(clause, sentence, default, facts)
        if len(facts.found) > before or _role(sentence):
            self.previous = facts.found[before:]
        self.last_listed = listed if len(listed) >= 2 else []


def memberships_in(text: str, *, as_of: date | None = None) -> list[ParsedMembership]:
    """Membership facts stated in ``text``: prose sentences, "YEAR: A, B" lines, a list
    of names (on one line, or as bullets) under a line that names the role. The acronyms
    the page defines for organisations the reader does not know are kept for the page's
    sentences: "L'UEO ... six membres associés" names no known group."""
    token = PAGE_ACRONYMS.set(unknown_acronyms(text))
    try:
        return _page_memberships(text, as_of)
    finally:
        PAGE_ACRONYMS.reset(token)


def _page_memberships(text: str, as_of: date | None) -> list[ParsedMembership]:
    default = main_group(text)
    facts = _Facts(as_of)
    list_role: str | None = None  # the role of the list being read, if any
    list_group, section_role, section_group = default, None, default
    list_next = bullets = False
    reading = _Reading(default, facts)
    for raw in reflow(lines_of(text)):
        line = clean(raw)
        if not line or is_caption(line) or line.isupper() and len(line) > 40:
            continue
        if bullets:
            if _add_bullet(line, list_group, list_role, facts):
                continue
            bullets = False
        if list_next and list_role:
            list_next = False
            if names := _list_line(line):
                for name in names:
                    facts.add(name, list_group, list_role, None, line)
                continue
            if _add_bullet(line, list_group, list_role, facts):
                bullets = True
                continue
        accession = _ACCESSION_LINE.match(line)
        if accession and list_role:
            for name in _names(accession.group(2)):
                facts.add(name, list_group, list_role, _year(accession.group(1)), line)
            continue
        heading, role = _heading_role(line)
        if heading:
            section_role, section_group = role, _group(line, default)
        if line.endswith(":") and not NEGATION.search(line):
            role = _role(NOT_AN_INVITATION.sub("", line)) or section_role
            if role:
                list_role, list_next = ("member" if role == "founding_member" else role), True
                list_group = _group(line, section_group if not _role(line) else default)
                continue
        reading.named = []  # the countries this paragraph has named so far
        for sentence in sentences(line):
            reading.sentence(sentence)
    return facts.found


def _add_bullet(line: str, group: str, role: str | None, facts: _Facts) -> bool:
    """ "• Japan (1992)" under a list's heading: its fact; False if the line is no bullet."""
    found = bullet_fact(line)
    if found is None:
        return False
    name, year = found
    if _names(name) == [_ARTICLE.sub("", name)]:
        facts.add(_names(name)[0], group, role, _year(year), line)
    return True


def _all_of_them(sentence: str, named: list[str], default: str, facts: _Facts) -> bool:
    """ "Tous ces pays, à l'exception de Chypre, ont rejoint le PPP": every name the
    paragraph gave so far, less the exceptions."""
    if not ALL_ANAPHOR.search(sentence) or not named:
        return False
    # "..., tandis que la Suède et la Finlande ont signé un accord en 2014": another clause.
    clause = next(part for part in CONTRAST.split(sentence) if ALL_ANAPHOR.search(part))
    excepted = {match.group(1) for match in EXCEPTION.finditer(clause)}
    clause = EXCEPTION.sub("", clause)
    role = _role(clause)
    if role is None or NEGATION.search(clause):
        return False
    since = None if role in ("invited", "candidate") else _first_year(clause)
    for name in dict.fromkeys(named):
        if name not in excepted:
            facts.add(name, _group(clause, default), role, since, sentence)
    return True


# "six membres associés (A, B), cinq pays observateurs (C, D) et sept partenaires associés
# (E, F)": each list in brackets has the role named just before it.
ROLE_LIST = re.compile(r"((?:[\w’'-]+\s+){1,3})\(([^()]+)\)")


def _role_lists(sentence: str, default: str, facts: _Facts) -> bool:
    """A sentence of several role-named lists in brackets: each list with its own role."""
    lists = []
    for found in ROLE_LIST.finditer(sentence):
        role, names = _role(found.group(1)), _names(found.group(2))
        if role and role not in ("invited", "candidate") and len(names) >= 2:
            lists.append((role, names))
    if len({role for role, _names in lists}) < 2 or NEGATION.search(sentence):
        return False
    group = _group(sentence, default)
    for role, names in lists:
        for name in names:
            facts.add(name, group, role, None, sentence)
    return True


def _joined_groups(sentence: str, facts: _Facts) -> bool:
    """A sentence whose subject joined several groups, one after the other."""
    subject = SUBJECT_NAME.match(sentence)
    joined = JOINED_GROUPS.search(sentence) if subject else None
    if joined is None or NEGATION.search(sentence) or not _names(subject.group(1)):
        return False
    rest = sentence[joined.start() :]
    groups = [_alias(group) for group in GROUP.findall(rest)]
    if len(groups) < 2 or _roles_in(rest) - {"member"}:
        return False  # "... a member of the EU and a partner of NATO": two roles
    for group in dict.fromkeys(groups):
        facts.add(_names(subject.group(1))[0], group, "member", None, sentence)
    return True


def _anaphora(sentence: str, names: list[str], default: str, facts: _Facts) -> bool:
    """A sentence about "these countries" / "they" / "ces deux États", right after one
    that listed names, states its facts of those names (a count, if given, must agree)."""
    if not names:
        return False
    found = False
    for part in AND_VERB.split(sentence):
        anaphor = ANAPHOR.search(part)
        if anaphor is None:
            continue
        clause = CLAUSE_END.split(part[anaphor.start() :], 1)[0]
        role = _role(clause)
        if role is None or NEGATION.search(clause):
            continue
        word = (anaphor.group(1) or anaphor.group(2) or "").lower()
        count = NUMBERS.get(word) or (int(word) if word.isdigit() else 0)
        if count and count != len(names):
            continue
        since = None if role in ("invited", "candidate") else _first_year(clause)
        for name in names:
            facts.add(name, _group(clause, default), role, since, sentence)
        found = True
    return found
