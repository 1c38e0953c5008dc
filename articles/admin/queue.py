"""The review queue: what arrived from an import (or was submitted), newest first."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config import permissions

from ..models import Article, ReviewQueue
from .actions import WorkflowActionsMixin


class QueueStatusFilter(admin.SimpleListFilter):
    """In review by default; editors can widen it to drafts or everything."""

    title = gettext_lazy("status")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("draft", _("Drafts")), ("all", _("All statuses"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("In review"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        return queryset.filter(status=Article.Status.REVIEW)


@admin.register(ReviewQueue)
class ReviewQueueAdmin(WorkflowActionsMixin, admin.ModelAdmin):
    list_display = [
        "title_link",
        "source_document",
        "subjects",
        "linked_entities",
        "publisher",
        "language",
        "created_at",
    ]
    list_display_links = None
    list_filter = [QueueStatusFilter, "language", "kind", "publisher"]
    search_fields = ["title", "summary", "slug"]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("publisher")
            .prefetch_related("topics", "entities")
            .order_by("-created_at", "-pk")
        )

    # The queue has no permissions of its own: those of articles apply.
    def has_view_permission(self, request, obj=None):
        user = request.user
        return permissions.has(user, permissions.VIEW_ARTICLE) or permissions.has(
            user, permissions.CHANGE_ARTICLE
        )

    def has_change_permission(self, request, obj=None):
        return permissions.has(request.user, permissions.CHANGE_ARTICLE)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("title"), ordering="title")
    def title_link(self, obj):
        """Opens the article's own form, where title, subjects and entities are edited."""
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_article_change", args=[obj.pk]), obj
        )

    # ------------------------------------------------------------------------------------
    # HOOK for the lead: point this at the importer's provenance once the import branch
    # has landed (e.g. seeds.models.Provenance by generic relation to the article), and
    # prefetch it in get_queryset. It returns what to show, or None.
    # ------------------------------------------------------------------------------------
    @admin.display(description=gettext_lazy("source document"))
    def source_document(self, obj):
        if obj.source_url:
            return format_html(
                '<a href="{}" rel="noopener noreferrer">{}</a>',
                obj.source_url,
                obj.source_name or obj.source_url,
            )
        return obj.source_name or "—"

    @admin.display(description=gettext_lazy("subjects"))
    def subjects(self, obj):
        return ", ".join(t.name for t in obj.topics.all()) or "—"

    @admin.display(description=gettext_lazy("entities"))
    def linked_entities(self, obj):
        return ", ".join(e.short_name or e.name for e in obj.entities.all()) or "—"
