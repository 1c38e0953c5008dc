"""Plain data produced by the page parsers.

Parsers are pure Python (no Django): they turn the text of one scraped page into a
``ParsedDocument``. Names are kept *as written* in the page; resolving them to
database rows (countries, organisations, aliases) is the importer's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ITEM_KINDS = ("analysis", "news", "fact_sheet", "media_mention", "interview", "blog_post")
ENTITY_KINDS = (
    "state",
    "organisation",
    "framework",
    "bilateral",
    "commission",
    "council",
    "initiative",
    "other",
)
ROLES = (
    "member",
    "founding_member",
    "partner",
    "participating_state",
    "associate_member",
    "associate_partner",
    "observer",
    "invited",
    "candidate",
    "participant",
)
PRECISIONS = ("year", "month", "day")


class ParseError(ValueError):
    """The text cannot be read as a page of the expected layout."""


@dataclass(frozen=True)
class ParsedPublisher:
    name: str
    url: str = ""


@dataclass
class ParsedTopic:
    name: str
    description: str = ""
    language: str = "en"


@dataclass
class ParsedItem:
    position: int
    line: int
    title: str
    kind: str
    language: str
    summary: str = ""
    body: str = ""
    is_excerpt: bool = False
    published_on: date | None = None
    # How much of the date the page gives: "février 2026" is a month (stored as the 1st).
    published_precision: str = "day"
    authors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    caption: str = ""
    entity_names: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.kind not in ITEM_KINDS:
            raise ValueError(f"unknown item kind {self.kind!r}")


@dataclass
class ParsedEntity:
    name: str
    kind: str = "other"
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    start: date | None = None
    start_precision: str = "day"
    # Names (as written) of the sides of a bilateral partnership, e.g. ["France", "Canada"].
    sides: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.kind not in ENTITY_KINDS:
            raise ValueError(f"unknown entity kind {self.kind!r}")


@dataclass
class ParsedMembership:
    member: str
    group: str
    role: str = "member"
    since: date | None = None
    since_precision: str = "day"
    until: date | None = None
    until_precision: str = "day"
    evidence: str = ""  # the sentence (or list line) that states the fact
    as_of: date | None = None

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown membership role {self.role!r}")


@dataclass
class ParsedMilestone:
    entity: str
    on: date
    precision: str
    title: str


@dataclass
class ParsedDocument:
    layout: str
    language: str
    publisher: ParsedPublisher
    title: str
    topic: ParsedTopic | None = None
    items: list[ParsedItem] = field(default_factory=list)
    entities: list[ParsedEntity] = field(default_factory=list)
    memberships: list[ParsedMembership] = field(default_factory=list)
    milestones: list[ParsedMilestone] = field(default_factory=list)
    as_of: date | None = None
    warnings: list[str] = field(default_factory=list)
    # True when the page was read by the single-article fallback: never published at once.
    needs_review: bool = False
