"""Forms of the public site."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    """The search box. Django's CharField refuses NUL characters, which PostgreSQL cannot
    store or compare: such a query is a 400 with a message, not a database error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=500, strip=True)


class AsOfForm(forms.Form):
    """The date picker of an entity page: who belonged to it on that date."""

    on = forms.DateField(
        label=_("As of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Members and partners on that date; leave empty for the whole history."),
    )
