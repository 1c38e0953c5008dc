"""Membership facts: the vocabulary of one sentence (``memberships`` reads whole pages).

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
from contextvars import ContextVar
from datetime import date

_YEAR = r"(?:1[89]|20)\d{2}"
ROLE_CUES: list[tuple[str, re.Pattern]] = [
    ("invited", re.compile(r"\binvit(?:e|ed|es|ation|és?|ée?s?|er|ent)\b", re.I)),
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
            r"|\baccession\b|\badhésion\b|\badh[ée]r[ée]\b|\bgrew by including\b"
            # "an alliance ... consisting of six post-Soviet states: A, B, ..."
            r"|\b(?:consisting of|comprising|composed of|made up of|composée? de|regroupant)"
            r"\s+(?:[\w-]+\s+){0,3}(?:states|countries|nations|members|États|Etats|pays)\s*:"
            # "ces deux Etats étaient déjà partie au Partenariat pour la Paix"
            r"|\b(?:est|sont|était|étaient|sera|seront)\s+(?:déjà\s+)?partie\s+(?:au|à la|aux)\b",
            re.I,
        ),
    ),
]
NEGATION = re.compile(
    r"\bnot (?:a )?members?\b|\bnon[- ]members?\b|\bne sont pas\b|\bn'est pas\b|\bn’est pas\b"
    r"|\bnon[- ]membres?\b|\bexception\b|\bexcept\b|\babstain|\babstenu|\bwithdr[ea]w|\bretir"
    r"|\bleft\b|\bquitt|\bconsult(?:ed|és?)\b|\bsome (?:of its )?activities\b"
    r"|\bcertaines activités\b|\bwould\b|\bcould\b|\bmay join\b|\bpourrait\b|\bapply\b"
    r"|\bapplied\b|\bapplying\b|\bbid\b|\bsought\b|\bhosted\b|\baccueilli(?!r)"
    r"|\bdid not\b|\bn['’]a pas\b|\bnot accept|\bpeu probable\b|\bunlikely\b"
    r"|\bwish(?:es)?\b|\bwants?\b|\bwillingness\b|\breadiness\b|\brequests?\b"
    r"|\bintention\b|\bdesire\b|\baspir|\bhopes?\b|\bkeen\b|\bsouhait|\bveut\b"
    r"|\bvolonté\b|\bdemande\b|\bshould\b|\bdevrait\b|\bdecision to join\b|\bdécision de"
    r"|\bnotif(?:y|ied|ies|ication)\b|\bsuspen(?:d|ded|sion|du|due|dus)\b|\bon hold\b"
    r"|\bformer members?\b|\bex-members?\b|\banciens? membres?\b|\banciennement\b",
    re.I,
)
GROUP = re.compile(
    r"(?<![\w-])(NATO|OTAN|PESCO|CSP|OSCE|OSCE|EU|UE|PfP|PPP|EAPC|CPEA|ICI|AUKUS|EDA|AED"
    r"|Partnership for [Pp]eace|[Pp]artenariat pour la [Pp]aix|Mediterranean Dialogue"
    r"|Dialogue méditerranéen|Istanbul Cooperation Initiative"
    r"|Initiative de coopération d['’]Istanbul|Euro-Atlantic Partnership Council"
    r"|Conseil de partenariat euro-atlantique|Permanent Structured Cooperation"
    r"|Coopération structurée permanente|Organi[sz]ation for Security and Co-?operation in Europe"
    r"|CSTO|OTSC|Collective Security Treaty Organi[sz]ation"
    r"|Organisation du [Tt]raité de sécurité collective"
    r"|Commonwealth of Independent States|Communauté des [ÉE]tats indépendants"
    r"|WEU|UEO|Western European Union|Union de l['’]Europe [Oo]ccidentale"
    r"|(?<![A-Z][a-z] )(?<![A-Z][a-z]{2} )"
    r"(?<![A-Z][a-z]{3} )(?<![A-Z][a-z]{4} )(?<![A-Z][a-z]{5} )(?<![A-Z][a-z]{6} )"
    r"European Union|Union européenne|the Alliance|l['’]Alliance"
    r"|Alliance atlantique|North Atlantic Treaty Organi[sz]ation"
    r"|Organisation du [Tt]raité de l['’]Atlantique [Nn]ord)(?![\w-])"
)
ALIASES = {
    "the Alliance": "NATO",
    "l'Alliance": "NATO",
    "l’Alliance": "NATO",
    "Alliance atlantique": "NATO",
    "North Atlantic Treaty Organisation": "NATO",
    "North Atlantic Treaty Organization": "NATO",
    "European Union": "EU",
    "Permanent Structured Cooperation": "PESCO",
    "Organisation for Security and Cooperation in Europe": "OSCE",
    "Organization for Security and Co-operation in Europe": "OSCE",
    "Organisation for Security and Co-operation in Europe": "OSCE",
    "Organization for Security and Cooperation in Europe": "OSCE",
    "OTSC": "CSTO",
    "Collective Security Treaty Organization": "CSTO",
    "Collective Security Treaty Organisation": "CSTO",
    "Organisation du Traité de sécurité collective": "CSTO",
    "Organisation du traité de sécurité collective": "CSTO",
    "UEO": "WEU",
    "Western European Union": "WEU",
    "Union de l'Europe occidentale": "WEU",
    "Union de l’Europe occidentale": "WEU",
    "Union de l'Europe Occidentale": "WEU",
    "Union de l’Europe Occidentale": "WEU",
    "Commonwealth of Independent States": "CIS",
    "Communauté des États indépendants": "CIS",
    "Communauté des Etats indépendants": "CIS",
}


def _alias(name: str) -> str:
    """The short name of a group as written ("the Alliance" -> "NATO")."""
    if name.startswith("Organisation du") and "Atlantique" in name:
        return "NATO"  # "Organisation du traité de l'Atlantique Nord", however capitalised
    return ALIASES.get(name, name)


_ARTICLE = re.compile(r"^(?:(?:the|la|le|les|and|et|ainsi que)\s+|l['’]\s*|d['’]\s*)+", re.I)
_SPLIT = re.compile(r"\s*(?:;|,\s*(?:and|et|ainsi que)\s+|,|\s+and\s+|\s+et\s+|\s+ainsi que\s+)\s*")
_NAME = re.compile(
    r"^[A-ZÀ-Ý][\w’'.-]*(?:\s+(?:of|de|du|des|and|la|le|the)?\s*[A-ZÀ-Ý][\w’'.-]*){0,4}"
    # "République tchèque", "Arabie saoudite": French names with a lower-case adjective
    r"(?:\s+(?:tchèque|saoudite|dominicaine|centrafricaine|arabes unis|populaire de Chine))?$"
)
_REJOIN = re.compile(r"rejoin|rejoint|command|withdr|retir", re.I)
BECOMES = re.compile(
    r"\b([A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+){0,2})\s+(?:therefore\s+|officially\s+"
    r"|formally\s+|donc\s+|officiellement\s+)?(?:(?:becomes|became|devient|est devenue?"
    r"|has been|have been|is|was|est|a été)\s+(?:(?:the|a|an|le|la|un|une)\s+)?(?:\w+\s+){0,4}"
    r"(?i:member|membre|partner|partenaire|observer|observateur|participating state)\b"
    r"|joined\s+as\s+(?:an?\s+)?(?:\w+\s+){0,2}(?i:member|partner|observer)\b"
    r"|joined\s+(?:the\s+)?"
    r"(?=[A-Z])|a rejoint\s+(?:l['’]|le |la )?(?=[A-ZÀ-Ý])"
    r"|a adhéré à\s+(?:l['’]|la |au )?(?=[A-ZÀ-Ý]))"
)
PRONOUNS = {
    "these",
    "they",
    "it",
    "this",
    "which",
    "who",
    "il",
    "elle",
    "ils",
    "elles",
    "ces",
    "cette",
    "ce",
    "qui",
    "the",
    "both",
    "all",
    "tous",
    "toutes",
    "les",
    "la",
    "le",
}
# "Greece and Turkey in 1952", "West Germany in 1955", "Finland in 2023"
_NAMED = r"[A-ZÀ-Ý][\w’'-]+(?:\s+(?:(?:of|de|du|des)\s+)?[A-ZÀ-Ý][\w’'-]+){0,2}"
IN_YEAR = re.compile(
    rf"((?:the\s+)?{_NAMED}(?:,\s+(?:the\s+)?{_NAMED})*(?:,?\s+(?:and|et)\s+(?:the\s+)?{_NAMED})?)"
    rf"\s+(?:joining\s+|joined\s+|en\s+|in\s+)+({_YEAR})\b"
)


ROLE_WORDS = {
    "state", "states", "member", "members", "partner", "partners", "observer", "observers",
    "country", "countries", "nation", "nations", "état", "états", "pays", "membre", "membres",
    "etat", "etats",
}  # fmt: skip
DISCOURSE = {
    "meanwhile", "however", "moreover", "also", "then", "today", "furthermore", "thus",
    "hence", "finally", "together", "cependant", "ainsi", "enfin", "puis", "depuis",
    "désormais", "aujourd'hui", "both", "all", "tous", "ces", "these",
}  # fmt: skip


def _not_a_name(part: str) -> bool:
    """Discourse words, demonyms, possessives, documents and institutions' words
    ("Meanwhile", "Finnish", "Finland’s", "Helsinki Final Act") are not members."""
    if part.casefold() in DISCOURSE | ROLE_WORDS or _POSSESSIVE.search(part) or len(part) < 3:
        return True
    words = part.split()
    if words[0].casefold() in LEADING_NOT_NAME or NOT_MEMBER_WORDS.search(part):
        return True
    return " " not in part and part.casefold().endswith(("ish", "ese", "ian", "ean"))


COMPOUND_NAMES = (
    "Bosnia and Herzegovina", "Trinidad and Tobago", "Antigua and Barbuda",
    "Saint Kitts and Nevis", "Saint Vincent and the Grenadines", "Sao Tome and Principe",
    "São Tomé and Príncipe", "Heard Island and McDonald Islands", "Turks and Caicos Islands",
)  # fmt: skip
FR_ADJECTIVE = r"(?:\s+(?:tchèque|saoudite|dominicaine|centrafricaine|arabes unis))?"
_HEAD = re.compile(
    r"^(?:(?:the|la|le|les)\s+|l['’])?[A-ZÀ-Ý][\w’'.\x00-]*"
    r"(?:\s+(?:of|de|du|des|la|le|the)?\s*[A-ZÀ-Ý][\w’'.\x00-]*){0,4}" + FR_ADJECTIVE
)


LEADING_NOT_NAME = {
    "from", "to", "with", "de", "du", "vers", "avec", "by", "par", "i", "we", "à", "au", "aux",
    "en", "in", "at", "on", "sur", "dans", "pour", "for",
}  # fmt: skip
NOT_MEMBER_WORDS = re.compile(
    r"\b(?:Act|Charter|Treaty|Declaration|Agreement|Summit|Conference|Cooperation|Co-operation"
    r"|Partners?|Ministers?|Ministry|Meeting|Council|Chairperson|Chairmanship|Secretary"
    r"|Traité|Accord|Sommet|Conférence|Coopération|Ministre|Conseil|Charte|Century|Siècle"
    r"|Strategy|Stratégie|Decision|Décision|House|Institute|Institut|Dr|Mr|Mrs|Ms|Prof|Sir"
    r"|Dialogue|Principles?|Principes?|Commitments?|Norms?|Normes?|Engagements?)\b"
)
# Programmes, processes, mechanisms and tools are what partners take part in, never a
# partner: "the Individually Tailored Partnership Programmes, the Planning and Review
# Process and the Operational Capabilities Concept". A list holding one is such a list.
PROGRAMME_WORDS = re.compile(
    r"\b(?:Programmes?|Programs?|Programmation|Process|Processus|Mechanisms?|Mécanismes?"
    r"|Concepts?|Frameworks?|Plans?|Planning|Review|Tools?|Outils?|Capabilit(?:y|ies)"
    r"|Capacités?|Packages?|Funds?|Fonds|Exercises?|Exercices?|Trust Fund|Action|Roadmap"
    r"|Feuille de route|Policy|Politique|Platform|Plateforme|Format|Forum)\b"
)
_POSSESSIVE = re.compile(r"[’']s\b")
_BRACKET = re.compile(r"\(([^()]*)\)")
_ASIDES = re.compile(r"\s*\([^()]*\)|[¹²³⁴⁵⁶⁷⁸⁹⁰*]+|\[\d+\]")
_LOWER_HEAD = re.compile(r"^(?:[a-zà-ÿ’'-]+\s+)+(?=[A-ZÀ-Ý])")


def _names(region: str) -> list[str]:
    """Proper names listed in ``region``: "Greece, Turkey", "Poland, Hungary, and the Czech
    Republic"; a name with a parenthesis about re-joining a command is not listed."""
    names = []
    if " and " in region:
        for compound in COMPOUND_NAMES:  # "Bosnia and Herzegovina" is one name
            region = region.replace(compound, compound.replace(" and ", "\x00"))
    parts = _SPLIT.split(region.strip(" .:;"))
    if parts:
        # The list's last name ends where the sentence goes on: "Ukraine remain candidates".
        tail = parts[-1].strip()
        head = _HEAD.match(tail)
        if head and head.group(0) != tail:
            word = re.match(r"\s*([\w’'-]+)", tail[head.end() :])
            following = word.group(1) if word else ""
            # "the Arctic, Baltic Sea, and Nordic regions": names used as adjectives.
            if following.endswith("s") and following.islower() and len(following) > 3:
                return []
            parts[-1] = head.group(0)
    if any(PROGRAMME_WORDS.search(part) for part in parts):
        return []
    for part in (p.replace("\x00", " and ") for p in parts):
        bracket = _BRACKET.search(part) if "(" in part else None
        if bracket and _REJOIN.search(bracket.group(1)):
            continue
        part = _ASIDES.sub("", part)
        part = _ARTICLE.sub("", part).strip(" .:;’'\"«»“”")
        part = _ARTICLE.sub("", _LOWER_HEAD.sub("", part))
        if part and _NAME.match(part) and not GROUP.fullmatch(part) and not _not_a_name(part):
            names.append(part)
    return names


