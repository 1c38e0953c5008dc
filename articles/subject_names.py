"""Subjects whose names the publishers' pages give in one language only: their name in
both, as data. The importer files a page's subject under the known subject whatever the
language it is named in (so "Alliances militaires" and "Military Alliances" are one
subject), and fills whichever name is blank; migration ``0007_known_subject_names`` does
the same for subjects imported before. An editor's name is never overwritten.

Add a row when a new page layout brings a new subject: (slug, English, French).
"""

import unicodedata

KNOWN_SUBJECTS = [
    ("military-alliances", "Military Alliances", "Alliances militaires"),
    ("defence", "Defence", "Défense"),
    ("security", "Security", "Sécurité"),
    ("nuclear-deterrence", "Nuclear Deterrence", "Dissuasion nucléaire"),
    ("arms-control", "Arms Control", "Maîtrise des armements"),
    ("defence-industry", "Defence Industry", "Industrie de défense"),
    ("european-defence", "European Defence", "Défense européenne"),
    ("international-relations", "International Relations", "Relations internationales"),
]


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name or "")
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(folded.casefold().split())


_BY_NAME = {
    _key(name): (slug, english, french)
    for slug, english, french in KNOWN_SUBJECTS
    for name in (english, french)
}


def known_subject(name: str) -> tuple[str, str, str] | None:
    """(slug, English name, French name) of the known subject named ``name`` in either
    language, accents and case ignored; None for any other name."""
    return _BY_NAME.get(_key(name))


def fill_names(topic) -> list[str]:
    """Fill ``topic``'s blank name fields from the table (matched by slug or either
    name); returns the fields changed (none when unknown or already filled)."""
    known = next((row for row in KNOWN_SUBJECTS if row[0] == topic.slug), None)
    known = known or known_subject(topic.name) or known_subject(topic.name_fr)
    if known is None:
        return []
    _slug, english, french = known
    changed = []
    if not topic.name_fr:
        topic.name_fr = french
        changed.append("name_fr")
    # A French page's import wrote the French name in the English field too.
    if (not topic.name or topic.name == topic.name_fr == french) and english != french:
        topic.name = english
        changed.append("name")
    return changed
