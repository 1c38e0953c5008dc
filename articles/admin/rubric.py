"""Rubrics: a publisher's labels, mapped by editors to subjects (once; imports follow)."""

from django.contrib import admin, messages
from django.utils.translation import gettext

from ..models import Rubric
from ..rubrics import rubric_map


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "publisher", "language", "topic"]
    list_filter = ["publisher", "language", ("topic", admin.EmptyFieldListFilter)]
    list_editable = ["topic"]
    list_select_related = ["publisher", "topic"]
    search_fields = ["name"]
    autocomplete_fields = ["topic"]
    fields = ["name", "slug", "publisher", "language", "topic"]
    readonly_fields = ["name", "slug", "publisher", "language"]

    def has_add_permission(self, request):
        return False  # rubrics come from imported pages

    def save_model(self, request, obj, form, change):
        filed = rubric_map(rubric=obj, topic=obj.topic, user=request.user)
        if filed:
            self.message_user(
                request,
                gettext("%(count)d articles filed under %(topic)s.")
                % {"count": filed, "topic": obj.topic},
                messages.SUCCESS,
            )
