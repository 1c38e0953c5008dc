"""Signals the article services send, for the apps that follow content (change feed,
webhooks) without the services knowing them.

Each is sent inside the service's transaction, after the write: a receiver that writes rows
(the change feed) commits or rolls back with it; one with outside effects (webhooks) must
defer them with ``transaction.on_commit``.
"""

from django.dispatch import Signal

#: ``article`` was created, edited or moved through the workflow. ``action``: "created",
#: "updated", or the workflow move ("submit", "send_back", "publish", "schedule",
#: "unpublish", "archive"); ``previous_slug`` is set when the slug changed.
article_changed = Signal()

#: Articles written in bulk (the importer): ``pks`` and ``action`` ("created" or "updated").
articles_bulk_changed = Signal()

#: ``duplicate_pk``/``duplicate_slug`` were folded into ``keep`` and deleted.
article_merged = Signal()
