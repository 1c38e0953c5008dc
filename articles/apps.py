from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Cached public pages go stale whenever content changes (e.g. on publish).
        from . import signals

        signals.connect()
