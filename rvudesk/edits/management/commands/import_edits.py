"""`rvudesk import_edits PATH…`: load NCCI PTP, MUE and AOC files (atomic: a bad file changes nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rvudesk.edits.importer import import_edit_files
from rvudesk.pfs.ncci_files import NcciFileError


class Command(BaseCommand):
    help = "Import CMS NCCI edit files (PTP, MUE, AOC) from files or folders; a version loaded again is replaced."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            messages = import_edit_files(options["paths"])
        except (NcciFileError, OSError) as exc:
            raise CommandError(f"{exc}; nothing was imported") from exc
        for message in messages:
            self.stdout.write(message)
