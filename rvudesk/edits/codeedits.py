"""A code's NCCI edits for its page: the PTP pairs it is in (either column) and its MUE.

Each pair comes from the newest loaded PTP version in effect on the date that holds its column 1
code, and the MUE from the newest MUE table in effect holding the code (edits.lookup explains
why per code); edits not in force that day and modifier indicator 9 rows are left out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rvudesk.catalog.models import Release, Rvu
from rvudesk.edits.lookup import newest_versions
from rvudesk.edits.models import EditVersion, MueRow, PtpEditRow
from rvudesk.pfs.ncci import ADJUDICATION_INDICATORS, MAI_MEANING, PtpEdit, in_force

BYPASS = {"0": "never", "1": "with a documented NCCI modifier"}
FIELDS = ("column1", "column2", "pre_1996", "effective", "deleted", "modifier_indicator", "rationale", "version_id")


def for_code(code: str, release: Release, on: date) -> dict[str, Any] | None:
    """The NCCI section of a code page, or None when no NCCI table is loaded."""
    labels = dict(EditVersion.objects.values_list("id", "label"))
    if not labels:
        return None
    used, rows = _rows(code, on)
    rows = [r for r in rows if r.modifier_indicator != "9" and in_force(r.effective, r.deleted, on)]
    partners = {r.column2 if r.column1 == code else r.column1 for r in rows}
    names = dict(Rvu.objects.filter(release=release, hcpcs__in=partners, modifier="")
                 .values_list("hcpcs", "description"))

    def pair(row: PtpEdit, other: str) -> dict[str, Any]:
        return {"code": other, "descriptor": names.get(other, f"not in {release.id}"),
                "modifier_indicator": row.modifier_indicator, "bypass": BYPASS[row.modifier_indicator],
                "rationale": row.rationale, "effective": row.effective.isoformat() if row.effective else None}

    column1 = sorted((pair(r, r.column2) for r in rows if r.column1 == code), key=lambda p: p["code"])
    column2 = sorted((pair(r, r.column1) for r in rows if r.column2 == code), key=lambda p: p["code"])
    return {
        "loaded": sorted(labels.values()),
        "ptp_version": ", ".join(sorted(labels[v] for v in used)) or None,
        "as_column1": column1,
        "as_column2": column2,
        "bypassable": any(r.modifier_indicator == "1" for r in rows),
        "mue": _mue(code, on),
    }


def _rows(code: str, on: date) -> tuple[set[int], list[PtpEdit]]:
    """The code's PTP rows in both columns, each from the version chosen for its column 1 code."""
    found = [*PtpEditRow.objects.filter(column1=code).values_list(*FIELDS),
             *PtpEditRow.objects.filter(column2=code).values_list(*FIELDS)]
    chosen = newest_versions(PtpEditRow, "column1", {values[0] for values in found}, on)
    kept = [values for values in found if chosen.get(values[0]) == values[-1]]
    return {values[-1] for values in kept}, [PtpEdit(*values[:-1]) for values in kept]


def _mue(code: str, on: date) -> dict[str, Any] | None:
    version = newest_versions(MueRow, "code", {code}, on).get(code)
    row = MueRow.objects.filter(code=code, version_id=version).select_related("version").first()
    if row is None:
        return None
    return {"value": row.value, "adjudication": row.adjudication,
            "adjudication_label": ADJUDICATION_INDICATORS.get(row.adjudication, row.adjudication_text),
            "meaning": MAI_MEANING.get(row.adjudication, ""), "rationale": row.rationale, "version": row.version.label}
