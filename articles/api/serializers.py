"""Serializers of the articles API: compact embeds for lists, full bodies for details, and
write serializers whose data the views hand to ``articles.services``."""

from rest_framework import serializers

from articles.models import Article, Author, Publisher, Topic
from config.api_base import StrictJSONTypesMixin, requested
from config.api_fields import ApiUrlField, PublicUrlField
from partnerships.models import Entity

from .caching import VersionCachedListSerializer


class TopicCompactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "name_fr"]


class AuthorCompactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["id", "slug", "name", "kind"]


class PublisherCompactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = ["id", "slug", "name"]


class EntityCompactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "slug", "name", "short_name", "kind"]


class TopicExpandedSerializer(serializers.ModelSerializer):
    """A subject in full, for ``expand=topics``."""

    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = PublicUrlField()
    api_url = ApiUrlField("topic-detail")

    class Meta:
        model = Topic
        fields = [
            *TopicCompactSerializer.Meta.fields,
            "description",
            "description_fr",
            "parent",
            "url",
            "api_url",
        ]


class AuthorExpandedSerializer(serializers.ModelSerializer):
    """An author in full, for ``expand=authors``."""

    url = PublicUrlField()
    api_url = ApiUrlField("author-detail")

    class Meta:
        model = Author
        fields = [*AuthorCompactSerializer.Meta.fields, "bio", "url", "api_url"]


class PublisherExpandedSerializer(serializers.ModelSerializer):
    """A publisher in full, for ``expand=publisher``."""

    website = serializers.CharField(source="url", read_only=True)
    url = PublicUrlField()
    api_url = ApiUrlField("publisher-detail")

    class Meta:
        model = Publisher
        fields = [
            *PublisherCompactSerializer.Meta.fields,
            "website",
            "description",
            "url",
            "api_url",
        ]


#: ``expand=`` name: (field, expanded serializer, its keyword arguments).
EXPANSIONS = {
    "authors": (AuthorExpandedSerializer, {"source": "ordered_authors", "many": True}),
    "topics": (TopicExpandedSerializer, {"many": True}),
    "publisher": (PublisherExpandedSerializer, {"allow_null": True}),
}


class ArticleSerializer(serializers.ModelSerializer):
    """An article as a list shows it: authors in byline order, subjects and entities compact.

    ``include=body`` adds the body (a harvest in list requests only); ``expand=authors``,
    ``topics`` or ``publisher`` embeds them in full.
    """

    authors = AuthorCompactSerializer(source="ordered_authors", many=True, read_only=True)
    topics = TopicCompactSerializer(many=True, read_only=True)
    entities = EntityCompactSerializer(many=True, read_only=True)
    publisher = PublisherCompactSerializer(read_only=True, allow_null=True)
    source_url = serializers.CharField(
        read_only=True, help_text="Address of the original page; empty when unknown."
    )
    body = serializers.CharField(
        read_only=True, help_text="Plain text. In lists only with `include=body`."
    )
    url = PublicUrlField(help_text="Its public page (the old slug's address redirects there).")
    api_url = ApiUrlField("article-detail")

    always_included = ()

    class Meta:
        model = Article
        # Plain lists: each item's JSON cached per article version (articles.api.caching).
        list_serializer_class = VersionCachedListSerializer
        fields = [
            "id",
            "slug",
            "url",
            "api_url",
            "title",
            "kind",
            "language",
            "summary",
            "body",
            "is_excerpt",
            "published_on",
            "published_precision",
            "status",
            "featured",
            "authors",
            "topics",
            "entities",
            "publisher",
            "source_url",
            "source_name",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        if self.context.get("request") is None or getattr(view, "swagger_fake_view", False):
            return fields  # the schema: every field a response may carry
        # Naming a heavy field in ``fields=`` includes it too.
        named = {path.split(".")[0] for path in requested(self.context, "fields")}
        included = requested(self.context, "include") | named | set(self.always_included)
        if "body" not in included:
            fields.pop("body", None)
        for name in requested(self.context, "expand") & set(EXPANSIONS):
            serializer_class, kwargs = EXPANSIONS[name]
            fields[name] = serializer_class(read_only=True, **kwargs)
        return fields


class ArticleDetailSerializer(ArticleSerializer):
    always_included = ("body",)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "caption", "publish_at", "expire_at"]
        read_only_fields = fields


