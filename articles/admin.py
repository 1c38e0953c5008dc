"""Admin for editors: subjects, authors, publishers and articles."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleAuthor, Author, Publisher, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "parent", "slug"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_fr", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "related"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    search_fields = ["name", "url"]
    prepopulated_fields = {"slug": ["name"]}


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("byline (in signing order)")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "language",
        "status",
        "published_on",
        "publisher",
        "updated_at",
    ]
    list_filter = ["status", "kind", "language", "publisher", "featured", "topics"]
    list_select_related = ["publisher"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "entities", "publisher"]
    date_hierarchy = "published_on"
    inlines = [ArticleAuthorInline]
    readonly_fields = ["version", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language", "publisher"]}),
        (_("Text"), {"fields": ["summary", "is_excerpt", "body", "caption"]}),
        (_("Classification"), {"fields": ["topics", "entities", "featured"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_on", "publish_at", "expire_at"]},
        ),
        (_("Source"), {"fields": ["source_name", "source_url"]}),
        (_("Record"), {"fields": ["version", "created_at", "updated_at"]}),
    ]
