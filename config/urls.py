"""Top-level URLs. Public pages are language-prefixed (/en/, /fr/); "/" redirects by the
browser's language. The admin and the API are not translated."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(("config.api", "api"), namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("partnerships.urls")),
    prefix_default_language=True,
)