class ArticleWriteSerializer(StrictJSONTypesMixin, serializers.Serializer):
    """What an editor sends. ``version`` is required on updates (optimistic locking)."""

    read_only_hints = {
        "status": "Read-only here: change it with POST /api/v1/articles/{slug}/transition/."
    }

    title = serializers.CharField(max_length=500)
    slug = serializers.SlugField(max_length=200)
    kind = serializers.ChoiceField(choices=Article.Kind.choices, required=False)
    language = serializers.ChoiceField(choices=Article._meta.get_field("language").choices)
    summary = serializers.CharField(required=False, allow_blank=True)
    is_excerpt = serializers.BooleanField(required=False)
    body = serializers.CharField(required=False, allow_blank=True)
    caption = serializers.CharField(required=False, allow_blank=True, max_length=500)
    published_on = serializers.DateField(required=False, allow_null=True)
    published_precision = serializers.ChoiceField(
        choices=Article._meta.get_field("published_precision").choices,
        required=False,
        help_text="How much of `published_on` the source gives: day, month or year.",
    )
    featured = serializers.BooleanField(required=False)
    publisher = serializers.SlugRelatedField(
        slug_field="slug", queryset=Publisher.objects.all(), required=False, allow_null=True
    )
    authors = serializers.ListField(
        child=serializers.SlugField(max_length=200),
        required=False,
        max_length=50,
        help_text="Author slugs in byline order.",
    )
    topics = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
    )
    entities = serializers.SlugRelatedField(
        slug_field="slug", queryset=Entity.objects.all(), many=True, required=False
    )
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    source_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=(
            "When updating: the version you read (or send If-Match with the ETag instead; "
            "with neither the answer is a 428). If the article was saved since, the update "
            "is refused with a 409 giving `current_version`."
        ),
    )

    def validate_authors(self, slugs):
        if len(set(slugs)) != len(slugs):
            raise serializers.ValidationError("An author appears twice.")
        found = {a.slug: a for a in Author.objects.filter(slug__in=slugs)}
        missing = [s for s in slugs if s not in found]
        if missing:
            raise serializers.ValidationError(f"Unknown author(s): {', '.join(missing)}.")
        return [found[s] for s in slugs]


class TransitionSerializer(StrictJSONTypesMixin, serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["submit", "send_back", "publish", "unpublish", "archive"],
        help_text="Workflow move; publishing needs the publish permission.",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version you read (or send If-Match instead; with neither, a 428).",
    )
    publish_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="With `publish`: schedule it."
    )
    expire_at = serializers.DateTimeField(required=False, allow_null=True)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="For the author and the history; required with `send_back`.",
    )


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    related = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    article_count = serializers.IntegerField(
        read_only=True, help_text="Number of published articles on this subject."
    )
    url = PublicUrlField()
    api_url = ApiUrlField("topic-detail")

    class Meta:
        model = Topic
        fields = [
            "id",
            "slug",
            "url",
            "api_url",
            "name",
            "name_fr",
            "description",
            "description_fr",
            "parent",
            "related",
            "article_count",
            "updated_at",
        ]


class AuthorSerializer(serializers.ModelSerializer):
    article_count = serializers.IntegerField(
        read_only=True, help_text="Number of published articles the author signs."
    )
    url = PublicUrlField()
    api_url = ApiUrlField("author-detail")

    class Meta:
        model = Author
        fields = ["id", "slug", "url", "api_url", "name", "kind", "bio", "article_count"]
        fields += ["updated_at"]


class PublisherSerializer(serializers.ModelSerializer):
    website = serializers.CharField(
        source="url", read_only=True, help_text="Website; empty when unknown."
    )
    article_count = serializers.IntegerField(
        read_only=True, help_text="Number of published articles from this publisher."
    )
    url = PublicUrlField()
    api_url = ApiUrlField("publisher-detail")

    class Meta:
        model = Publisher
        fields = ["id", "slug", "url", "api_url", "name", "website", "description"]
        fields += ["article_count", "updated_at"]
