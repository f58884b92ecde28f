"""The NCCI edits touching a case's codes, read from the database into an in-memory EditTables.

CMS publishes each quarter's PTP and MUE tables whole, so an edit applies from the newest loaded
version in effect on the date of service. The loaded files may be partial excerpts of their
versions, so the choice is made per code: the newest version in effect that holds the code (as
PTP column 1, or as an MUE code).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db.models import Q

from rvudesk.edits.models import AocRow, EditVersion, MueRow, PtpEditRow
from rvudesk.pfs.ncci import AddOnEdit, EditTables, Mue, PtpEdit


def loaded_labels() -> list[str]:
    """Labels of every loaded NCCI version (empty when none is loaded)."""
    return list(EditVersion.objects.values_list("label", flat=True))


def newest_versions(model: type[PtpEditRow] | type[MueRow], field: str, codes: Collection[str],
                    on: date) -> dict[str, int]:
    """code -> id of the newest version in effect on the date that holds a row with that code."""
    in_effect = Q(version__effective__lte=on) | Q(version__effective__isnull=True)
    pairs = (model.objects.filter(in_effect, **{f"{field}__in": codes})
             .values_list(field, "version_id", "version__effective").distinct())
    best: dict[str, tuple[date, int]] = {}
    for code, version, effective in pairs:
        key = (effective or date.min, version)
        if code not in best or key > best[code]:
            best[code] = key
    return {code: version for code, (_, version) in best.items()}


def tables_for(codes: Collection[str], on: date) -> EditTables:
    """PTP rows among the codes, their MUEs and their add-on edits, from the versions in effect."""
    codes = set(codes)
    ptp_versions = newest_versions(PtpEditRow, "column1", codes, on)
    ptp = [
        PtpEdit(r.column1, r.column2, r.pre_1996, r.effective, r.deleted, r.modifier_indicator, r.rationale)
        for r in PtpEditRow.objects.filter(column1__in=codes, column2__in=codes)
        if ptp_versions.get(r.column1) == r.version_id
    ]
    mue_versions = newest_versions(MueRow, "code", codes, on)
    mue = [
        Mue(r.code, r.value, r.adjudication, r.adjudication_text, r.rationale)
        for r in MueRow.objects.filter(code__in=codes) if mue_versions.get(r.code) == r.version_id
    ]
    aoc = [
        AddOnEdit(r.primary, r.addon, r.edit_type, r.effective, r.deleted, r.notes)
        for r in AocRow.objects.filter(addon__in=codes)
    ]
    return EditTables(ptp, mue, aoc, codes=codes)
