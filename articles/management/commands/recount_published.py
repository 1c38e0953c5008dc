"""Catch the published counts of subjects, authors, publishers and entities, and the facet
cells of subject pages and the catalogue (``articles.models.FacetCount``), up with time.

Writes keep the counts by themselves (``articles.counts``), and ``publish_due`` applies
scheduled publications and expiries as writes. This is the repair: each run recounts only
the articles whose publication time or expiry passed since the previous run (milliseconds),
which catches up schedules that came due while ``publish_due`` was not running (or before it
existed: its migration plans only those still to come); ``--all`` rebuilds every count, the
repair after a bulk load or a restore (minutes at a million articles).
"""

import time

from django.core.management.base import BaseCommand

from articles.counts import recount_all, recount_scheduled


class Command(BaseCommand):
    help = "Recount the published articles of subjects, authors, publishers and entities."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Recount everything, not only what came due since the last run.",
        )

    def handle(self, *args, **options):
        start = time.perf_counter()
        if options["all"]:
            recount_all()
            done = "Every published count recounted"
        else:
            due = recount_scheduled()
            done = (
                "Every published count recounted (first run)"
                if due is None
                else f"{due} scheduled or expired article(s) recounted"
            )
        if options["verbosity"]:
            self.stdout.write(f"{done} in {time.perf_counter() - start:.1f} s.")
