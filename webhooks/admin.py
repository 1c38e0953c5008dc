"""Editors register webhook endpoints and read the delivery log here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Delivery, Endpoint, Event


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The changes of the public catalogue this address receives."),
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "active", "secret"]


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "description", "event_list", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "description"]

    @admin.display(description=_("events"))
    def event_list(self, obj):
        return ", ".join(obj.events)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "endpoint",
        "event",
        "status",
        "attempts",
        "response_status",
        "next_attempt_at",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["endpoint"]
    search_fields = ["endpoint__url", "error"]
    readonly_fields = [
        "endpoint",
        "change",
        "event",
        "payload",
        "status",
        "attempts",
        "response_status",
        "error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
    ]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected deliveries again"), permissions=["change"])
    def retry(self, request, queryset):
        from .tasks import enqueue

        count = 0
        for delivery in queryset:
            delivery.status = Delivery.Status.PENDING
            delivery.save(update_fields=["status"])
            enqueue(delivery)
            count += 1
        self.message_user(request, _("%(count)d deliveries queued.") % {"count": count})
