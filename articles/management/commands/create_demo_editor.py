"""Create (or reset) the demo editor account that `make run` prints, for local use only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.services import demo_editor_ensure


class Command(BaseCommand):
    help = "Create or reset the demo editor account and print its login (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="editor-demo-password")

    def handle(self, *args, username, password, **options):
        if not settings.DEBUG:
            raise CommandError("The demo editor is for development only (DEBUG is off).")
        demo_editor_ensure(username=username, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor: log in at http://127.0.0.1:8000/admin/ "
                f"as {username!r} with password {password!r}"
            )
        )
