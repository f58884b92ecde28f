"""The NCCI edits touching a case's codes, read from the database into an in-memory EditTables."""

from __future__ import annotations

from collections.abc import Collection

from rvudesk.edits.models import AocRow, EditVersion, MueRow, PtpEditRow
from rvudesk.pfs.ncci import AddOnEdit, EditTables, Mue, PtpEdit


def loaded_labels() -> list[str]:
    """Labels of every loaded NCCI version (empty when none is loaded)."""
    return list(EditVersion.objects.values_list("label", flat=True))


def tables_for(codes: Collection[str]) -> EditTables:
    """PTP rows among the codes, their MUEs and their add-on edits, from every loaded version."""
    codes = set(codes)
    ptp = [
        PtpEdit(r.column1, r.column2, r.pre_1996, r.effective, r.deleted, r.modifier_indicator, r.rationale)
        for r in PtpEditRow.objects.filter(column1__in=codes, column2__in=codes)
    ]
    # EditTables keeps one MUE per code, the last one given: order oldest version first so the
    # newest loaded MUE table wins.
    mue = [
        Mue(r.code, r.value, r.adjudication, r.adjudication_text, r.rationale)
        for r in MueRow.objects.filter(code__in=codes).order_by("version__effective", "version_id")
    ]
    aoc = [
        AddOnEdit(r.primary, r.addon, r.edit_type, r.effective, r.deleted, r.notes)
        for r in AocRow.objects.filter(addon__in=codes)
    ]
    return EditTables(ptp, mue, aoc, codes=codes)
