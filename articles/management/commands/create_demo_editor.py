"""Create (or reset) the demo editor account that `make run` prints, for local use only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.services import demo_editor_ensure

WILDCARDS = {"0.0.0.0", "::", "[::]", ""}


def served_url(address: str) -> str:
    """The URL a browser opens for runserver's ``addrport`` (``8000``, ``host:port``,
    ``[::1]:port``): what `make run` really serves, not a hard-coded port."""
    address = (address or "").strip()
    if address.isdigit():
        host, port = "127.0.0.1", address
    elif ":" in address and not address.endswith("]"):
        host, port = address.rsplit(":", 1)
    else:
        host, port = address, "8000"
    if host in WILDCARDS:
        host = "127.0.0.1" if host in {"0.0.0.0", ""} else "[::1]"
    return f"http://{host}:{port}/"


class Command(BaseCommand):
    help = "Create or reset the demo editor account and print its login (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="editor-demo-password")
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="The address runserver will serve on (make run passes its HOST).",
        )

    def handle(self, *args, username, password, address, **options):
        if not settings.DEBUG:
            raise CommandError("The demo editor is for development only (DEBUG is off).")
        demo_editor_ensure(username=username, password=password)
        url = served_url(address)
        self.stdout.write(
            self.style.SUCCESS(
                f"Site: {url}en/ · Editors' desk: {url}admin/ — log in as {username!r} "
                f"with password {password!r}"
            )
        )
