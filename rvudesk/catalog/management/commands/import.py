"""rvudesk import PATH... — load CMS PFS releases (zip, folder or files) atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rvudesk.catalog import importer
from rvudesk.catalog.models import Release
from rvudesk.pfs.tabular import CmsFileError


class Command(BaseCommand):
    help = "Import CMS PFS release files (a release zip, a folder or single files)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="zip, folder or CMS files")
        parser.add_argument("--release", help="release id (e.g. RVU26C) when the names do not say")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when a release is loaded")

    def handle(self, *args: Any, **options: Any) -> None:
        say = self.stdout.write
        if options["if_empty"] and Release.objects.exists():
            say("releases already loaded: " + ", ".join(Release.objects.values_list("id", flat=True)))
            return
        try:
            result = importer.parse(options["paths"], options["release"], progress=say)
            importer.store(result, progress=say)
        except CmsFileError as exc:
            raise CommandError(f"import failed, nothing was changed: {exc}") from exc
        for parsed in result.releases:
            say(self.style.SUCCESS(parsed.summary))
        if result.zips:
            say(self.style.SUCCESS(f"ZIP codes: {len(result.zips)}"))
        for warning in result.warnings:
            say(self.style.WARNING(f"warning: {warning}"))
