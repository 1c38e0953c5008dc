"""Forms of the article admin: the change form with its version, and the bulk-action forms."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Article, Topic


class ArticleAdminForm(forms.ModelForm):
    """The article form. It carries the version it was loaded at, so that a save based on
    an older version is refused (optimistic locking) with the editor's text still on screen.

    ``user`` is set by ``ArticleAdmin.get_form``; the same checks as the services run
    here before anything is written, so a refused save is a form error, never a 500.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    workflow_comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when you send an article back to draft: say what the author should "
            "change. Kept in the article's history."
        ),
    )
    user = None

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        # Optional on the form: a post that leaves them out (an older form, a script)
        # keeps the stored value instead of being refused.
        for name in ("body_format", "published_precision"):
            if name in self.fields:
                self.fields[name].required = False
        if "body" in self.fields:
            # The live preview (static/admin/articles/markdown_preview.js) reads these.
            self.fields["body"].widget.attrs.update(
                {
                    "data-markdown-preview": reverse("admin:articles_article_render_body"),
                    "data-format-field": "id_body_format",
                }
            )

    def clean_body_format(self):
        return self.cleaned_data.get("body_format") or Article.BodyFormat.PLAIN

    def clean_published_precision(self):
        """How much of ``published_on`` the source gives; left out, the stored one stays."""
        return self.cleaned_data.get("published_precision") or self.instance.published_precision

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            services.article_check_save(
                article=self.instance,
                user=self.user,
                expected_version=self.cleaned_data.get("expected_version"),
                comment=self.cleaned_data.get("workflow_comment", ""),
            )
        except services.VersionConflict as conflict:
            self.add_error(None, conflict_message(conflict))
        except PermissionDenied:
            self.add_error(
                "status" if "status" in self.changed_data else None,
                _("You do not have permission to make this change (status or schedule)."),
            )
        except ValidationError as error:
            self.add_error(None, error)


def conflict_message(conflict: services.VersionConflict):
    """The refusal of a stale save, with a link to the newer version and its history."""
    url = reverse("admin:articles_article_change", args=[conflict.article.pk])
    history = reverse("admin:articles_article_history", args=[conflict.article.pk])
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}">{}</a>',
        str(conflict),
        url,
        _("Open the newer version (%(version)s)") % {"version": conflict.current_version},
        history,
        _("see what changed"),
    )


class AssignTopicForm(forms.Form):
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(),
        label=_("Subject"),
        help_text=_("Added to every selected article; their other subjects stay."),
    )


class MergeForm(forms.Form):
    """Which article survives, and for each field that differs, whose value it keeps."""

    keep = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label=_("Keep"),
        help_text=_(
            "The other article is folded into this one: its authors, subjects, entities and "
            "import records move here, then it is deleted (its history stays recoverable)."
        ),
    )

    def __init__(self, *args, articles, **kwargs):
        super().__init__(*args, **kwargs)
        self.articles = articles
        self.fields["keep"].choices = [
            (a.pk, f"{a.title} — {a.publisher or '—'} — #{a.pk} ({a.get_status_display()})")
            for a in articles
        ]
        self.fields["keep"].initial = articles[0].pk
        self.rows = []
        for name in services.MERGE_FIELDS:
            values = [_shown(a, name) for a in articles]
            if values[0] == values[1]:
                self.rows.append({"label": _label(name), "same": values[0]})
                continue
            field = forms.TypedChoiceField(
                coerce=int,
                widget=forms.RadioSelect,
                required=False,  # unchosen: the kept article's value, or the other's if empty
                empty_value=None,
                label=_label(name),
                choices=[(a.pk, value or "—") for a, value in zip(articles, values, strict=True)],
                initial=articles[0].pk if values[0] else articles[1].pk,
            )
            self.fields[f"field_{name}"] = field
            self.rows.append({"label": _label(name), "field": f"field_{name}"})
        for row in self.rows:
            if "field" in row:
                row["bound"] = self[row["field"]]

    def take_from(self, duplicate_pk: int) -> list[str]:
        """The fields whose chosen value is the duplicate's."""
        return [
            name
            for name in services.MERGE_FIELDS
            if self.cleaned_data.get(f"field_{name}") == duplicate_pk
        ]


def _label(name):
    return str(Article._meta.get_field(name).verbose_name).capitalize()


def _shown(article, name) -> str:
    value = getattr(article, name)
    display = getattr(article, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if value is None or value == "":
        return ""
    return str(value)
