"""Each article's JSON in API lists, built once per version of the article.

Serialising twenty articles with their authors, subjects, entities and publisher through
DRF's field machinery cost more than the SQL of the page (issue 14). A plain list request
(no ``fields=``, ``include=`` or ``expand=``, not an editor) therefore reads each article's
representation from the cache, keyed by its id, ``version``, ``updated_at`` and the site
address its URLs are built on (``articles.fragments.version_key``; renames of what it
embeds bump the fragments' "names" generation). Only the articles not cached are loaded
with their relations and serialised, by the same serializer: the output is the same.
"""

from django.db.models import prefetch_related_objects
from rest_framework import serializers

from articles import fragments
from articles.models import list_prefetches
from config.api_base import requested

from .filters import is_editor

SHAPING = ("fields", "include", "expand")


def plain_request(request) -> bool:
    """A list request whose items are the default representation for anyone."""
    if request is None or is_editor(getattr(request, "user", None)):
        return False
    context = {"request": request}
    return not any(requested(context, name) for name in SHAPING)


class VersionCachedListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        request = self.context.get("request")
        items = list(data.all() if hasattr(data, "all") else data)
        if not plain_request(request):
            prefetch_related_objects(items, "publisher", *list_prefetches())
            return super().to_representation(items)
        site = request.build_absolute_uri("/")
        kind = "api-" + type(self.child).__name__
        keys = [fragments.version_key(kind, item, site) for item in items]

        def render(positions):
            missing = [items[n] for n in positions]
            prefetch_related_objects(missing, "publisher", *list_prefetches())
            return [self.child.to_representation(item) for item in missing]

        return fragments.cached_values(keys, render)
