"""Geometry of the partnership pictures, computed on the server so that they work without
JavaScript: a timeline of memberships and milestones, and a diagram of who belongs to
what. Only numbers and model objects come out of here; the templates write the SVG and
escape every text."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import DatePrecision

ROW = 26
LABEL_WIDTH = 220
TIMELINE_WIDTH = 760
PLOT_WIDTH = TIMELINE_WIDTH - LABEL_WIDTH - 30
TOP = 40
#: The phone's drawing (shown below 880 px by the stylesheet): 340 px wide, so that on a
#: 390 px screen it is drawn at its own size and its 12 px labels stay 12 px; each bar's
#: label on a line of its own above the bar, the diagram's columns stacked.
NARROW_WIDTH = 340
NARROW_ROW = 40
NARROW_MARGIN = 10


@dataclass
class Bar:
    y: int
    x: float
    width: float
    label: str
    role: str
    role_label: str
    open_ended: bool
    known_width: float  # solid up to what a source states; the rest is unknown
    known_until: datetime.date | None
    since: datetime.date | None
    since_precision: str
    until: datetime.date | None
    until_precision: str

    @property
    def unknown_x(self) -> float:
        return round(self.x + self.known_width, 1)

    @property
    def unknown_width(self) -> float:
        """The part after what any source states: drawn as unknown, not as a fact."""
        return round(self.width - self.known_width, 1)


@dataclass
class Mark:
    x: float
    label: str
    date: datetime.date
    precision: str


@dataclass
class Tick:
    x: float
    year: int


@dataclass
class Timeline:
    width: int
    height: int
    bars: list
    marks: list
    ticks: list
    axis_y: int
    plot_left: int
    plot_right: int
    narrow: bool = False


def _year_fraction(day: datetime.date) -> float:
    start = datetime.date(day.year, 1, 1)
    return day.year + (day - start).days / 366


def _fact_key(membership):
    return (membership.member_id, membership.group_id, membership.role)


def _confirmed_until(memberships) -> dict:
    """For each (member, group, role), the latest "as of" date of a source stating it: a
    2017 fact sheet's bar is solid to 2017 unless a later source confirms the fact."""
    latest = {}
    for membership in memberships:
        as_of = membership.source.as_of if membership.source_id else None
        key = _fact_key(membership)
        if as_of and (key not in latest or as_of > latest[key]):
            latest[key] = as_of
    return latest


def timeline(memberships, milestones, name_of, today=None, narrow=False) -> Timeline | None:
    """Bars for dated ``memberships`` (rows labelled by ``name_of(membership)``) and marks
    for ``milestones`` on a shared axis of years. None when nothing is dated. ``narrow``:
    the phone's drawing (labels above the bars, the whole width for the years)."""
    today = today or datetime.date.today()
    width = NARROW_WIDTH if narrow else TIMELINE_WIDTH
    plot_left = NARROW_MARGIN if narrow else LABEL_WIDTH
    plot_width = width - 2 * NARROW_MARGIN if narrow else PLOT_WIDTH
    row, top = (NARROW_ROW, TOP + 16) if narrow else (ROW, TOP)
    dated = [m for m in memberships if m.since or m.until]
    dates = [d for m in dated for d in (m.since, m.until) if d]
    dates += [m.date for m in milestones]
    if not dates:
        return None
    first = min(dates).year
    last = max(max(dates).year, today.year) + 1
    span = max(last - first, 1)

    def x_of(day):
        return plot_left + (_year_fraction(day) - first) / span * plot_width

    confirmed = _confirmed_until(memberships)
    bars = []
    for index, membership in enumerate(dated):
        start = membership.since or membership.until
        end = membership.until or today
        left = x_of(start)
        known = membership.until or confirmed.get(_fact_key(membership))
        known = min(known, end) if known else start
        width = round(max(x_of(end) - left, 4), 1)
        bars.append(
            Bar(
                y=top + index * row,
                x=round(left, 1),
                width=width,
                known_width=min(width, round(max(x_of(known) - left, 0), 1)),
                known_until=None if membership.until else known,
                label=name_of(membership),
                role=membership.role,
                role_label=membership.get_role_display(),
                open_ended=membership.until is None,
                since=membership.since,
                since_precision=membership.since_precision,
                until=membership.until,
                until_precision=membership.until_precision,
            )
        )
    axis_y = top + len(bars) * row + 10
    marks = [
        Mark(round(x_of(m.date), 1), m.title, m.date, m.precision or DatePrecision.DAY)
        for m in milestones
    ]
    step = max(1, round(span / (4 if narrow else 8)))
    ticks = [Tick(round(x_of(datetime.date(y, 1, 1)), 1), y) for y in range(first, last + 1, step)]
    height = axis_y + 40 + (20 * len(marks) if marks else 0)
    return Timeline(
        width=width,
        height=height,
        bars=bars,
        marks=marks,
        ticks=ticks,
        axis_y=axis_y,
        plot_left=plot_left,
        plot_right=plot_left + plot_width,
        narrow=narrow,
    )