def _list_after(sentence: str) -> list[str]:
    """The longest run of listed names in the sentence (after a colon if there is one)."""
    if ":" in sentence and re.search(r"(?:are|sont|:)\s*$", sentence.split(":", 1)[0] + ":"):
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


JOIN_VERB = re.compile(r"^(?:join|rejoin|adh)", re.IGNORECASE)


def _role(sentence: str) -> str | None:
    for role, cue in ROLE_CUES:
        match = cue.search(sentence)
        if match is None:
            continue
        if role == "member" and JOIN_VERB.match(match.group(0)):
            # "join" states a membership only with a group after it: "joined NATO",
            # not "Ivo Daalder and Doug Lute join Andrea Kendall-Taylor".
            after = sentence[match.end() : match.end() + 60]
            # The group must end the object: "joined NATO in 1999", not "joined the EU
            # cooperation on security" (a policy of the EU, not the EU).
            ends_object = re.match(
                r"\s*(?:officially\s+|formally\s+|officiellement\s+|formellement\s+)?"
                rf"(?:the\s+|l['’]\s?|le\s+|la\s+)?(?:programme\s+(?:du|de|of the)\s+)?"
                rf"(?:{GROUP.pattern})\s*(?:[,.;(:]|$|in\b|on\b"
                r"|en\b|le\b|amid\b|after\b|since\b|depuis\b|avec\b|with\b|along\b"
                r"|together\b|alongside\b|[A-Z][a-z]{2} \d)"
                # "since they joined the alliance in 2004"
                r"|\s*the alliance\s+in\s+\d{4}",
                after,
            )
            if not ends_object and not re.search(r"^\s*(?:in|en)\s+\d{4}", after):
                return None
        return role
    return None


