"""Issue (or rotate) the API token of an editor account.

Editors write through the API with ``Authorization: Token <key>``. Tokens can also be
managed in the admin (Auth Token › Tokens); this command is for scripts and servers.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print the API token of USERNAME, creating it if needed (--rotate replaces it)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="Revoke the current token and issue a new one."
        )

    @transaction.atomic
    def handle(self, *args, username, rotate, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"{username!r} is inactive; activate the account first.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if options["verbosity"] >= 1:
            state = "issued" if created else "existing"
            self.stderr.write(f"{state} token for {username!r}:")
        self.stdout.write(token.key)
