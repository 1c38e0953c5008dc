"""Admin for editors: subjects, authors, publishers, articles, the review queue, the audit
trail. Split by audience: ``taxonomy`` (subjects, authors, publishers), ``article`` (the
article form, workflow, history, preview, merge), ``queue`` (review queue), ``audit``,
``users`` (accounts and roles)."""

from . import article, audit, desk, queue, taxonomy, users  # noqa: F401  (registers the ModelAdmins)