# An organisation the reader does not know stops a fact: "associate members" in a sentence
# about the "Union de l'Europe occidentale (UEO)" are not NATO's, even if NATO is named too.
# Better no fact than a false one. Such an organisation is an acronym the page defines in
# parentheses (and its later bare uses), or a capitalised name built on an organisation's
# head word ("Western European Union", "Union de l'Europe occidentale", "Warsaw Pact").
_ORG_HEAD = (
    r"(?:Union|Organi[sz]ation|Pact|Pacte|Community|Communauté|Association|League|Ligue"
    r"|Agency|Agence|Bloc|Commonwealth|Cooperation Council|Conseil de coopération)"
)
_CAP = r"[A-ZÀ-Ý][\w’'-]+"
_OF = r"(?:de|du|des|d['’]|of|for|pour)"
UNKNOWN_ORG_NAME = re.compile(
    rf"(?<![\w-])(?:{_CAP} +){{1,3}}{_ORG_HEAD}(?![\w-])"
    # "Union de l'Europe occidentale", "Organisation de coopération de Shanghai"
    rf"|(?<![\w-]){_ORG_HEAD} +{_OF} *(?:l['’] ?|la +|le +|the +)?[\w’'-]+"
    rf"(?: +(?:{_OF} *(?:l['’] ?|la +|le +|the +)?)?(?:{_CAP}|[a-zà-ÿ]{{4,}})){{0,2}}"
)
DEFINED_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
# Acronyms that name countries, not organisations ("(UK)", "(USA)", "(RFA)").
COUNTRY_ACRONYMS = {"US", "USA", "UK", "UAE", "EAU", "RFA", "FRG", "GDR", "RDA", "DRC", "RDC"}
PAGE_ACRONYMS: ContextVar[frozenset[str]] = ContextVar("page_acronyms", default=frozenset())


