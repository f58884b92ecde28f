"""The /case page's state: read from the URL (lines=… or the form's row fields), written back as
one canonical query string, so that every case can be bookmarked and shared.

Canonical: /case?lines=47562,49505-50&setting=facility&locality=01112-54&policy=full_credit
Form rows: code, units (repeated, in order), mod<N> (checked modifiers of row N), other<N>
(typed modifiers); `add` appends one line (the code pages' "Add to case").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict

from rvudesk.cases.lineformat import format_lines, parse_line, parse_lines
from rvudesk.cases.pricing import CREDIT_KEYS

DEFAULTS = {"setting": "facility", "locality": "", "zip": "", "policy": "medicare", "release": "", "date": "",
            "cf": "nonqp", "ranking": "fee", **{key: "" for key in CREDIT_KEYS}}


@dataclass
class CaseForm:
    lines: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=lambda: dict(DEFAULTS))
    from_rows: bool = False  # built from the form's row fields: the browser's URL is not canonical

    @classmethod
    def from_query(cls, query: QueryDict) -> CaseForm:
        options = {key: query.get(key, default).strip()[:40] for key, default in DEFAULTS.items()}
        if "code" in query:
            form = cls(_rows(query), options, from_rows=True)
        else:
            form = cls(parse_lines(query.get("lines", "")[:2000]), options)
        if add := query.get("add", "").strip():
            form.lines.append(parse_line(add[:40]))
            form.from_rows = True
        return form

    def query(self, **changes: str) -> str:
        """The canonical query string, defaults left out."""
        options = {**self.options, **changes}
        pairs = [("lines", changes.get("lines", format_lines(self.lines)))]
        pairs += [(k, v) for k, v in options.items() if k != "lines" and v and v != DEFAULTS.get(k)]
        return urlencode([(k, v) for k, v in pairs if v], safe=",-")

    def without(self, index: int) -> str:
        """The query with line `index` removed."""
        return self.query(lines=format_lines(self.lines[:index] + self.lines[index + 1:]))

    def request(self) -> dict[str, Any]:
        """The Case Builder request (price_request's input)."""
        body: dict[str, Any] = {k: v for k, v in self.options.items() if v and k not in CREDIT_KEYS}
        if body.get("policy") == "custom":
            # Nothing typed yet: start from Medicare's secondary-procedure 50% (the fields show the defaults).
            body["credit"] = {k: _number(self.options[k]) for k in CREDIT_KEYS if self.options[k]} or {"secondary": 50}
        return {**body, "lines": self.lines}


def _number(text: str) -> float | str:
    """A percentage typed in the form; left as text (and refused by pricing) when not a number."""
    try:
        return float(text)
    except ValueError:
        return text


def _rows(query: QueryDict) -> list[dict[str, Any]]:
    codes, units = query.getlist("code"), query.getlist("units")
    lines = []
    for index, code in enumerate(codes):
        code = code.strip().upper()[:10]
        if not code:
            continue  # a cleared row is a removed line
        chosen = query.getlist(f"mod{index}") + query.get(f"other{index}", "").replace(",", " ").split()
        modifiers = list(dict.fromkeys(m.strip().upper()[:4] for m in chosen if m.strip()))
        raw = units[index].strip() if index < len(units) else "1"
        lines.append({"code": code, "modifiers": modifiers, "units": int(raw) if raw.isdigit() else 0})
    return lines
