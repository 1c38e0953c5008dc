"""Subjects, authors and publishers: the vocabulary editors file articles under."""

from django.contrib import admin

from ..models import Author, Publisher, Topic


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
