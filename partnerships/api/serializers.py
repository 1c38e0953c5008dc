"""Serializers of the partnerships API. Entities embed their memberships both ways (what
they belong to, who belongs to them) with dates, their precision and the stating source."""

from rest_framework import serializers

from config.api_base import StrictJSONTypesMixin
from config.api_fields import ApiUrlField, PublicUrlField
from partnerships.models import Entity, EntityAlias, Membership, Source


class EntityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "slug", "name", "short_name", "kind"]


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="Address; empty when unknown.")

    class Meta:
        model = Source
        fields = ["id", "title", "url", "publisher", "as_of"]


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntityAlias
        fields = ["name", "language"]


_DATES = [
    "role",
    "since",
    "since_precision",
    "until",
    "until_precision",
    "source",
    "until_source",
    "note",
]


class MembershipSerializer(serializers.ModelSerializer):
    member = EntityRefSerializer(read_only=True)
    group = EntityRefSerializer(read_only=True)
    source = SourceSerializer(read_only=True, allow_null=True)
    until_source = SourceSerializer(
        read_only=True, allow_null=True, help_text="The source that states the end."
    )
    url = PublicUrlField(via="group", help_text="The public page of the group.")
    api_url = ApiUrlField("membership-detail")

    class Meta:
        model = Membership
        fields = [
            "id",
            "url",
            "api_url",
            "member",
            "group",
            *_DATES,
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class GroupMembershipSerializer(MembershipSerializer):
    """A membership seen from its member: which group, in which role, when."""

    class Meta(MembershipSerializer.Meta):
        fields = ["id", "group", *_DATES]
        read_only_fields = fields


class MemberMembershipSerializer(MembershipSerializer):
    """A membership seen from its group: which member, in which role, when."""

    class Meta(MembershipSerializer.Meta):
        fields = ["id", "member", *_DATES]
        read_only_fields = fields


class EntitySerializer(serializers.ModelSerializer):
    country = serializers.CharField(
        source="country.code", read_only=True, help_text="ISO 3166 code (states only)."
    )
    aliases = AliasSerializer(many=True, read_only=True)
    memberships = GroupMembershipSerializer(
        many=True, read_only=True, help_text="Groups this entity belongs or belonged to."
    )
    members = MemberMembershipSerializer(
        many=True, read_only=True, help_text="Entities that belong or belonged to this one."
    )
    url = PublicUrlField()
    api_url = ApiUrlField("entity-detail")

    class Meta:
        model = Entity
        fields = [
            "id",
            "slug",
            "url",
            "api_url",
            "name",
            "name_fr",
            "short_name",
            "kind",
            "country",
            "description",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "aliases",
            "memberships",
            "members",
            "updated_at",
        ]
        read_only_fields = fields


class MembershipWriteSerializer(StrictJSONTypesMixin, serializers.Serializer):
    member = serializers.SlugRelatedField(slug_field="slug", queryset=Entity.objects.all())
    group = serializers.SlugRelatedField(slug_field="slug", queryset=Entity.objects.all())
    role = serializers.ChoiceField(choices=Membership.Role.choices, required=False)
    since = serializers.DateField(required=False, allow_null=True)
    since_precision = serializers.ChoiceField(
        choices=Membership._meta.get_field("since_precision").choices, required=False
    )
    until = serializers.DateField(required=False, allow_null=True)
    until_precision = serializers.ChoiceField(
        choices=Membership._meta.get_field("until_precision").choices, required=False
    )
    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), required=False, allow_null=True, help_text="Source id."
    )
    until_source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(),
        required=False,
        allow_null=True,
        help_text=(
            "Id of the source that states the end. Required with `until`: setting `until` "
            "ends the membership as the admin does (a source dated before the end is refused)."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=(
            "On updates: the version you read (or send If-Match with the ETag instead); a "
            "stale one is a 409 giving `current_version`."
        ),
    )
