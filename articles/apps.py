from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Every save of an article keeps a revision, its byline included, whether it comes
        # from the admin, the API or a command (the admin registers the same if first).
        import reversion

        # check --deploy: the page cache and the throttles need a cache shared by workers.
        from config import checks  # noqa: F401

        from . import counts, signals
        from .models import Article, ArticleAuthor
        from .search_index import repair_sqlite_index

        if not reversion.is_registered(ArticleAuthor):
            reversion.register(ArticleAuthor)
        if not reversion.is_registered(Article):
            reversion.register(Article, follow=["article_authors"])

        # Cached public pages go stale whenever content changes (e.g. on publish).
        signals.connect()
        # Membership changes (sent by partnerships.services) go into the audit trail.
        signals.connect_audit()
        # Published counts of subjects, authors, publishers and entities follow every write.
        counts.connect()
        # A later migration that rebuilds the articles table on SQLite drops the search
        # index's triggers: put them back after every migrate.
        post_migrate.connect(repair_sqlite_index, sender=self)
