"""The editors' desk: what needs doing, on the admin's home page, each part a link to the
filtered list that holds the rest.

- in review, the oldest waiting first;
- scheduled, with the time each goes live (in the site's time zone);
- mine (the articles I created) and, among them, those sent back to me with the comment;
- recent imports with their counts of conflicts and warnings (the audit trail's entries);
- broken facts: memberships that no source states.

A constant number of queries (two per section), whatever the size of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from config import permissions
from partnerships.models import Membership

from ..models import Article, AuditEvent

PER_SECTION = 5

admin.site.site_header = gettext_lazy("Editors' desk · Defence analysis")
admin.site.site_title = gettext_lazy("Editors' desk")
admin.site.index_title = gettext_lazy("Desk")


def sent_back_subquery():
    """Whether an article's last editorial event is a "send back" (it is a draft again)."""
    article_type = ContentType.objects.get_for_model(Article)
    latest = (
        AuditEvent.objects.filter(
            content_type=article_type, object_id=Cast(OuterRef("pk"), CharField())
        )
        .exclude(action=AuditEvent.Action.IMPORT)
        .order_by("-at", "-pk")
        .values("action")[:1]
    )
    return latest


class DeskFilter(admin.SimpleListFilter):
    """The desk's lists, as a filter of the article list (the desk links here)."""

    title = gettext_lazy("desk")
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [
            ("review", gettext_lazy("In review, oldest first")),
            ("scheduled", gettext_lazy("Scheduled")),
            ("mine", gettext_lazy("Mine")),
            ("sent_back", gettext_lazy("Sent back to me")),
        ]

    def queryset(self, request, queryset):
        return desk_queryset(self.value(), request.user, queryset)


def desk_queryset(name, user, queryset):
    now = timezone.now()
    if name == "review":
        return queryset.filter(status=Article.Status.REVIEW)
    if name == "scheduled":
        return queryset.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
    if name == "mine":
        return queryset.filter(created_by=user)
    if name == "sent_back":
        return (
            queryset.filter(created_by=user, status=Article.Status.DRAFT)
            .alias(last_action=sent_back_subquery())
            .filter(last_action=AuditEvent.Action.SEND_BACK)
        )
    return queryset


#: The order of each desk list (the changelist uses it unless the editor sorts a column).
DESK_ORDERING = {
    "review": ["updated_at", "pk"],
    "scheduled": ["publish_at", "pk"],
    "mine": ["-updated_at", "-pk"],
    "sent_back": ["-updated_at", "-pk"],
}


@dataclass
class Section:
    key: str
    title: str
    url: str
    count: int
    rows: list = field(default_factory=list)
    empty: str = ""


def _article_section(key, title, user, empty) -> Section:
    queryset = desk_queryset(key, user, Article.objects.all()).defer("body")
    rows = list(queryset.order_by(*DESK_ORDERING[key])[:PER_SECTION])
    url = reverse("admin:articles_article_changelist") + f"?desk={key}"
    return Section(key, title, url, queryset.count(), rows, empty)


def desk_sections(user) -> list[Section]:
    """The desk of ``user``: only the sections their permissions let them act on."""
    sections = []
    can_publish = permissions.can_publish(user)
    if permissions.has(user, permissions.VIEW_ARTICLE) or permissions.has(
        user, permissions.CHANGE_ARTICLE
    ):
        if can_publish:
            sections.append(
                _article_section(
                    "review", gettext_lazy("In review"), user, gettext_lazy("Nothing waits.")
                )
            )
        sections.append(
            _article_section(
                "scheduled", gettext_lazy("Scheduled"), user, gettext_lazy("Nothing scheduled.")
            )
        )
        sections.append(
            _article_section(
                "sent_back",
                gettext_lazy("Sent back to me"),
                user,
                gettext_lazy("Nothing sent back."),
            )
        )
        sections.append(
            _article_section("mine", gettext_lazy("Mine"), user, gettext_lazy("None yet."))
        )
    if permissions.has(user, "articles.view_auditevent"):
        imports = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT)
        sections.append(
            Section(
                "imports",
                str(gettext_lazy("Recent imports")),
                reverse("admin:articles_auditevent_changelist") + "?action__exact=import",
                imports.count(),
                list(imports.select_related("user")[:PER_SECTION]),
                str(gettext_lazy("No import yet.")),
            )
        )
    if permissions.has(user, "partnerships.view_membership"):
        broken = Membership.objects.filter(source__isnull=True)
        sections.append(
            Section(
                "broken_facts",
                str(gettext_lazy("Broken facts: memberships without a source")),
                reverse("admin:partnerships_membership_changelist") + "?source__isempty=1",
                broken.count(),
                list(broken.select_related("member", "group")[:PER_SECTION]),
                str(gettext_lazy("Every membership has a source.")),
            )
        )
    return sections
