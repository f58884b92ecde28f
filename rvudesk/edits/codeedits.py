"""A code's NCCI edits for its page: the PTP pairs it is in (either column) and its MUE.

PTP rows come from the newest loaded PTP version that holds any row for the code (the loaded
files may be partial excerpts), restricted to edits in force on the given date; modifier
indicator 9 rows (deleted back to their start) are left out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from rvudesk.catalog.models import Release, Rvu
from rvudesk.edits.models import EditVersion, MueRow, PtpEditRow
from rvudesk.pfs.ncci import ADJUDICATION_INDICATORS, MAI_MEANING, PtpEdit, in_force

BYPASS = {"0": "never", "1": "with a documented NCCI modifier"}


def for_code(code: str, release: Release, on: date) -> dict[str, Any] | None:
    """The NCCI section of a code page, or None when no NCCI table is loaded."""
    labels = list(EditVersion.objects.values_list("label", flat=True))
    if not labels:
        return None
    version, rows = _newest_version_rows(code)
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
        "loaded": labels,
        "ptp_version": version.label if version else None,
        "as_column1": column1,
        "as_column2": column2,
        "bypassable": any(r.modifier_indicator == "1" for r in rows),
        "mue": _mue(code),
    }


def _newest_version_rows(code: str) -> tuple[EditVersion | None, list[PtpEdit]]:
    """The newest PTP version holding the code, and its rows for the code (plain tuples: fast)."""
    touching = Q(ptp_rows__column1=code) | Q(ptp_rows__column2=code)
    newest = EditVersion.objects.filter(touching).distinct().order_by("-effective", "-id").first()
    if newest is None:
        return None, []
    fields = ("column1", "column2", "pre_1996", "effective", "deleted", "modifier_indicator", "rationale")
    # One query per column, so that each uses its column's index (an OR made SQLite scan the version).
    found = [*PtpEditRow.objects.filter(version=newest, column1=code).values_list(*fields),
             *PtpEditRow.objects.filter(version=newest, column2=code).values_list(*fields)]
    return newest, [PtpEdit(*values) for values in found]


def _mue(code: str) -> dict[str, Any] | None:
    row = MueRow.objects.filter(code=code).select_related("version").order_by("-version__effective", "-id").first()
    if row is None:
        return None
    return {"value": row.value, "adjudication": row.adjudication,
            "adjudication_label": ADJUDICATION_INDICATORS.get(row.adjudication, row.adjudication_text),
            "meaning": MAI_MEANING.get(row.adjudication, ""), "rationale": row.rationale, "version": row.version.label}
