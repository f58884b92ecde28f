"""rvudesk knowledge [--replace] — store the reviewed family notes and related diagnoses from YAML."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rvudesk.knowledge import seed


class Command(BaseCommand):
    help = ("Store family notes and related ICD-10-CM diagnoses from rvudesk/content/data/knowledge/. "
            "Families already stored (and maybe edited in admin) are kept unless --replace.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--replace", action="store_true", help="overwrite stored families with the YAML")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            stored, kept = seed.seed(replace=options["replace"])
        except seed.KnowledgeError as exc:
            raise CommandError(f"{exc}; nothing was changed") from exc
        self.stdout.write(self.style.SUCCESS(f"family knowledge: {stored} families stored, {kept} kept as edited"))
