"""What a line of a scraped page is, by its shape: a label, a date, an author, a teaser...

Shared by the generic listing reader and the single-article fallback. The vocabularies
are the field labels and type labels that publishing systems print (Drupal's "Accroche",
WordPress's "Read more", a think tank's "Issue Brief"), in French and English, not the
words of any one page.
"""

from __future__ import annotations

import re

from .dates import DateLine, date_line
from .text import clean, fold

LABELS = frozenset(
    fold(label)
    for label in (
        "Date de publication", "Publication date", "Date", "Accroche", "Image principale",
        "Image principale médiatique", "Image", "Nom", "Logo", "Description", "Sujets liés",
        "Related subjects", "Image Taxonomie", "Tout voir", "See all", "View all",
        "Publications", "Presse", "Press", "Regarder et écouter", "Watch and listen",
        "Suggestions", "Recherches fréquentes", "Read more", "Read More »", "Lire la suite",
        "Lire plus", "Learn more", "En savoir plus", "Read full article »", "Read Full Article",
        "Related articles", "Related Articles", "Features", "Download PDF", "Télécharger",
        "Share", "Partager", "Continue reading", "Voir plus", "See more", "More", "Load more",
        "Subscribe", "S'abonner", "Nom du journal, revue ou émission", "Featured events",
        "Issue spotlight", "You are here", "Haut de page", "Top of page", "Menu", "Search",
        "Rechercher", "Home", "Accueil", "Auteurs", "Authors", "Author", "Auteur", "Experts",
        "Topics", "Thèmes", "Régions", "Regions", "Tags", "Mots-clés", "Filtrer", "Filter",
        "Filters", "Sort by", "Trier par", "Next", "Suivant", "Previous", "Précédent",
        "Page suivante", "Next page", "Back to top", "Print", "Imprimer", "Email", "Facebook",
        "Twitter", "LinkedIn", "X", "Newsletter", "Contact", "Podcasts", "Videos", "Vidéos",
        "Events", "Événements", "Related Content", "Contenus associés", "Latest", "À la une",
        "Most read", "Les plus lus", "Lire aussi", "Read also", "See also", "Voir aussi",
        "Sommaire", "Summary", "Résumé", "Abstract", "Key takeaways", "Executive Summary",
        "Page created by", "CONTINUE READING", "Print this page", "Copy link",
        "Who we are", "Qui sommes-nous", "About us", "À propos", "Transcription", "Transcript",
        "Featured", "Featured Analysis", "Most Recent", "Most Recent Analysis", "Latest Analysis",
        "À lire aussi", "Related",
    )
)  # fmt: skip

# Type labels that name an item's kind.
TYPES = {
    "analysis": (
        "Issue Brief", "Policy Brief", "Brief", "Report", "Rapport", "Study", "Étude",
        "Etudes", "Études de l'Ifri", "Analysis", "Analyse", "Commentary", "Commentaire",
        "Note", "Notes de l'Ifri", "Note de recherche", "Paper", "Working Paper",
        "Research", "In-Depth Research & Reports", "New Atlanticist", "Fast Thinking", "Op-Ed",
        "Tribune", "Éditorial", "Editorial", "Article", "Briefing", "CSBA Brief", "CSBA Study",
        "Focus stratégique", "Briefings de l'Ifri", "Policy Paper", "Recherches & Documents",
        "Critical Questions", "Dispatch", "Publication", "Chapitre d'ouvrage", "Book",
        "Ouvrage", "Livre", "Editoriaux de l'Ifri", "Lettre du Centre Asie", "Expert Brief",
        "Explainer", "Essay", "Long Read", "Opinion", "Perspective", "Report Summary",
    ),
    "news": (
        "Press Release", "Press Releases", "Communiqué", "Communiqué de presse",
        "Communiqués de presse", "News", "Actualité", "Actualités", "Statement",
        "News Release", "Déclaration", "Event", "Événement", "Webinar", "Conférence",
    ),
    "interview": ("Interview", "Entretien", "Podcast", "Video", "Vidéo", "Audio", "Q&A"),
    "media_mention": ("In the News", "Dans les médias", "Media", "Médias", "Press mention"),
    "blog_post": ("Blog", "Blog Post", "Billet", "Carnet"),
}  # fmt: skip
KIND_OF_TYPE = {fold(label): kind for kind, labels in TYPES.items() for label in labels}

