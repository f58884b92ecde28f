"""rvudesk import PATH... — load CMS PFS releases and NCCI edit tables (zip, folder or files) atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rvudesk.catalog import importer
from rvudesk.catalog.models import Release
from rvudesk.edits import importer as edits
from rvudesk.pfs.ncci_files import NcciFileError
from rvudesk.pfs.tabular import CmsFileError


class Command(BaseCommand):
    help = ("Import CMS files: PFS releases (a release zip, a folder or single files), ZIP5 and NCCI PTP/MUE/AOC "
            "edit tables, recognised by name and header. One transaction: a bad file changes nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="zip, folder or CMS files")
        parser.add_argument("--release", help="release id (e.g. RVU26C) when the names do not say")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when a release is loaded")

    def handle(self, *args: Any, **options: Any) -> None:
        say = self.stdout.write
        if options["if_empty"] and Release.objects.exists():
            say("releases already loaded: " + ", ".join(Release.objects.values_list("id", flat=True)))
            return
        paths = options["paths"]
        try:
            edit_groups = edits.find_files(paths)
            result = importer.parse(paths, options["release"], progress=say, required=not edit_groups)
            with transaction.atomic():
                importer.store(result, progress=say)
                messages = edits.store(edit_groups)
        except (CmsFileError, NcciFileError, OSError) as exc:
            raise CommandError(f"import failed, nothing was changed: {exc}") from exc
        for parsed in result.releases:
            say(self.style.SUCCESS(parsed.summary))
        if result.zips:
            say(self.style.SUCCESS(f"ZIP codes: {len(result.zips)}"))
        for message in messages:
            say(self.style.WARNING(message) if message.startswith("warning:") else self.style.SUCCESS(message))
        for warning in result.warnings:
            say(self.style.WARNING(f"warning: {warning}"))
