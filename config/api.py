"""The JSON API under /api/v1/: router, OpenAPI schema and interactive docs.

The docs page loads Swagger UI from the project's static files (drf-spectacular-sidecar),
never from a CDN.
"""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from articles.api.views import ArticleViewSet, AuthorViewSet, PublisherViewSet, TopicViewSet
from changes.api import ChangeFeedView
from config.api_errors import api_not_found
from partnerships.api.views import EntityViewSet, MembershipViewSet

router = DefaultRouter()
# No ".json" suffix routes: one URL per resource, and the schema lists exactly those.
router.include_format_suffixes = False
router.register("articles", ArticleViewSet, basename="article")
router.register("topics", TopicViewSet, basename="topic")
router.register("authors", AuthorViewSet, basename="author")
router.register("publishers", PublisherViewSet, basename="publisher")
router.register("entities", EntityViewSet, basename="entity")
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    # Swagger UI injects <style> elements as it renders: this page alone allows inline
    # style (never inline script).
    path(
        "docs/",
        csp_update({"style-src": ["'self'", "'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("changes/", ChangeFeedView.as_view(), name="changes"),
    # Last: any other address under /api/v1/ is a problem+json 404, not the site's HTML page.
    re_path(r"^.*$", api_not_found, name="not_found"),
]
