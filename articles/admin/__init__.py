"""Admin for editors: subjects, authors, publishers, articles, the review queue, the audit
trail. Split by audience: ``taxonomy`` (subjects, authors, publishers), ``article`` (the
article form, workflow, history, preview, merge), ``queue`` (review queue), ``audit``,
``users`` (accounts and roles)."""

from . import (  # noqa: F401  (registers the ModelAdmins)
    article,
    audit,
    desk,
    queue,
    rubric,
    taxonomy,
    users,
)
