"""The `rvudesk` console script: Django's management commands under the product's name.

rvudesk migrate | import PATH... | serve | price CODE | releases | any Django command
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. `rvudesk import ../shared/data`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rvudesk.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "rvudesk"
    execute_from_command_line(args)
