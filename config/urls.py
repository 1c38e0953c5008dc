"""Top-level URLs. Public pages are language-prefixed (/en/, /fr/); "/" redirects by the
browser's language (LocaleMiddleware, since every public page is under i18n_patterns).
The admin, the API and /sitemap.xml are not translated."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from articles.caching import cache_public_page
from articles.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(("config.api", "api"), namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path(
        "sitemap.xml",
        cache_public_page(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    prefix_default_language=True,
)

# A database outage met outside a view is a 503 too; other errors the site's own 500 page.
handler500 = "config.errors.server_error"
