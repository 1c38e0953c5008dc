"""FilterSets of the articles API: explicit ``field_name``/``lookup_expr`` and a help text
for every filter (it becomes the parameter's description in the OpenAPI schema)."""

import django_filters as filters
from django.db.models import Exists, OuterRef, Q
from rest_framework.exceptions import PermissionDenied

from articles.models import Article, Author, Language, Publisher, Topic
from articles.search import search_articles
from config import permissions
from config.api_filters import SlugListFilter, UpdatedFilterSet
from partnerships.models import Entity, Membership

MEMBER_ROLES = (Membership.Role.MEMBER, Membership.Role.FOUNDING_MEMBER)


def is_editor(user) -> bool:
    """Editors see every status; everyone else sees ``Article.objects.published()`` only."""
    return permissions.can_see_unpublished(user)


def _nameable(model, request):
    """Authors or publishers a client may name: for non-editors, only those of published
    articles, so that a filter's 400-versus-200 does not reveal one known only from drafts."""
    if is_editor(getattr(request, "user", None)):
        return model.objects.all()
    return model.objects.filter(published_count__gt=0)


def public_authors(request):
    return _nameable(Author, request)


def public_publishers(request):
    return _nameable(Publisher, request)


class ArticleFilter(UpdatedFilterSet):
    subject = SlugListFilter(
        field_name="topics",
        queryset=Topic.objects.all(),
        help_text=(
            "Subject (topic) slug. Several values mean any of them: repeat the parameter "
            "(?subject=a&subject=b) or separate slugs with commas (?subject=a,b). "
            "An unknown slug is a 400."
        ),
    )
    author = SlugListFilter(
        field_name="authors",
        queryset=public_authors,
        help_text="Author slug; several values (repeated or comma-separated) mean any of them.",
    )
    entity = SlugListFilter(
        field_name="entities",
        queryset=Entity.objects.all(),
        help_text=(
            "Slug of an entity the article is about; several values (repeated or "
            "comma-separated) mean any of them."
        ),
    )
    entity_or_members = SlugListFilter(
        field_name="entities",
        queryset=Entity.objects.all(),
        method="filter_entity_or_members",
        help_text=(
            "Slug of an entity: articles about it or about any of its members (entities "
            "that are or were a member or founding member of it), e.g. ?entity_or_members=nato. "
            "Several values (repeated or comma-separated) mean any of them."
        ),
    )
    publisher = SlugListFilter(
        field_name="publisher",
        queryset=public_publishers,
        help_text="Publisher slug; several values (repeated or comma-separated) mean any.",
    )
    kind = filters.ChoiceFilter(
        field_name="kind",
        lookup_expr="exact",
        choices=Article.Kind.choices,
        help_text="Kind of article.",
    )
    language = filters.ChoiceFilter(
        field_name="language",
        lookup_expr="exact",
        choices=Language.choices,
        help_text="Language the article is written in.",
    )
    published_after = filters.DateFilter(
        field_name="published_on",
        lookup_expr="gte",
        help_text="Published on or after this date (YYYY-MM-DD); undated articles are left out.",
    )
    published_before = filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        help_text="Published on or before this date (YYYY-MM-DD); undated articles are left out.",
    )
    status = filters.ChoiceFilter(
        field_name="status",
        lookup_expr="exact",
        choices=Article.Status.choices,
        method="filter_status",
        help_text=(
            "Editorial status. Editors only (token with the view permission): anyone else "
            "gets a 403, since they only ever see published articles."
        ),
    )
    q = filters.CharFilter(
        method="filter_search",
        help_text=(
            "Free text, the site search's rules: every word required, stemmed, accents, "
            "case and apostrophes ignored; a name or alias of an entity in either language "
            "(NATO, OTAN, Alliance atlantique) also finds the articles linked to it. "
            "Results come best first unless `ordering` is given."
        ),
    )

    class Meta:
        model = Article
        fields = []

    def filter_entity_or_members(self, queryset, name, value):
        if not value:
            return queryset
        members = Membership.objects.filter(group__in=value, role__in=MEMBER_ROLES).values("member")
        links = Article.entities.through.objects.filter(article=OuterRef("pk")).filter(
            Q(entity__in=value) | Q(entity__in=members)
        )
        return queryset.filter(Exists(links))

    def filter_status(self, queryset, name, value):
        if not is_editor(getattr(self.request, "user", None)):
            raise PermissionDenied(
                "Only editors may filter by status; other clients see published articles only."
            )
        return queryset.filter(status=value)

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return search_articles(queryset, value)


class TopicFilter(UpdatedFilterSet):
    parent = filters.ModelChoiceFilter(
        field_name="parent",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        help_text="Slug of the parent subject: its direct sub-subjects.",
    )

    class Meta:
        model = Topic
        fields = []


class AuthorFilter(UpdatedFilterSet):
    class Meta:
        model = Author
        fields = []


class PublisherFilter(UpdatedFilterSet):
    class Meta:
        model = Publisher
        fields = []
