"""Admin for partnership entities: editors curate names, aliases and who belongs to what."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.admin_pages import action_form_data, action_page, refuse

from .models import DatePrecision, Entity, EntityAlias, Membership, Milestone, Source
from .services import membership_delete, membership_end, membership_save


class EndMembershipForm(forms.Form):
    until = forms.DateField(
        label=_("Ended on"),
        help_text=_("YYYY-MM-DD. The membership stays in the history, closed on this date."),
    )
    precision = forms.ChoiceField(
        choices=DatePrecision.choices,
        initial=DatePrecision.YEAR,
        label=_("Precision"),
        help_text=_("How much of the date the source gives: often only the year."),
    )
    source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("-as_of", "title"),
        label=_("Source of the end"),
        help_text=_(
            "The document that states the end (add it under Sources first): an end is "
            "never attributed to the source that stated the start."
        ),
    )


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    fields = ["name", "language"]


class MembershipInline(admin.TabularInline):
    """The entity's members, with dates and sources, editable where the entity is."""

    model = Membership
    fk_name = "group"
    extra = 0
    autocomplete_fields = ["member", "source", "until_source"]
    fields = [
        "member",
        "role",
        "since",
        "since_precision",
        "source",
        "evidence",
        "until",
        "until_precision",
        "until_source",
    ]
    verbose_name = _("member")
    verbose_name_plural = _("members and partners")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["date", "precision", "title", "source"]


class MembershipsThroughServicesMixin:
    """Memberships saved and deleted in the admin (their own form or an entity's inline)
    go through the services: permission, validation and the audit trail."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for membership in formset.save(commit=False):
            membership_save(membership=membership, user=request.user)
        for membership in formset.deleted_objects:
            membership_delete(membership=membership, user=request.user)
        formset.save_m2m()
        return None


@admin.register(Entity)
class EntityAdmin(MembershipsThroughServicesMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "country", "start_date"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    search_fields = ["name", "name_fr", "short_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline, MembershipInline, MilestoneInline]
    fieldsets = [
        (None, {"fields": ["name", "name_fr", "short_name", "slug", "kind", "country", "parent"]}),
        (_("Description"), {"fields": ["description"]}),
        (
            _("Dates"),
            {"fields": [("start_date", "start_precision"), ("end_date", "end_precision")]},
        ),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "role", "group", "since", "until", "source", "until_source"]
    list_filter = [
        "role",
        "group__kind",
        ("until", admin.EmptyFieldListFilter),
        ("source", admin.EmptyFieldListFilter),  # the editors' desk: "broken facts"
    ]
    search_fields = [
        "member__name",
        "group__name",
        "group__short_name",
        "source__title",
        "evidence",
    ]

    def save_model(self, request, obj, form, change):
        membership_save(membership=obj, user=request.user)

    def delete_model(self, request, obj):
        membership_delete(membership=obj, user=request.user)

    autocomplete_fields = ["member", "group", "source", "until_source"]
    list_select_related = ["member", "group", "source", "until_source"]
    date_hierarchy = "since"
    actions = ["end_selected"]

    @admin.action(
        permissions=["change"], description=_("End selected memberships (keep their history)")
    )
    def end_selected(self, request, queryset):
        """Set "until" on each selected membership after asking for the date; deletes nothing."""
        form = EndMembershipForm(action_form_data(request))
        if not form.is_valid():
            return action_page(
                self,
                request,
                queryset=queryset,
                form=form,
                action="end_selected",
                title=gettext("End memberships"),
                button=gettext("End them"),
            )
        try:
            with transaction.atomic():
                for membership in queryset:
                    membership_end(
                        membership=membership,
                        user=request.user,
                        until=form.cleaned_data["until"],
                        precision=form.cleaned_data["precision"],
                        source=form.cleaned_data["source"],
                    )
                    self.log_change(request, membership, gettext("Ended the membership."))
        except (PermissionDenied, ValidationError) as error:
            refuse(self, request, error)
            return None
        self.message_user(
            request,
            gettext("%(count)d memberships ended.") % {"count": queryset.count()},
            messages.SUCCESS,
        )
        return None


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "as_of", "url"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "as_of"


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["entity", "date", "precision", "title", "source"]
    search_fields = ["title", "entity__name"]
    autocomplete_fields = ["entity", "source"]
    list_select_related = ["entity", "source"]