def _known_acronym(acronym: str) -> bool:
    return bool(GROUP.fullmatch(acronym)) or acronym in COUNTRY_ACRONYMS


def unknown_acronyms(text: str) -> frozenset[str]:
    """The acronyms a page defines for an organisation the reader does not know, right
    after its name: "Union de l'Europe occidentale (UEO)" (not a treaty's "(CST)", nor a
    known group's other spelling "ОДКБ (ODKB)")."""
    found = set()
    for defined in DEFINED_ACRONYM.finditer(text):
        before = text[max(0, defined.start() - 80) : defined.start()].rstrip()
        names = [m for m in _unknown_names(before) if m.end() == len(before)]
        if names and not _known_acronym(defined.group(1)):
            found.add(defined.group(1))
    return frozenset(found)


def _unknown_names(text: str) -> list[re.Match]:
    """Organisation names in ``text`` that are no known group, nor part of one."""
    known = [m.span() for m in GROUP.finditer(text)]
    return [
        m
        for m in UNKNOWN_ORG_NAME.finditer(text)
        if not any(start < m.end() and m.start() < end for start, end in known)
    ]


def unknown_orgs(sentence: str) -> list[tuple[int, str]]:
    """Where the sentence names an organisation the reader does not know (position, name):
    a name, an acronym in parentheses, an acronym the page defined for such a name."""
    found = [(m.start(), m.group(0)) for m in _unknown_names(sentence)]
    found += [
        (m.start(), m.group(1))
        for m in DEFINED_ACRONYM.finditer(sentence)
        if not _known_acronym(m.group(1))
    ]
    for acronym in PAGE_ACRONYMS.get():
        pattern = rf"(?<![\w(-]){acronym}(?![\w)-])"
        found += [(m.start(), acronym) for m in re.finditer(pattern, sentence)]
    return sorted(found)


