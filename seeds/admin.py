"""Imports in the admin: where each object came from, and uploading a scraped page.

An editor uploads a page, sees what the import would create or change (a dry run), then
confirms. Every imported article, entity, membership and milestone shows its provenance
(document, position, line) on its own admin page.
"""

import base64

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Subquery
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin.queue import ReviewQueueAdmin
from articles.models import Article, ReviewQueue
from config import permissions
from partnerships.models import Entity, Membership, Milestone

from .models import Document, Provenance
from .services import SeedImportError, import_documents, load_document

MAX_UPLOAD = 2 * 1024 * 1024
SESSION_KEY = "seeds_upload"


@admin.display(description=_("object"))
def object_link(provenance: Provenance):
    obj = provenance.content_object
    if obj is None:
        return "—"
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, str(obj)[:120])


class ProvenanceInline(admin.TabularInline):
    model = Provenance
    fields = ["content_type", object_link, "position", "line", "imported_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class ProvenanceGenericInline(GenericTabularInline):
    """Shown on imported objects' pages: the documents they came from."""

    model = Provenance
    fields = ["document", "position", "line", "imported_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("imported from")

    def has_add_permission(self, request, obj=None):
        return False


class UploadForm(forms.Form):
    page = forms.FileField(
        label=_("Scraped page"),
        help_text=_("A UTF-8 text file as saved by the scraper (one page)."),
    )


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "layout", "title", "imported_at", "objects"]
    list_filter = ["layout"]
    search_fields = ["name", "title"]
    readonly_fields = ["name", "sha256", "layout", "title", "imported_at"]
    inlines = [ProvenanceInline]
    change_list_template = "admin/seeds/document/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(object_count=Count("provenances"))

    @admin.display(description=_("imported objects"), ordering="object_count")
    def objects(self, obj):
        return obj.object_count

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="seeds_document_upload"), *super().get_urls()]

    def upload_view(self, request):
        """Upload -> preview (dry run) -> confirm (import)."""
        if not permissions.has(request.user, permissions.ADD_DOCUMENT):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta}
        context["title"] = _("Import a scraped page")
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["page"]
            data = upload.read(MAX_UPLOAD + 1)
            try:
                if len(data) > MAX_UPLOAD:
                    raise SeedImportError(f"{upload.name}: larger than {MAX_UPLOAD} bytes")
                loaded = load_document(upload.name, data)
            except SeedImportError as error:
                form.add_error("page", str(error))
            else:
                (report,) = import_documents([loaded], dry_run=True)
                request.session[SESSION_KEY] = {
                    "name": upload.name,
                    "data": base64.b64encode(data).decode(),
                }
                context.update(report=report, title=_("Preview of the import"))
                return TemplateResponse(request, "admin/seeds/preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "admin/seeds/upload.html", context)

    def _confirm(self, request):
        pending = request.session.pop(SESSION_KEY, None)
        if not pending:
            messages.error(request, _("Nothing to import: upload the page again."))
            return redirect("admin:seeds_document_upload")
        try:
            loaded = load_document(pending["name"], base64.b64decode(pending["data"]))
            (report,) = import_documents(
                [loaded], publish="publish" in request.POST, user=request.user
            )
        except (SeedImportError, PermissionDenied) as error:
            messages.error(request, str(error))
            return redirect("admin:seeds_document_upload")
        messages.success(request, report.summary_line())
        for conflict in report.conflicts:
            messages.warning(request, conflict)
        return redirect("admin:seeds_document_changelist")


@admin.register(Provenance)
class ProvenanceAdmin(admin.ModelAdmin):
    list_display = ["document", "content_type", object_link, "position", "line", "imported_at"]
    list_filter = ["content_type", "document"]
    list_select_related = ["document", "content_type"]
    search_fields = ["key", "document__name"]
    readonly_fields = [
        "document",
        "content_type",
        "object_id",
        object_link,
        "key",
        "position",
        "line",
        "content_hash",
        "imported_values",
        "imported_at",
    ]
    exclude = ["imported_values"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Show provenance on the imported objects' own admin pages (seeds depends on them, never
# the reverse, so the inline is attached from here).
for _model in (Article, Entity, Membership, Milestone):
    _model_admin = admin.site.get_model_admin(_model) if admin.site.is_registered(_model) else None
    if _model_admin and ProvenanceGenericInline not in _model_admin.inlines:
        _model_admin.inlines = [*_model_admin.inlines, ProvenanceGenericInline]


class ImportedFilter(admin.SimpleListFilter):
    """Narrows the review queue to what arrived from an import (or to the rest)."""

    title = _("origin")
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return [("imported", _("Imported")), ("written", _("Written in the admin"))]

    def queryset(self, request, queryset):
        if self.value() == "imported":
            return queryset.filter(Exists(_article_provenance()))
        if self.value() == "written":
            return queryset.exclude(Exists(_article_provenance()))
        return queryset


def _article_provenance():
    """The provenance rows of the outer query's article, latest import first."""
    return Provenance.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), object_id=OuterRef("pk")
    ).order_by("-imported_at", "-pk")


class ImportReviewQueueAdmin(ReviewQueueAdmin):
    """The review queue, with the document each imported article came from.

    Registered from here because seeds depends on articles, never the reverse; the
    document is read by subqueries, so the queue stays one query whatever its length.
    """

    list_filter = [*ReviewQueueAdmin.list_filter, ImportedFilter]

    def get_queryset(self, request):
        provenance = _article_provenance()
        return (
            super()
            .get_queryset(request)
            .annotate(
                source_document_id=Subquery(provenance.values("document_id")[:1]),
                source_document_name=Subquery(provenance.values("document__name")[:1]),
                source_position=Subquery(provenance.values("position")[:1]),
            )
        )

    @admin.display(description=_("source document"), ordering="source_document_name")
    def source_document(self, obj):
        if obj.source_document_id is None:
            return super().source_document(obj)
        url = reverse("admin:seeds_document_change", args=[obj.source_document_id])
        return format_html(
            '<a href="{}">{}</a> #{}', url, obj.source_document_name, obj.source_position
        )


admin.site.unregister(ReviewQueue)
admin.site.register(ReviewQueue, ImportReviewQueueAdmin)
