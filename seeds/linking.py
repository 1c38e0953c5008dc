"""Resolve names to partnership entities and find mentions of them in text.

Countries come from django-countries in French and English (created as entities the first
time a page names them); organisations and frameworks from ``known_entities``; anything
already in the database through its name, French name, short name and aliases. Articles
and elisions ("l'OTAN", "la Géorgie", "the EU") are ignored; accents and case are folded,
except for acronyms, which must match as written ("US" is not "us").
"""

from __future__ import annotations

import re
import unicodedata

from django.utils import translation
from django.utils.text import slugify
from django_countries import countries

from partnerships.models import Entity, EntityAlias, normalize_alias

from .known_entities import COMMON_NAMES, COUNTRY_VARIANTS, ORGANISATIONS, PROSE_EXCLUDED, Known

_ARTICLE = re.compile(r"^(?:(?:the|la|le|les)\s+|l['’]\s*)", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.]*(?:-[A-Za-z0-9]+)*")
MAX_WORDS = 8
# Capitalised words that start a sentence or a title without being part of a name.
_FUNCTION_WORDS = (
    "the a an in on at of for and or to by with from as la le les l un une des du de d "
    "et ou en au aux dans sur pour par avec selon since depuis after before apres avant "
    "when while lorsque quand this that these ce cette ces il elle ils elles we nous "
    "they but mais how why what comment pourquoi"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


def _ascii(text: str) -> str:
    text = text.replace("’", "'").replace("–", "-").replace("‐", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Words without accents, elided articles split off: "l'OTAN" -> ["l", "OTAN"]."""
    return [t.rstrip(".") or t for t in _TOKEN.findall(_ascii(text).replace("'", " "))]


def key(name: str) -> str:
    return " ".join(tokens(_ARTICLE.sub("", name.strip(' “”"«»')))).casefold()


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return len(letters) <= 6 and letters.isalpha() and sum(c.isupper() for c in letters) >= 2


class EntityIndex:
    """Names -> entities for one import run; creates country/known entities on demand."""

    def __init__(self):
        self.by_key: dict[str, Entity] = {}
        self.acronyms: dict[str, Entity] = {}
        self.pending: dict[str, tuple[str, object]] = {}  # key -> ("country", code) / known
        self.pending_acronyms: dict[str, tuple[str, object]] = {}
        self.created: list[Entity] = []
        self.first_words: set[str] = set()  # first word of every name: prunes the scan
        self._taken_slugs = set(Entity.objects.values_list("slug", flat=True))
        self._taken_aliases = set(EntityAlias.objects.values_list("normalized", flat=True))
        self.country_names: dict[str, tuple[str, str]] = {}
        self.iso_names: dict[str, tuple[str, str]] = {}
        with translation.override("en"):
            english = {code: str(name) for code, name in countries}
        with translation.override("fr"):
            french = {code: str(name) for code, name in countries}
        for code, name in english.items():
            self.iso_names[code] = (name, french.get(code, name))
            self.country_names[code] = COMMON_NAMES.get(code, (name, french.get(code, name)))
            variants = [name, french.get(code, name), *self.country_names[code]]
            variants += COUNTRY_VARIANTS.get(code, ())
            for variant in variants:
                self._pend(variant, ("country", code))
        for known in ORGANISATIONS:
            for variant in (known.name, known.name_fr, *known.aliases_en, *known.aliases_fr):
                self._pend(variant, ("known", known))
            for acronym in known.acronyms:
                self.pending_acronyms.setdefault(acronym, ("known", known))
        for entity in Entity.objects.prefetch_related("aliases"):
            self._index(entity, [a.name for a in entity.aliases.all()])

    # -- index -----------------------------------------------------------------------
    def _pend(self, name: str, target) -> None:
        if is_acronym(name):
            self.pending_acronyms.setdefault(name.replace(".", ""), target)
        else:
            folded = key(name)
            self.pending.setdefault(folded, target)
            self.first_words.add(folded.split(" ", 1)[0])

    def _index(self, entity: Entity, aliases: list[str]) -> None:
        for name in (entity.name, entity.name_fr, entity.short_name, *aliases):
            if not name:
                continue
            if is_acronym(name):
                # Acronyms match as written only: a sentence-initial "Un" is not the UN.
                self.acronyms.setdefault(name.replace(".", ""), entity)
                continue
            folded = key(name)
            self.by_key.setdefault(folded, entity)
            self.first_words.add(folded.split(" ", 1)[0])
        if entity.country:
            for variant in (*self.country_variants(entity.country.code),):
                self.by_key.setdefault(key(variant), entity)

    def country_variants(self, code: str) -> list[str]:
        return [
            *self.country_names.get(code, ()),
            *self.iso_names.get(code, ()),
            *COUNTRY_VARIANTS.get(code, ()),
        ]

    def unique_slug(self, text: str) -> str:
        base = slugify(_ascii(text))[:180] or "entity"
        slug, number = base, 2
        while slug in self._taken_slugs:
            slug, number = f"{base}-{number}", number + 1
        self._taken_slugs.add(slug)
        return slug

    def add_alias(self, entity: Entity, name: str, language: str = "") -> None:
        normalized = normalize_alias(name)
        if name and normalized not in self._taken_aliases:
            self._taken_aliases.add(normalized)
            EntityAlias.objects.create(entity=entity, name=name, language=language)

    # -- creation --------------------------------------------------------------------
    def _materialise(self, target) -> Entity:
        """Get or create the entity behind a country code or a known organisation."""
        kind, value = target
        if kind == "country":
            names = self.country_variants(value)
            entity = Entity.objects.filter(country=value).first()
            if entity is None:
                english, french = self.country_names[value]
                entity = self._create_known(english, french, Entity.Kind.STATE, country=value)
                iso_en, iso_fr = self.iso_names[value]
                for alias, language in ((iso_en, "en"), (iso_fr, "fr")):
                    self.add_alias(entity, alias, language)
                for variant in COUNTRY_VARIANTS.get(value, ()):
                    self.add_alias(entity, variant)
        else:
            known: Known = value
            names = [known.name, known.name_fr, *known.aliases_en, *known.aliases_fr]
            names += known.acronyms
            entity = Entity.objects.filter(name=known.name).first()
            if entity is None:
                entity = self._create_known(
                    known.name, known.name_fr, known.kind, short_name=known.short_name
                )
                for alias in known.aliases_en:
                    self.add_alias(entity, alias, "en")
                for alias in known.aliases_fr:
                    self.add_alias(entity, alias, "fr")
                for acronym in known.acronyms:
                    self.add_alias(entity, acronym)
                if known.parent:  # the Partnership for Peace is NATO's
                    parent = next(k for k in ORGANISATIONS if k.name == known.parent)
                    entity.parent = self._materialise(("known", parent))
                    entity.save(update_fields=["parent", "updated_at"])
        self._index(entity, names)
        return entity

    def _create_known(self, name: str, name_fr: str, kind: str, **fields) -> Entity:
        entity = Entity.objects.create(
            name=name, name_fr=name_fr, slug=self.unique_slug(name), kind=kind, **fields
        )
        self.add_alias(entity, name, "en")
        self.add_alias(entity, name_fr, "fr")
        self.created.append(entity)
        return entity

    def create(self, name: str, *, kind: str, short_name: str = "", **fields) -> Entity:
        entity = Entity.objects.create(
            name=name[:200],
            short_name=short_name[:40],
            slug=self.unique_slug(name),
            kind=kind,
            **fields,
        )
        self.add_alias(entity, name)
        if short_name:
            self.add_alias(entity, short_name)
        self.created.append(entity)
        self._index(entity, [short_name] if short_name else [])
        return entity

    # -- lookup ----------------------------------------------------------------------
    def resolve(self, name: str) -> Entity | None:
        """The entity a name designates (case-insensitive), or ``None``."""
        name = _ARTICLE.sub("", name.strip(' “”"«»'))
        acronym = name.replace(".", "")
        if is_acronym(name):
            for candidate in (acronym, acronym.upper()):
                if candidate in self.acronyms:
                    return self.acronyms[candidate]
                if candidate in self.pending_acronyms:
                    return self._materialise(self.pending_acronyms[candidate])
            for found, target in self.pending_acronyms.items():
                if found.casefold() == acronym.casefold():
                    return self._materialise(target)
        folded = key(name)
        if folded in self.by_key:
            return self.by_key[folded]
        if folded in self.pending:
            return self._materialise(self.pending[folded])
        return None

    def mentions(self, text: str) -> list[Entity]:
        """Entities named in ``text``, in order of first mention."""
        words = tokens(text)
        found: dict[int, Entity] = {}
        index = 0
        while index < len(words):
            word = words[index]
            if not word[:1].isupper() or (
                word.casefold() not in self.first_words
                and word not in self.acronyms
                and word not in self.pending_acronyms
            ):
                index += 1
                continue
            matched = 0
            for size in range(min(MAX_WORDS, len(words) - index), 0, -1):
                phrase = words[index : index + size]
                if not phrase[0][:1].isupper():
                    break
                entity = self._lookup_phrase(phrase)
                if entity is not None:
                    matched = size
                    if not self._inside_longer_name(words, index, size):
                        found.setdefault(entity.pk, entity)
                    break
            index += matched or 1
        return list(found.values())

    @staticmethod
    def _inside_longer_name(words: list[str], index: int, size: int) -> bool:
        """ "European Union" inside "Western European Union" is not a mention of the EU:
        a name of several words with a capitalised word glued on either side. (A one-word
        name such as "Sweden" in a Title Case headline is still a mention.)"""
        if size == 1:
            return False
        neighbours = []
        if index > 0:
            neighbours.append(words[index - 1])
        if index + size < len(words):
            neighbours.append(words[index + size])
        return any(
            word[:1].isupper() and word.casefold() not in FUNCTION_WORDS and not is_acronym(word)
            for word in neighbours
        )

    def _lookup_phrase(self, phrase: list[str]) -> Entity | None:
        if len(phrase) == 1 and is_acronym(phrase[0]):
            word = phrase[0]
            if word in self.acronyms:
                return self.acronyms[word]
            if word in self.pending_acronyms:
                return self._materialise(self.pending_acronyms[word])
            return None
        folded = " ".join(phrase).casefold()
        if folded in PROSE_EXCLUDED:
            return None
        if folded in self.by_key:
            return self.by_key[folded]
        if folded in self.pending:
            return self._materialise(self.pending[folded])
        return None
