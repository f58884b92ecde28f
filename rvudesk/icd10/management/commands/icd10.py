"""rvudesk icd10 [--if-empty] — load the ICD-10-CM code set from the simple-icd-10-cm package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rvudesk.icd10 import loader
from rvudesk.icd10.models import CodeSetVersion


class Command(BaseCommand):
    help = "Load (or replace) the ICD-10-CM code set shipped by the simple-icd-10-cm package."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing when a code set is loaded")

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = CodeSetVersion.objects.first()
        if options["if_empty"] and loaded:
            self.stdout.write(f"{loaded.label} already loaded ({loaded.code_count:,} items)")
            return
        count = loader.load()
        self.stdout.write(self.style.SUCCESS(f"{loader.code_set_label()}: {count:,} items loaded"))
