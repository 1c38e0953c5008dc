"""Every public page (under /en/ and /fr/): articles, subjects, authors, publishers,
partnerships, search and feeds."""

from django.urls import path

from . import views
from .caching import cache_public_page
from .feeds import LatestArticlesFeed, TopicArticlesFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("subjects/", views.topic_list, name="topic_list"),
    path("subjects/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("subjects/<slug:slug>/feed/", cache_public_page(TopicArticlesFeed()), name="topic_feed"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path(
        "articles/<slug:slug>/cite.<str:fmt>",
        views.article_citation,
        name="article_citation",
    ),
    path("authors/", views.author_list, name="author_list"),
    path("authors/<slug:slug>/", views.author_detail, name="author_detail"),
    path("publishers/<slug:slug>/", views.publisher_detail, name="publisher_detail"),
    path("partnerships/", views.entity_list, name="entity_list"),
    path("partnerships/<slug:slug>/", views.entity_detail, name="entity_detail"),
    path("search/", views.search, name="search"),
    path("feeds/", cache_public_page(LatestArticlesFeed()), name="feed"),
]