def _group(sentence: str, default: str) -> str:
    """The group a sentence is about: the first one it names, else the page's. None ("")
    if it names an organisation the reader does not know: that one may be the group."""
    if unknown_orgs(sentence):
        return ""
    # "(EU CSDP, NATO, UN, etc.)" is an aside, not the group the sentence is about.
    found = GROUP.findall(re.sub(r"\([^()]*\)", "", sentence))
    if not found:
        return default
    return _alias(found[0])


def main_group(text: str) -> str:
    """The organisation a page is about: the group it names most often; none if an
    organisation the reader does not know is named more often (a page about the WEU that
    names NATO twice is not about NATO)."""
    counts = Counter(_alias(g) for g in GROUP.findall(text))
    if not counts:
        return ""
    group, count = counts.most_common(1)[0]
    unknown = Counter(name for _at, name in unknown_orgs(text))
    if unknown and unknown.most_common(1)[0][1] >= count:
        return ""
    return group


def _near_cue(sentence: str, first_name: str) -> bool:
    """A listed name must sit in the clause of the role cue (within 80 characters)."""
    where = sentence.find(first_name)
    if where > 0 and ":" in sentence[max(0, where - 4) : where]:
        return True  # "... are: A, B and C" — the colon introduces the clause's list
    for _role_name, cue in ROLE_CUES:
        for match in cue.finditer(sentence):
            if where < 0 or abs(match.start() - where) <= 80:
                return True
    return False


def _first_year(text: str) -> date | None:
    found = re.search(rf"(?<![\d.,/-])({_YEAR})(?![\d/-])", text)
    return date(int(found.group(1)), 1, 1) if found else None


def _since(sentence: str) -> tuple[date | None, str]:
    found = re.findall(
        rf"\b(?:in|en|depuis|since|joined in|on)\s+(?:\d{{1,2}}\s+\w+\s+)?({_YEAR})\b",
        sentence,
        re.I,
    )
    if found:
        return date(int(found[0]), 1, 1), "year"
    return None, "year"