@dataclass
class Node:
    x: int
    y: int
    entity: object
    role: str
    role_label: str


@dataclass
class Diagram:
    width: int
    height: int
    centre_x: int
    centre_y: int
    groups: list
    members: list
    narrow: bool = False


DIAGRAM_WIDTH = 840
NODE_ROW = 24


@dataclass
class _Runs:
    """The organisation that runs ``entity``, drawn like a group it belongs to."""

    group: object
    role: str = "parent"
    since: datetime.date | None = None

    def get_role_display(self):
        return _("runs it")


def membership_diagram(entity, belongs_to, members, parent=None, narrow=False) -> Diagram | None:
    """The groups ``entity`` belongs to on the left, ``entity`` in the middle, its members
    and partners on the right, each linked to the centre. One node per entity (its
    latest role), so a former partner that became a member appears once. ``narrow``: the
    phone's drawing, groups above ``entity`` and members below it, in one column."""

    def latest(memberships, attr):
        by_entity = {}
        for membership in memberships:
            other = getattr(membership, attr)
            known = by_entity.get(other.pk)
            if known is None or (membership.since or datetime.date.min) >= (
                known.since or datetime.date.min
            ):
                by_entity[other.pk] = membership
        return sorted(by_entity.values(), key=lambda m: getattr(m, attr).name)

    left = latest(belongs_to, "group")
    if parent is not None and all(m.group.pk != parent.pk for m in left):
        left.insert(0, _Runs(parent))
    right = latest(members, "member")
    if not left and not right:
        return None
    if narrow:
        return _stacked(left, right)
    rows = max(len(left), len(right), 1)
    height = 40 + rows * NODE_ROW
    centre_y = height // 2

    def column(items, attr, x):
        offset = (height - len(items) * NODE_ROW) // 2 + NODE_ROW // 2
        return [
            Node(x, offset + i * NODE_ROW, getattr(m, attr), m.role, m.get_role_display())
            for i, m in enumerate(items)
        ]

    return Diagram(
        width=DIAGRAM_WIDTH,
        height=height,
        centre_x=DIAGRAM_WIDTH // 2,
        centre_y=centre_y,
        groups=column(left, "group", 230),
        members=column(right, "member", DIAGRAM_WIDTH - 300),
    )


def _stacked(left, right) -> Diagram:
    """The phone's diagram: one column, groups, then the entity, then members."""
    x = NARROW_MARGIN + 10
    groups = [
        Node(x, 20 + i * NODE_ROW, m.group, m.role, m.get_role_display())
        for i, m in enumerate(left)
    ]
    centre_y = 20 + len(left) * NODE_ROW + 24
    members = [
        Node(x, centre_y + 40 + i * NODE_ROW, m.member, m.role, m.get_role_display())
        for i, m in enumerate(right)
    ]
    return Diagram(
        width=NARROW_WIDTH,
        height=centre_y + 40 + len(right) * NODE_ROW,
        centre_x=NARROW_WIDTH // 2,
        centre_y=centre_y,
        groups=groups,
        members=members,
        narrow=True,
    )
