"""The article admin: the form editors work in, with its workflow, history and preview."""

from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from reversion.admin import VersionAdmin
from reversion.models import Version

from config import permissions

from .. import rendering, services
from ..duplicates import duplicates_of, probable_duplicates
from ..models import Article, ArticleAuthor, AuditEvent
from .actions import WorkflowActionsMixin
from .compare import compare_versions
from .desk import DESK_ORDERING, DeskFilter
from .forms import ArticleAdminForm, conflict_message
from .workflow import WorkflowViewsMixin, buttons_for


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = gettext_lazy("author")
    verbose_name_plural = gettext_lazy("byline (in signing order)")


class DuplicateFilter(admin.SimpleListFilter):
    title = gettext_lazy("probable duplicates")
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", _("Probable duplicates only"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=probable_duplicates().keys())
        return queryset


def _require_numeric_id(object_id) -> None:
    """An article id in a URL is a number: anything else is a 404, not a ValueError."""
    if not str(object_id).isascii() or not str(object_id).isdigit():
        raise Http404(_("There is no article with the id “%(id)s”.") % {"id": object_id})


def _refuse_restore(request, error) -> None:
    """During a restore or recovery, a refusal must reach django-reversion as an exception:
    it keeps the reverted data whenever the view answers with a redirect."""
    if getattr(request, "_restoring_version", None) is not None:
        raise PermissionDenied(str(error)) from error


def refuse_gracefully(view):
    """A save refused by the services after the form passed (a race): a message, no 500.

    The view's transaction has rolled back by then, so the database is as it was.
    """

    @wraps(view)
    def wrapper(self, request, object_id=None, *args, **kwargs):
        try:
            return view(self, request, object_id, *args, **kwargs)
        except services.VersionConflict as conflict:
            _refuse_restore(request, conflict)
            self.message_user(request, conflict_message(conflict), messages.ERROR)
        except (PermissionDenied, ValidationError) as error:
            if isinstance(error, PermissionDenied) and request.method != "POST":
                raise
            _refuse_restore(request, error)
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            text = text or _("You do not have permission to change this article.")
            self.message_user(request, text, messages.ERROR)
        if object_id:
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[object_id]))
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    return wrapper


