"""Bulk actions shared by the article list and the review queue.

Every action goes through the services, which check permissions on the server; an
action applies to all the selected articles or to none (one transaction), and a refusal
is a message, never a 500.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config import permissions
from config.admin_pages import action_form_data, action_page, refuse

from .. import services
from ..models import Article
from .forms import AssignTopicForm, MergeForm


def _articles(queryset):
    """The selected rows as plain articles (the review queue lists a proxy)."""
    return Article.objects.filter(pk__in=queryset.values("pk")).order_by("pk")


def _bulk(modeladmin, request, queryset, action, done):
    try:
        count = services.articles_bulk_transition(
            articles=_articles(queryset), user=request.user, action=action
        )
    except (PermissionDenied, ValidationError) as error:
        refuse(modeladmin, request, error)
        return
    modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


class WorkflowActionsMixin:
    """Publish, send to review, archive, assign a subject; editors also merge."""

    actions = ["publish_selected", "submit_selected", "archive_selected", "assign_topic"]

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def has_merge_permission(self, request):
        return permissions.can_merge(request.user)

    @admin.action(permissions=["publish"], description=gettext_lazy("Publish selected articles"))
    def publish_selected(self, request, queryset):
        _bulk(self, request, queryset, "publish", _("%(count)d articles published."))

    @admin.action(
        permissions=["change"], description=gettext_lazy("Send selected drafts to review")
    )
    def submit_selected(self, request, queryset):
        _bulk(self, request, queryset, "submit", _("%(count)d articles sent to review."))

    @admin.action(permissions=["publish"], description=gettext_lazy("Archive selected articles"))
    def archive_selected(self, request, queryset):
        _bulk(self, request, queryset, "archive", _("%(count)d articles archived."))

    @admin.action(
        permissions=["change"], description=gettext_lazy("Assign a subject to selected articles")
    )
    def assign_topic(self, request, queryset):
        form = AssignTopicForm(action_form_data(request))
        if form.is_valid():
            try:
                count = services.articles_assign_topic(
                    articles=_articles(queryset),
                    user=request.user,
                    topic=form.cleaned_data["topic"],
                )
            except (PermissionDenied, ValidationError) as error:
                refuse(self, request, error)
                return None
            self.message_user(
                request,
                _("Subject “%(topic)s” added to %(count)d articles.")
                % {"topic": form.cleaned_data["topic"], "count": count},
                messages.SUCCESS,
            )
            return None
        return action_page(
            self,
            request,
            queryset=queryset,
            form=form,
            action="assign_topic",
            title=_("Assign a subject"),
            button=_("Assign"),
        )

    @admin.action(permissions=["merge"], description=gettext_lazy("Merge two duplicate articles"))
    def merge_selected(self, request, queryset):
        articles = list(_articles(queryset).select_related("publisher"))
        if len(articles) != 2:
            self.message_user(request, _("Select exactly two articles to merge."), messages.WARNING)
            return None
        form = MergeForm(action_form_data(request), articles=articles)
        if form.is_valid():
            keep = next(a for a in articles if a.pk == form.cleaned_data["keep"])
            duplicate = next(a for a in articles if a.pk != keep.pk)
            try:
                services.article_merge(
                    keep=keep,
                    duplicate=duplicate,
                    user=request.user,
                    take=form.take_from(duplicate.pk),
                )
            except (PermissionDenied, ValidationError) as error:
                refuse(self, request, error)
                return None
            self.message_user(
                request,
                _("“%(duplicate)s” was merged into “%(keep)s”.")
                % {"duplicate": duplicate.title, "keep": keep.title},
                messages.SUCCESS,
            )
            return None
        response = action_page(
            self,
            request,
            queryset=queryset,
            form=form,
            action="merge_selected",
            title=_("Merge two articles"),
            button=_("Merge"),
        )
        response.template_name = "admin/articles/article/merge.html"
        response.context_data["articles"] = articles
        return response
