"""Import scraped pages (default: every seeds/documents/*.txt).

Why a command: a fresh clone gets a full site with ``make run`` (``--publish``), and
editors' re-imports are safe: idempotent, one transaction, editor changes kept.
"""

import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from seeds.services import SeedImportError, import_documents, load_document

DEFAULT_DIR = Path(settings.BASE_DIR) / "seeds" / "documents"


class Command(BaseCommand):
    help = (
        "Import scraped pages: articles, subjects, authors and partnership facts, with "
        "provenance. Idempotent; all files in one transaction; nothing written on error."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Page files (default: seeds/documents/*.txt)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, write nothing."
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish imported articles (default: review)."
        )

    def handle(self, *args, files, dry_run, publish, verbosity, **options):
        paths = [Path(f) for f in files] or sorted(
            [*DEFAULT_DIR.glob("*.txt"), *DEFAULT_DIR.glob("*.html")]
        )
        if not paths:
            raise CommandError(f"No page to import in {DEFAULT_DIR}")
        loaded = []
        try:
            for path in paths:
                try:
                    data = path.read_bytes()
                except OSError as error:
                    raise SeedImportError(f"{path}: cannot be read ({error.strerror})") from error
                loaded.append(load_document(path.name, data))
        except SeedImportError as error:
            raise CommandError(f"{error} — nothing imported.") from error

        total = sum(len(document.parsed.items) for document in loaded)
        bar = None
        if verbosity > 0 and sys.stderr.isatty():
            from tqdm import tqdm

            # shutil falls back to 80 columns where the terminal reports a zero width.
            width = shutil.get_terminal_size().columns
            bar = tqdm(total=total, unit="item", desc="Importing", file=sys.stderr, ncols=width)
        try:
            reports = import_documents(
                loaded, publish=publish, dry_run=dry_run, progress=bar.update if bar else None
            )
        finally:
            if bar:
                bar.close()

        if verbosity == 0:
            return
        for report in reports:
            self.stdout.write(report.summary_line())
            for conflict in report.conflicts:
                self.stdout.write(self.style.WARNING(f"  conflict: {conflict}"))
            if verbosity > 1:
                for line in report.changes + [f"warning: {w}" for w in report.warnings]:
                    self.stdout.write(f"  {line}")
        created = sum(r.created for r in reports)
        updated = sum(r.updated for r in reports)
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(reports)} files, {total} items: {created} created, "
                f"{updated} updated, {sum(len(r.conflicts) for r in reports)} conflicts."
            )
        )
