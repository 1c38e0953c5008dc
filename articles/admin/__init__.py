"""Admin for editors: subjects, authors, publishers, articles, the review queue, the audit
trail. Split by audience: ``taxonomy`` (subjects, authors, publishers), ``article`` (the
article form, workflow, history, preview, merge), ``queue`` (review queue), ``audit``."""

from . import article, audit, queue, rubric, taxonomy  # noqa: F401  (registers the ModelAdmins)
