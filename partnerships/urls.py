"""Public partnership pages (under /en/ and /fr/)."""

from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.entity_list, name="entity_list"),
    path("partnerships/<slug:slug>/", views.entity_detail, name="entity_detail"),
]
