"""The short text form of case lines, shared by the command line and the /case URL.

One line is CODE[-MOD[-MOD…]][xUNITS]: 47562, 49505-50, 64483-RTx2. A case is lines joined by
commas: /case?lines=47562,49505-50.
"""

from __future__ import annotations

import re
from typing import Any

UNITS_RE = re.compile(r"(?P<rest>.+?)x(?P<units>\d{1,4})", re.IGNORECASE)


def parse_line(text: str) -> dict[str, Any]:
    """One line (47562, 49505-50, 64483-RTx2) as a request line."""
    text, units = text.strip(), 1
    match = UNITS_RE.fullmatch(text)
    # "xN" is units only after a whole code or modifier: 29881-X1 keeps its X1 modifier
    if match and len(match["rest"].rsplit("-", 1)[-1]) in (2, 5):
        text, units = match["rest"], int(match["units"])
    code, *modifiers = text.split("-")
    return {"code": code.upper(), "modifiers": [m.upper() for m in modifiers], "units": units}


def parse_lines(text: str) -> list[dict[str, Any]]:
    """A comma-separated case; blank items are skipped."""
    return [parse_line(item) for item in text.split(",") if item.strip()]


def format_line(line: dict[str, Any]) -> str:
    text = "-".join([line["code"], *line["modifiers"]])
    return text if line["units"] == 1 else f"{text}x{line['units']}"


def format_lines(lines: list[dict[str, Any]]) -> str:
    return ",".join(format_line(line) for line in lines)
