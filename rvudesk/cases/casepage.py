"""What the /case page shows: the form's lines with the modifiers each code takes, the priced
result (or the messages saying what to fix, next to the line they name) and the links that
carry the case (share, CSV, text)."""

from __future__ import annotations

import re
from typing import Any

from rvudesk.cases.caseform import CaseForm
from rvudesk.cases.pricing import POLICIES, CaseRequestError, price_request
from rvudesk.catalog import codepage
from rvudesk.catalog.models import Locality, Release, Rvu
from rvudesk.pfs import modifiers

LINE_MESSAGE = re.compile(r"line (\d+)\b")
OFFERED = 8  # checkboxes for the most relevant modifiers; others are typed in "other"
CREDIT_LABELS = {"secondary": ("Secondary procedures", 50), "bilateral": ("Bilateral", 150),
                 "assistant": ("Assistant", 16), "co_surgeon": ("Co-surgeon", 62.5)}


def build(form: CaseForm) -> dict[str, Any]:
    """The page context: rows to edit, result or errors, options and links."""
    answer, errors = None, []
    if form.lines:
        try:
            answer = price_request(form.request())
        except CaseRequestError as exc:
            errors.append(exc.message)
    release = _release(form.options["release"], form.options["date"])
    choices = _modifier_choices(release, {line["code"] for line in form.lines}) if release else {}
    rows = [_row(form, index, line, choices.get(line["code"], []), errors) for index, line in enumerate(form.lines)]
    query = form.query() if form.lines else ""
    return {
        "rows": rows,
        "blank": len(rows),
        "answer": answer,
        "errors": [e for e in errors if not LINE_MESSAGE.match(e)],
        "options": form.options,
        "releases": list(Release.objects.values_list("id", flat=True)),
        "localities": Locality.objects.filter(release=release) if release else [],
        "policies": POLICIES,
        "credit_fields": [{"key": k, "label": label, "default": default, "value": form.options[k]}
                          for k, (label, default) in CREDIT_LABELS.items()],
        "query": query,
        "notice": codepage.AMA_NOTICE,
    }


def _release(release_id: str, on: str) -> Release | None:
    try:
        return codepage.release_for(release_id or None, on or None)
    except codepage.PageError:
        return None


def _modifier_choices(release: Release, codes: set[str]) -> dict[str, list[str]]:
    """For each code, the modifiers its indicators typically call for (payment-rules.md §6)."""
    rows = list(Rvu.objects.filter(release=release, hcpcs__in=codes))
    components: dict[str, set[str]] = {}
    for rvu in rows:
        components.setdefault(rvu.hcpcs, set()).add(rvu.modifier)
    return {rvu.hcpcs: [m.modifier for m in modifiers.guidance(
                rvu.to_row(), component_rows=frozenset(components[rvu.hcpcs] - {""})).typical]
            for rvu in rows if rvu.modifier == ""}


def _row(form: CaseForm, index: int, line: dict[str, Any], typical: list[str], errors: list[str]) -> dict[str, Any]:
    offered = list(dict.fromkeys(typical[:OFFERED] + line["modifiers"]))
    own = [e for e in errors if (m := LINE_MESSAGE.match(e)) and int(m[1]) == index + 1]
    return {"index": index, "code": line["code"], "units": line["units"], "errors": own,
            "choices": [{"modifier": m, "checked": m in line["modifiers"]} for m in offered],
            "remove": form.without(index)}