CAPTION = re.compile(
    r"^(?:photo|image|crédits?|credits?|source|©|\(cr[ée]dit|\(photo|illustration|legende"
    r"|légende|caption|photographer|photographe)\b\s*[:/]?"
    r"|\.(?:jpe?g|png|gif|webp|svg)$|\blogo\b|[-–—]\s*(?:source|crédit|credit|photo)\s*:",
    re.IGNORECASE,
)
CREDIT_TAIL = re.compile(
    r"\((?:cr[ée]dit|credit|photo|source)\s*:[^()]*\)\s*$"
    r"|\s(?:cr[ée]dit|credit|photo)\s*:\s*[\w .&/-]{1,40}$",  # "... en 1999 Crédit : Getty"
    re.IGNORECASE,
)
TOTAL = re.compile(
    r"^\d[\d\s.,]*\s+(?:publications?|results?|résultats?|articles?|items?|documents?|"
    r"éléments?|entries|posts?|contenus?)\b",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^(?:(?:report|commentary|analysis|brief|study|article|op-ed|essay|paper|interview|rapport"
    r"|analyse|note|tribune|entretien)\s+)?"
    r"(?:by|par|written by|authors?|auteurs?|écrit par|rédigé par)\s*:?\s+(.+)$",
    re.IGNORECASE,
)
FOOTNOTE = re.compile(r"[*†‡¹²³⁴⁵⁶⁷⁸⁹]+$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_FIRST = r"(?:[A-ZÀ-Ý][a-zà-ÿ]+(?:[-'’][A-ZÀ-Ý]?[a-zà-ÿ]+)*|[A-Z]\.(?:\s?[A-Z]\.)*)"
_LAST = (
    r"(?:(?:de|van|von|der|du|da|di|le|la|d['’])\s+)?[A-ZÀ-Ý]{2,}(?:[-'’][A-ZÀ-Ý]{2,})*"
    r"(?:\s+[A-ZÀ-Ý]{2,}(?:[-'’][A-ZÀ-Ý]{2,})*)*"
)
CAPS_NAME = re.compile(rf"{_FIRST}(?:\s+{_FIRST})*\s+{_LAST}(?![a-zà-ÿ])")
_CAPS_LINE = re.compile(rf"(?:{CAPS_NAME.pattern}(?:\s*,|\s+(?:and|et|&))?\s*)+")
_PARTICLES = {"van", "von", "de", "der", "du", "da", "di", "le", "la", "bin", "al", "el", "den"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."}
_NAME_SPLIT = re.compile(r"\s*(?:,\s*(?:and|et|&)\s+|,|\s+and\s+|\s+et\s+|\s*&\s*)\s*")
GROUP_AUTHOR = re.compile(
    r"^the\s|\b(center|centre|council|task force|institute|institut|team|staff|editors"
    r"|group|groupe|programme|program|initiative|rédaction|committee|comité)\b",
    re.IGNORECASE,
)
OUTLET_LABELS = {fold("Nom du journal, revue ou émission"), fold("Media outlet"), fold("Outlet")}
TERMINAL = (".", "!", "…", "»", '"', "”", "]")


def kind_of(line: str) -> str | None:
    """The kind named by a type label line ("Issue Brief" -> "analysis"), else None."""
    if len(line) > 60:
        return None
    return KIND_OF_TYPE.get(fold(line).strip(" :|"))


CALL_TO_ACTION = re.compile(
    r"^(?:subscribe|sign up|abonnez-vous|inscrivez-vous|follow us|suivez-nous|share this"
    r"|partagez|donate|faire un don|support us|soutenez)\b",
    re.IGNORECASE,
)


# "1 min read", "4 minute read", "5 min de lecture": a reading time, not a title.
READING_TIME = re.compile(
    r"^\d{1,3}\s*(?:min(?:ute)?s?|mn)\.?\s*(?:read|de lecture|lecture)?$", re.IGNORECASE
)


def is_label(line: str) -> bool:
    if len(line) > 60:
        return False
    if CALL_TO_ACTION.match(line) or READING_TIME.match(line):
        return True
    folded = fold(line).strip(" :»›>|")
    return (
        folded in LABELS
        or bool(re.match(r"^(rechercher sur|search)\b", folded))
        and (len(folded) < 40)
    )


def is_caption(line: str) -> bool:
    return bool(CAPTION.search(line)) and len(line) < 200 or bool(CREDIT_TAIL.search(line))


def _name_like(part: str) -> bool:
    words = part.split()
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        bare = word.strip(".,")
        if word.lower() in _PARTICLES or word.lower().rstrip(",") in _SUFFIXES:
            continue
        if not bare or not bare[0].isupper() or any(c.isdigit() for c in bare):
            return False
        if len(bare) > 1 and bare.isupper() and "." not in word:
            return False  # an acronym: "NATO Summit" is not a person
    return True


def _unglued(part: str) -> list[str]:
    """ "Cynthia Cook Max Bergmann Mark F. Cancian": names printed without commas, split as
    first name, initials, last name. Only for four capitalised words or more (two names at
    least); anything else is kept whole."""
    words = part.split()
    full = [w for w in words if not _INITIAL.match(w)]
    if len(full) < 4 or len(full) % 2 or not all(w[:1].isupper() for w in words):
        return [part]
    if any(w.casefold() in _PARTICLES or w.casefold().rstrip(".") in _SUFFIXES for w in words):
        return [part]
    names, current = [], []
    for word in words:
        current.append(word)
        if not _INITIAL.match(word) and sum(not _INITIAL.match(w) for w in current) == 2:
            names.append(" ".join(current))
            current = []
    return names if not current else [part]


def split_names(text: str) -> list[str]:
    """ "A, B and C" -> names, with ", Jr." suffixes kept on their name."""
    parts = [FOOTNOTE.sub("", p.strip(" .")).strip() for p in _NAME_SPLIT.split(text.strip())]
    names: list[str] = []
    for part in (p for group in parts for p in _unglued(group) if p):
        if part.lower().rstrip(".") in {"jr", "sr", "ii", "iii"} and names:
            names[-1] = f"{names[-1]}, {part if part.endswith('.') else part + '.'}"
        else:
            names.append(part)
    return names


def authors_of(line: str, *, loose: bool = False) -> list[str] | None:
    """The authors a line names: "By A and B", "Klaus LARRES", or (``loose``, where the
    position says a byline is expected) "A B, C D and E F". None if it is not a byline."""
    line = FOOTNOTE.sub("", clean(line).rstrip(" —–|·")).strip()
    byline = BYLINE.match(line)
    if byline and GROUP_AUTHOR.search(byline.group(1)):
        return [byline.group(1).strip(" .")]  # "By The Scowcroft Center Task Force on ..."
    if byline:
        names = split_names(byline.group(1))
        return names if names and all(len(n) <= 120 for n in names) else None
    if _CAPS_LINE.fullmatch(line):
        return [clean(m.group(0)) for m in CAPS_NAME.finditer(line)]
    if loose and len(line) <= 160 and not line.endswith(TERMINAL) and ":" not in line:
        names = split_names(line)
        if names and all(_name_like(n.split(",")[0]) for n in names):
            return names
    return None


def is_teaser(line: str) -> bool:
    """Prose: a sentence that ends, or a line too long for a title (a cut teaser)."""
    words = len(line.split())
    ends = line.rstrip().endswith((".", "!", "…", "»", '"', "”", "...", "[…]", ". ."))
    return len(line) >= 160 or (words >= 8 and ends)


def is_title(line: str) -> bool:
    """Could this line be a record's title?"""
    if not 3 <= len(line) <= 250 or len(line.split()) > 40:
        return False
    if line.endswith((".", ";", ",", ":")) and not line.endswith(("...", "…")):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "«“\"'‘[(¿¡"):
        return False
    if is_label(line) or is_caption(line) or kind_of(line) or TOTAL.match(line):
        return False
    return not line.startswith(("http", "www.", "#", "|")) and not line.endswith("|")


def as_date_line(line: str) -> DateLine | None:
    found = date_line(line)
    if found is None:
        return None
    named = found.before and (authors_of(found.before, loose=True) or kind_of(found.before))
    if found.before and not named and len(found.before.split()) > 2:
        return None
    return found
