"""Structural extraction of names from prose: enumerations, acronyms, bodies, events."""

from __future__ import annotations

import re

from .dates import FoundDate, find_dates

_ARTICLE = re.compile(r"^(?:(?:the|la|le|les)\s+|l['’]\s*)", re.IGNORECASE)
_SEPARATORS = re.compile(
    r"\s*(?:,\s*(?:and|et|ainsi que|as well as)\s+|,|\s+and\s+|\s+et\s+|\s+ainsi que\s+"
    r"|\s+as well as\s+)\s*"
)
_CONNECTORS = {
    "for", "of", "the", "across", "and", "de", "du", "des", "la", "le", "pour", "et",
    "à", "d'", "l'",
}  # fmt: skip
FRAMEWORK_WORDS = re.compile(
    r"partnership|partners|dialogue|initiative|cooperation|opportunities|programme|program"
    r"|partenariat|partenaires|coopération|capacit",
    re.IGNORECASE,
)


def strip_article(name: str) -> str:
    return _ARTICLE.sub("", name.strip(' “”"«»')).strip()


def _as_list(region: str) -> list[str] | None:
    items = [strip_article(p) for p in _SEPARATORS.split(region.strip(" .;:")) if p.strip()]
    if len(items) < 2:
        return None
    for item in items:
        if not item or not item[0].isupper() or len(item.split()) > 6:
            return None
    return items


def enumerations(text: str) -> list[tuple[int, list[str]]]:
    """Lists of proper names: "(A, B and C)", ": A, B, and C.", "A, B, C et D".

    Returns (offset, names) pairs; names keep their spelling, without leading articles.
    """
    found: list[tuple[int, list[str]]] = []
    for match in re.finditer(r"\(([^()]+)\)((?:\s+(?:and|et)\s+[A-ZÀ-Ý][\w’'-]+)*)", text):
        items = _as_list(match.group(1))
        if items:
            tail = re.findall(r"(?:and|et)\s+([A-ZÀ-Ý][\w’'-]+)", match.group(2))
            found.append((match.start(), items + tail))
    for match in re.finditer(r":\s*([^:.;()]+?)(?:\.(?:\s|$)|;|$)", text):
        items = _as_list(match.group(1))
        if items:
            found.append((match.start(), items))
    return sorted(found)


def acronym_names(text: str) -> list[tuple[int, str, str]]:
    """Names followed by an acronym in brackets, e.g. "The Partnership for Peace (PFP)".

    Returns (offset, name, acronym).
    """
    found = []
    for match in re.finditer(r"\(([A-Z][A-Za-z]{1,7})\)", text):
        acronym = match.group(1)
        before = text[: match.start()].rstrip(' “”"')
        words = re.findall(r"[\w’'+-]+|[^\w\s]", before)
        name: list[str] = []
        for word in reversed(words):
            if word[0].isupper() or (name and word.lower() in _CONNECTORS):
                name.insert(0, word)
            else:
                break
        while name and name[0].lower() in _CONNECTORS:
            name.pop(0)
        if len(name) >= 2 and sum(w[0].isupper() for w in name) >= 2:
            found.append((match.start(), " ".join(name), acronym))
            continue
        # French style: "l'initiative de renforcement des capacités ... (DCB)"
        head = re.search(
            r"\b(initiative|programme|partenariat|dialogue)\b([^().;:]{0,160}?)\s*$",
            before,
            re.IGNORECASE,
        )
        if head:
            found.append((match.start(), (head.group(1) + head.group(2)).capitalize(), acronym))
    return found


def framework_names(text: str) -> list[tuple[int, str, str, str]]:
    """The acronym names (see ``acronym_names``) that name a framework or an initiative,
    e.g. "Partnership for Peace (PfP)". Returns (offset, name, acronym, kind)."""
    return [
        (offset, name, acronym, "initiative" if "initiative" in name.lower() else "framework")
        for offset, name, acronym in acronym_names(text)
        if FRAMEWORK_WORDS.search(name)
    ]


def bodies(text: str) -> list[tuple[int, str, list[str], str]]:
    """Joint bodies named after their sides: "NATO-Ukraine Commission", "Conseil OTAN-Russie".

    Returns (offset, name, sides, kind) with kind "commission" or "council".
    """
    side = r"[A-ZÀ-Ý][\w’']*"
    pair = rf"{side}(?:[-–]{side})+"
    found = []
    pattern = (
        rf"\b(?:(?P<a>{pair})\s+(?P<k1>Commission|Council)"
        rf"|(?P<k2>Commission|Conseil)\s+(?P<b>{pair}))\b"
    )
    for match in re.finditer(pattern, text):
        sides_text = match.group("a") or match.group("b")
        word = (match.group("k1") or match.group("k2")).lower()
        kind = "commission" if word == "commission" else "council"
        found.append((match.start(), match.group(0), re.split(r"[-–]", sides_text), kind))
    return found


EVENT = re.compile(
    r"\b(sign(?:ed|ature|ée?s?)|créée?s?|création|creat(?:ed|ion)|establish(?:ed|ment)|"
    r"établie?s?|institu(?:ée?s?|tionnalisée?s?)|lancée?s?|launch(?:ed)?|adopt(?:ed|ée?s?))\b",
    re.IGNORECASE,
)
_NOMINAL = re.compile(
    r"\b((?:création|creation|signature|signing|establishment|lancement|launch)\s+"
    r"(?:du|de la|de l['’]|des|of the|of)\s*[^,;.]+)",
    re.IGNORECASE,
)


def events(sentence: str) -> list[tuple[FoundDate, str]]:
    """Dated events stated by a sentence: (date, short title in the sentence's words)."""
    if not EVENT.search(sentence):
        return []
    results = []
    for found in find_dates(sentence):
        nominal = _NOMINAL.search(sentence, found.end)
        if nominal and nominal.start() - found.end < 12:
            title = nominal.group(1)
        else:
            cut = [
                (sentence.rfind(s, 0, found.start), len(s)) for s in (";", ". ", " : ", "(", ", ")
            ]
            start, width = max(cut)
            title = sentence[start + width : found.end] if start >= 0 else sentence[: found.end]
        title = title.strip(" ,;:(").strip()
        results.append((found, title[:1].upper() + title[1:]))
    return results
