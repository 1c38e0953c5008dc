"""The editorial workflow as buttons on the article's page: Submit, Publish now, Schedule…,
Unpublish, Archive, Send back. The status and schedule are not form fields: each move is a
button, offered only to those the services would let make it, and runs through
``services.article_transition`` (which checks the permission again on the server).

Schedule… and Send back ask first (a date picker in the site's time zone; a comment for
the author) on a page of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config import permissions

from .. import services
from ..models import Article

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class Button:
    name: str
    label: str
    transition: str
    asks: bool = False  # opens a page that asks for a date or a comment first
    danger: bool = False


BUTTONS = [
    Button("submit", gettext_lazy("Submit for review"), "submit"),
    Button("publish", gettext_lazy("Publish now"), "publish"),
    Button("schedule", gettext_lazy("Schedule…"), "publish", asks=True),
    Button("send_back", gettext_lazy("Send back…"), "send_back", asks=True),
    Button("unpublish", gettext_lazy("Unpublish"), "unpublish", danger=True),
    Button("archive", gettext_lazy("Archive"), "archive", danger=True),
]
BY_NAME = {button.name: button for button in BUTTONS}


def allowed(button: Button, article: Article, user) -> bool:
    """Whether ``user`` may press ``button`` on ``article`` (the services' own rule)."""
    transition = services.TRANSITIONS[button.transition]
    return article.status in transition.sources and permissions.has(user, transition.permission)


def buttons_for(article: Article, user) -> list[Button]:
    return [button for button in BUTTONS if allowed(button, article, user)]


class LocalDateTimeField(forms.DateTimeField):
    """A native date-and-time picker; the value is read in the site's time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ScheduleForm(forms.Form):
    publish_at = LocalDateTimeField(label=gettext_lazy("Publish at"))
    expire_at = LocalDateTimeField(
        label=gettext_lazy("Take down at"),
        required=False,
        help_text=gettext_lazy("Optional: when the article leaves the public site."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = settings.TIME_ZONE
        self.fields["publish_at"].help_text = _(
            "Readers see the article from this time, %(zone)s time, without anyone pressing "
            "anything."
        ) % {"zone": zone}

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise ValidationError(_("Choose a time in the future, or use “Publish now”."))
        return value


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What should the author change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Shown to the author on the article and on their desk."),
    )


FORMS = {"schedule": ScheduleForm, "send_back": SendBackForm}


class WorkflowViewsMixin:
    """The ``<id>/workflow/<button>/`` view of the article admin."""

    def workflow_view(self, request, object_id, button):
        article = get_object_or_404(Article, pk=object_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if button not in BY_NAME:
            raise PermissionDenied
        spec = BY_NAME[button]
        if not allowed(spec, article, request.user):
            self.message_user(
                request,
                _("You may not do “%(action)s” on this article now.") % {"action": spec.label},
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        form_class = FORMS.get(button)
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if request.method == "GET" or (form_class and "apply" not in request.POST):
            if form_class is None:
                return HttpResponseRedirect(change_url)
            return self._workflow_page(request, article, spec, form_class())
        form = form_class(request.POST) if form_class else None
        if form is not None and not form.is_valid():
            return self._workflow_page(request, article, spec, form)
        data = form.cleaned_data if form is not None else {}
        try:
            expected = int(request.POST.get("expected_version") or 0) or None
        except ValueError:
            expected = None
        try:
            services.article_transition(
                article=article,
                user=request.user,
                action=spec.transition,
                publish_at=data.get("publish_at"),
                expire_at=data.get("expire_at"),
                expected_version=expected,
                comment=data.get("comment", ""),
            )
        except services.VersionConflict as conflict:
            self.message_user(request, str(conflict), messages.ERROR)
            return HttpResponseRedirect(change_url)
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(request, self._done_message(article), messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def _done_message(self, article):
        scheduled = article.publish_at and article.publish_at > timezone.now()
        if article.status == Article.Status.PUBLISHED and scheduled:
            when = timezone.localtime(article.publish_at)
            return _("“%(title)s” is scheduled for %(when)s (%(zone)s).") % {
                "title": article.title,
                "when": f"{when:%Y-%m-%d %H:%M}",
                "zone": settings.TIME_ZONE,
            }
        return _("“%(title)s” is now %(status)s.") % {
            "title": article.title,
            "status": article.get_status_display().lower(),
        }

    def _workflow_page(self, request, article, spec, form):
        context = {
            **self.admin_site.each_context(request),
            "title": f"{spec.label.rstrip('…')}: {article.title}",
            "opts": Article._meta,
            "original": article,
            "article": article,
            "form": form,
            "button": spec,
            "time_zone": settings.TIME_ZONE,
        }
        return TemplateResponse(request, "admin/articles/article/workflow.html", context)
