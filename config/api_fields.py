"""Identity fields every API object carries: an immutable ``id``, ``url`` (its public page)
and ``api_url`` (its API address, by id, which no rename breaks)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class PublicUrlField(serializers.Field):
    """The object's public page, in its own language when it has one (articles)."""

    def __init__(self, *, via: str | None = None, **kwargs):
        self.via = via
        kwargs.update(read_only=True, source="*")
        kwargs.setdefault("help_text", "Address of its public page.")
        super().__init__(**kwargs)

    def to_representation(self, obj):
        target = getattr(obj, self.via) if self.via else obj
        language = getattr(target, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            return _absolute(self.context, target.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The object's API address by id: stable across slug changes."""

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        kwargs.update(read_only=True, source="*")
        kwargs.setdefault("help_text", "Its API address, by id (stable when the slug changes).")
        super().__init__(**kwargs)

    def to_representation(self, obj):
        lookup = "pk" if self.view_name == "membership-detail" else "slug"
        path = reverse(f"api:{self.view_name}", kwargs={lookup: obj.pk})
        return _absolute(self.context, path)
