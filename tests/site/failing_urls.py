"""The project's URLs plus one view that fails, for the 500 page test."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from config.urls import handler500, urlpatterns  # noqa: F401 - the project's own handler


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, *i18n_patterns(path("broken/", broken))]
