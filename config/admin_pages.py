"""Admin building blocks shared by the ModelAdmins of ``articles`` and ``partnerships``.

An action that needs a choice first (a date, a subject, which article to keep) shows
``action_page()``: the selected rows and the form, posted back with ``apply``; the form is
bound (``action_form_data()``) only on that second post. A service that refuses the action
is reported by ``refuse()``: one error message, nothing changed.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def action_form_data(request):
    """The POST data once the intermediate page was submitted (``apply``), else None."""
    return request.POST if "apply" in request.POST else None


def action_page(modeladmin, request, *, queryset, form, action, title, button):
    """The intermediate page of an action that needs a choice before it runs."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "button": button,
        "form": form,
        "action": action,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/action_form.html", context)


def refuse(modeladmin, request, error):
    """Report a service's refusal (PermissionDenied or ValidationError) to the editor."""
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    modeladmin.message_user(
        request, _("Nothing was changed: %(reason)s") % {"reason": text}, messages.ERROR
    )
