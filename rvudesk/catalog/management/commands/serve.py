"""rvudesk serve --host H --port P — the production server (gunicorn), not Django's runserver."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve RVU Desk with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"RVU Desk on http://{bind}/")
        self.stdout.flush()
        argv = [sys.executable, "-m", "gunicorn", "rvudesk.wsgi:application", "--bind", bind,
                "--workers", str(options["workers"]), "--preload", "--access-logfile", "-"]
        os.execv(sys.executable, argv)
