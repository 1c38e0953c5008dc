"""Recount the published articles of every subject, author, publisher and entity, and the
facet cells of subject pages and the catalogue (``articles.models.FacetCount``).

Writes keep the counts by themselves (``articles.counts``), and ``publish_due`` applies
scheduled publications and expiries as writes; this is the repair after a bulk load, or
for schedules that came due before ``publish_due`` existed (its migration plans only those
still to come).
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.counts import recount_all


class Command(BaseCommand):
    help = "Recount the published articles of subjects, authors, publishers and entities."

    def handle(self, *args, **options):
        start = time.perf_counter()
        with transaction.atomic():
            recount_all()
        if options["verbosity"]:
            self.stdout.write(f"Published counts recounted in {time.perf_counter() - start:.1f} s.")