@admin.register(Article)
class ArticleAdmin(WorkflowViewsMixin, WorkflowActionsMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "kind",
        "language",
        "status_display",
        "scheduled_for",
        "published_on",
        "publisher",
        "updated_at",
    ]
    list_filter = [
        DeskFilter,
        "status",
        DuplicateFilter,
        "kind",
        "language",
        "publisher",
        "featured",
        "topics",
    ]
    list_select_related = ["publisher"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "entities", "publisher"]
    date_hierarchy = "published_on"
    inlines = [ArticleAuthorInline]
    readonly_fields = [
        "status",
        "publish_at",
        "expire_at",
        "version",
        "created_at",
        "updated_at",
        "preview_link",
        "duplicates",
        "last_comment",
    ]
    actions = [*WorkflowActionsMixin.actions, "merge_selected"]
    object_history_template = "admin/articles/article/object_history.html"

    class Media:
        js = ["admin/articles/markdown_preview.js"]
        css = {"all": ["admin/articles/desk.css"]}

    history_latest_first = True

    def get_queryset(self, request):
        # Whether each row is visible to readers now, by the one rule and in the list's
        # own query (a per-row check would grow the page's queries with its length).
        published = Article.objects.published().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(public_now=Exists(published))

    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language", "publisher"]}),
        (
            gettext_lazy("Text"),
            {"fields": ["summary", "is_excerpt", "body_format", "body", "caption"]},
        ),
        (gettext_lazy("Classification"), {"fields": ["topics", "entities", "featured"]}),
        (
            gettext_lazy("Publication"),
            {
                "fields": [
                    "status",
                    "last_comment",
                    "published_on",
                    "published_precision",
                    "publish_at",
                    "expire_at",
                    "preview_link",
                ],
                "description": gettext_lazy(
                    "Draft → in review → published → archived, with the Workflow buttons at "
                    "the top of the page: contributors submit for review; editors publish, "
                    "schedule, send back with a comment, unpublish and archive."
                ),
            },
        ),
        (gettext_lazy("Source"), {"fields": ["source_name", "source_url"]}),
        (gettext_lazy("Record"), {"fields": ["duplicates", "version", "created_at", "updated_at"]}),
        (None, {"fields": ["expected_version"], "classes": ["hidden"]}),
    ]

    # Who may do what: the services decide; the admin mirrors them.

    def has_change_permission(self, request, obj=None):
        """Published and archived articles are live content: publishers only
        (``config.permissions.can_edit_article``)."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is not None and obj.pk:
            stored = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            return permissions.can_edit_article(request.user, stored or obj.status)
        return True

    def get_ordering(self, request):
        """A desk list in its own order (oldest review first, next scheduled first)."""
        return DESK_ORDERING.get(request.GET.get("desk"), super().get_ordering(request))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["workflow_buttons"] = buttons_for(obj, request.user)
            context["scheduled_future"] = bool(obj.publish_at and obj.publish_at > timezone.now())
            context["sent_back"] = sent_back_event(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        services.article_save(
            article=obj,
            user=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
            comment=form.cleaned_data.get("workflow_comment", ""),
        )
        restoring = getattr(request, "_restoring_version", None)
        if restoring is not None:
            services.article_restore_recorded(article=obj, user=request.user, version=restoring)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The revision is taken when the view ends; add the article again so that it
        # includes the subjects and entities saved just now.
        import reversion

        reversion.add_to_revision(form.instance)

    @refuse_gracefully
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        restoring = getattr(request, "_restoring_version", None)
        if restoring is not None and object_id:
            # Restoring a revision brings back its text and links, not its workflow state:
            # the status, schedule and version stay those of now (the lock keeps working).
            Article.objects.filter(pk=object_id).update(**request._state_before_restore)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """GET: the form as the revision had it (django-reversion's preview, rolled back).
        POST: ``services.article_restore``, which restores this article only: reversion's
        own revert would put back every object of the revision, other articles included."""
        _require_numeric_id(object_id)
        version = get_object_or_404(Version, pk=version_id, object_id=object_id)
        if request.method == "POST":
            article = get_object_or_404(Article, pk=object_id)
            try:
                services.article_restore(article=article, version=version, user=request.user)
            except services.VersionConflict as conflict:
                self.message_user(request, conflict_message(conflict), messages.ERROR)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(title)s” was restored to the revision of %(date)s.")
                    % {"title": article.title, "date": version.revision.date_created},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        request._restoring_version = version
        request._state_before_restore = (
            Article.objects.filter(pk=object_id)
            .values("status", "publish_at", "expire_at", "version")
            .first()
            or {}
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Bring a deleted article back as a draft: it returns to readers only through the
        workflow, whatever its status was when it was deleted (or merged away)."""
        request._restoring_version = get_object_or_404(Version, pk=version_id)
        request._state_before_restore = {
            "status": Article.Status.DRAFT,
            "publish_at": None,
            "expire_at": None,
        }
        return super().recover_view(request, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        """Not wrapped in one revision (as django-reversion does): bulk actions go through
        the services, which keep one revision per article, so that restoring one article
        never touches the others selected with it."""
        context = {"has_change_permission": self.has_change_permission(request)}
        context.update(extra_context or {})
        return admin.ModelAdmin.changelist_view(self, request, context)

    def history_view(self, request, object_id, extra_context=None):
        versions = (
            Version.objects.get_for_object_reference(Article, object_id)
            .select_related("revision", "revision__user")
            .order_by("-revision__date_created", "-pk")
        )
        action_list = [
            {
                "revision": v.revision,
                "version": v,
                "url": reverse("admin:articles_article_revision", args=[object_id, v.pk]),
            }
            for v in versions
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    # Extra pages: preview and revision comparison.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "render-body/",
                view(self.render_body_view),
                name="articles_article_render_body",
            ),
            path(
                "<path:object_id>/workflow/<str:button>/",
                view(self.workflow_view),
                name="articles_article_workflow",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            *super().get_urls(),
        ]

    def render_body_view(self, request):
        """The body as readers will see it, for the form's live preview (POST, staff)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        draft = Article(
            body=request.POST.get("body", "")[:200_000],
            body_format=request.POST.get("body_format", Article.BodyFormat.PLAIN),
        )
        response = HttpResponse(rendering.body_html(draft), content_type="text/html")
        response["Cache-Control"] = "private, no-store"
        return response

    @method_decorator(never_cache)
    def preview_view(self, request, object_id):
        """The article exactly as readers will see it, whatever its status; staff only."""
        _require_numeric_id(object_id)
        article = get_object_or_404(
            Article.objects.select_related("publisher").prefetch_related(
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
                ),
                "topics",
                "entities",
            ),
            pk=object_id,
        )
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        from ..views import article_page_context

        context = article_page_context(request, article, preview=True)
        context["is_public"] = Article.objects.published().filter(pk=article.pk).exists()
        context["scheduled"] = bool(article.publish_at and article.publish_at > timezone.now())
        response = render(request, "articles/article_detail.html", context)
        response["Cache-Control"] = "private, no-store, no-cache, must-revalidate, max-age=0"
        response["X-Robots-Tag"] = "noindex"
        return response

    def compare_view(self, request, object_id):
        """Two revisions side by side, field by field (``?from=<id>&to=<id>``)."""
        _require_numeric_id(object_id)
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        try:
            old = versions.get(pk=int(request.GET.get("from", "")))
            new = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Version.DoesNotExist):
            self.message_user(request, _("Choose two revisions to compare."), messages.WARNING)
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare revisions of “%(title)s”") % {"title": article.title},
            "opts": self.model._meta,
            "original": article,
            "old": old,
            "new": new,
            "rows": compare_versions(old, new),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    # Columns and read-only fields editors see.

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_display(self, obj):
        label = obj.get_status_display()
        if obj.status == Article.Status.PUBLISHED and not obj.public_now:
            label = _("%(status)s (scheduled or expired)") % {"status": label}
        return label

    def get_list_display(self, request):
        flagged = probable_duplicates()

        @admin.display(description=_("duplicate?"))
        def duplicate_flag(obj):
            others = flagged.get(obj.pk)
            if not others:
                return ""
            return format_html(
                '<span title="{}">⚠ {}</span>',
                _("Probably the same as #%(ids)s") % {"ids": ", #".join(map(str, sorted(others)))},
                _("probable duplicate"),
            )

        return [*super().get_list_display(request), duplicate_flag]

    @admin.display(description=gettext_lazy("scheduled for"), ordering="publish_at")
    def scheduled_for(self, obj):
        """The publication time in the site's zone, when the article waits for it."""
        if obj.publish_at is None or obj.publish_at <= timezone.now():
            return "—"
        local = timezone.localtime(obj.publish_at)
        return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"

    @admin.display(description=gettext_lazy("preview"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Save the article first.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("admin:articles_article_preview", args=[obj.pk]),
            _("See it as readers will (opens a new tab)"),
        )

    @admin.display(description=gettext_lazy("probable duplicates"))
    def duplicates(self, obj):
        if not obj.pk:
            return "—"
        others = list(duplicates_of(obj).select_related("publisher"))
        if not others:
            return _("None found.")
        links = format_html_join(
            ", ",
            '<a href="{}">{} (#{}, {})</a>',
            (
                (reverse("admin:articles_article_change", args=[o.pk]), o.title, o.pk, o.publisher)
                for o in others
            ),
        )
        return format_html(
            "{}<br>{}",
            links,
            _(
                "To merge: tick both in the article list (filter “probable duplicates”) and "
                "choose “Merge two duplicate articles”."
            ),
        )

    @admin.display(description=gettext_lazy("last comment"))
    def last_comment(self, obj):
        event = sent_back_event(obj) if obj.pk else None
        if event is None:
            return "—"
        at = timezone.localtime(event.at)
        return format_html(
            "{} — {}, {}", event.message, event.user or "—", f"{at:%Y-%m-%d %H:%M} {at.tzname()}"
        )


def sent_back_event(article):
    """The comment of the last "send back", while the article is still the draft it made."""
    if article.status != Article.Status.DRAFT:
        return None
    latest = (
        AuditEvent.objects.for_object(article)
        .exclude(action=AuditEvent.Action.IMPORT)
        .select_related("user")
        .first()
    )
    return latest if latest is not None and latest.action == AuditEvent.Action.SEND_BACK else None
