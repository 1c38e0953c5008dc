"""Tell French from English in short texts (titles, teasers).

A stop-word count rather than a statistical detector: we only ever choose between two
languages, titles are a few words long (where n-gram detectors such as ``langdetect`` are
unreliable and non-deterministic), and this runs in microseconds with no dependency.
"""

from __future__ import annotations

import re
from functools import lru_cache

FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "du",
        "de",
        "d",
        "et",
        "ou",
        "où",
        "est",
        "sont",
        "au",
        "aux",
        "ce",
        "cette",
        "ces",
        "qui",
        "que",
        "qu",
        "dans",
        "pour",
        "par",
        "sur",
        "avec",
        "sans",
        "pas",
        "ne",
        "n",
        "se",
        "sa",
        "son",
        "ses",
        "leur",
        "leurs",
        "nous",
        "vous",
        "il",
        "elle",
        "ils",
        "elles",
        "en",
        "y",
        "à",
        "était",
        "été",
        "être",
        "avoir",
        "fait",
        "plus",
        "très",
        "entre",
        "vers",
        "chez",
        "lors",
        "après",
        "avant",
        "comme",
        "mais",
        "donc",
        "car",
        "ni",
    ]
)
ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "that",
        "this",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "it",
        "its",
        "into",
        "over",
        "after",
        "before",
        "between",
        "behind",
        "about",
        "not",
        "no",
        "but",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "their",
        "there",
        "what",
        "why",
        "how",
    ]
)
_WORD = re.compile(r"[a-zà-öø-ÿœ]+", re.IGNORECASE)
_FRENCH_LETTERS = re.compile(r"[éèêàùçœîôû]", re.IGNORECASE)


@lru_cache(maxsize=8192)
def score(text: str) -> int:
    """Positive for French, negative for English, 0 when undecided."""
    words = [w.lower() for w in _WORD.findall(text.replace("’", "'"))]
    fr = sum(w in FRENCH for w in words)
    en = sum(w in ENGLISH for w in words)
    # Accented letters tip the balance only when stop words do not decide.
    if fr == en:
        return 1 if len(_FRENCH_LETTERS.findall(text)) >= 2 else 0
    return fr - en


def detect(*texts: str, default: str = "en") -> str:
    """Language of the first text that decides; ``default`` when none does."""
    for text in texts:
        if text:
            value = score(text)
            if value:
                return "fr" if value > 0 else "en"
    return default
