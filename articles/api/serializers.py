"""Serializers of the articles API: compact embeds for lists, full bodies for details, and
write serializers whose data the views hand to ``articles.services``."""

from rest_framework import serializers

from articles.models import Article, Author, Publisher, Topic
from config.api_base import StrictJSONTypesMixin
from partnerships.models import Entity


class TopicCompactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "name_fr"]


class AuthorCompactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["slug", "name", "kind"]


class PublisherCompactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = ["slug", "name"]


class EntityCompactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["slug", "name", "short_name", "kind"]


class ArticleSerializer(serializers.ModelSerializer):
    """An article as a list shows it: authors in byline order, subjects and entities compact."""

    authors = AuthorCompactSerializer(source="ordered_authors", many=True, read_only=True)
    topics = TopicCompactSerializer(many=True, read_only=True)
    entities = EntityCompactSerializer(many=True, read_only=True)
    publisher = PublisherCompactSerializer(read_only=True, allow_null=True)
    source_url = serializers.CharField(
        read_only=True, help_text="Address of the original page; empty when unknown."
    )

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "kind",
            "language",
            "summary",
            "is_excerpt",
            "published_on",
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


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "caption", "publish_at", "expire_at"]
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
            "Required when updating: the version you read. If the article was saved since, "
            "the update is refused with a 409 giving `current_version`."
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

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": ["Give the version you read, so that no one's change is lost."]}
            )
        return attrs


class TransitionSerializer(StrictJSONTypesMixin, serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["submit", "send_back", "publish", "unpublish", "archive"],
        help_text="Workflow move; publishing needs the publish permission.",
    )
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")
    publish_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="With `publish`: schedule it."
    )
    expire_at = serializers.DateTimeField(required=False, allow_null=True)


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    related = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    article_count = serializers.IntegerField(
        read_only=True, help_text="Number of published articles on this subject."
    )

    class Meta:
        model = Topic
        fields = [
            "slug",
            "name",
            "name_fr",
            "description",
            "description_fr",
            "parent",
            "related",
            "article_count",
        ]


class AuthorSerializer(serializers.ModelSerializer):
    article_count = serializers.IntegerField(
        read_only=True, help_text="Number of published articles the author signs."
    )

    class Meta:
        model = Author
        fields = ["slug", "name", "kind", "bio", "article_count"]


class PublisherSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="Website; empty when unknown.")
    article_count = serializers.IntegerField(
        read_only=True, help_text="Number of published articles from this publisher."
    )

    class Meta:
        model = Publisher
        fields = ["slug", "name", "url", "description", "article_count"]
