"""Apply the scheduled publications and expiries that have come.

Readers see a scheduled article from its time, and stop seeing an expired one, without this
command (``Article.objects.published()`` compares with now). What only follows a write does
not: the published counts of its subjects, authors, publishers and entities, the change
feed's rows for them (an author coming into or leaving public view), webhooks and cached
lists. This command writes each due article through ``article_apply_schedule`` (lock,
version, revision, audit "by the schedule", signals), like Wagtail's ``publish_scheduled``.
Run it every minute (cron, or a loop next to the task workers); it is idempotent, safe to
run from several machines at once (a row another run holds is skipped), and one index
lookup when nothing is due.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.models import Article
from articles.services import articles_apply_due_schedules


class Command(BaseCommand):
    help = "Apply the scheduled publications and expiries that have come (run every minute)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the due articles; change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        now = timezone.now()
        if dry_run:
            due = Article.objects.schedule_due(now).order_by("schedule_due_at", "pk")
            for pk, slug, moment in due.values_list("pk", "slug", "schedule_due_at"):
                self.stdout.write(f"due: #{pk} {slug} ({moment:%Y-%m-%d %H:%M %Z})")
            return
        applied = articles_apply_due_schedules(now=now)
        if verbosity > 1:
            for pk, action in applied:
                self.stdout.write(f"{action}: #{pk}")
        if verbosity:
            published = sum(1 for _pk, action in applied if action == "publish")
            self.stdout.write(
                f"Scheduled publications applied: {published}; "
                f"expiries applied: {len(applied) - published}."
            )
