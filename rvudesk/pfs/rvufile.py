"""Read the CMS PPRRVU national relative value file (CSV, fixed-width TXT or XLSX) into RvuRows.

CMS publishes it quarterly in the RVUyyQ zip on the "PFS Relative Value Files" page
(cms.gov › Medicare › Payment › Fee Schedules › Physician Fee Schedule). The CSV and Excel
forms have title lines and a header block stacked over several rows; columns are found by their
stacked header names, never by position (the 2026 file added PRIC IND). The fixed-width form
follows the record layout in the release's documentation (record length 200).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from rvudesk.pfs.rvurow import RvuRow
from rvudesk.pfs.tabular import CmsFileError, Record, Source, parse_decimal, records, text_lines

# Field name -> the header words CMS stacks above the column (CSV/XLSX) and its 1-based
# inclusive position in the fixed-width layout (RVU25D documentation, "DATA RECORD").
# Decimal places are those CMS prints; None marks a text field.
COLUMNS: dict[str, tuple[str, tuple[int, int], int | None]] = {
    "hcpcs": ("HCPCS", (1, 5), None),
    "modifier": ("MOD", (6, 7), None),
    "description": ("DESCRIPTION", (8, 57), None),
    "status": ("STATUS CODE", (58, 58), None),
    "not_used_for_medicare": ("NOT USED FOR MEDICARE PAYMENT", (59, 59), None),
    "work": ("WORK RVU", (60, 65), 2),
    "pe_nonfacility": ("NON-FAC PE RVU", (67, 72), 2),
    "nonfacility_na": ("NON-FAC NA INDICATOR", (73, 74), None),
    "pe_facility": ("FACILITY PE RVU", (76, 81), 2),
    "facility_na": ("FACILITY NA INDICATOR", (82, 83), None),
    "mp": ("MP RVU", (85, 89), 2),
    "total_nonfacility": ("NON-FACILITY TOTAL", (91, 96), 2),
    "total_facility": ("FACILITY TOTAL", (97, 102), 2),
    "pctc": ("PCTC IND", (103, 103), None),
    "global_days": ("GLOB DAYS", (104, 106), None),
    "pre_op": ("PRE OP", (107, 109), 2),
    "intra_op": ("INTRA OP", (110, 112), 2),
    "post_op": ("POST OP", (113, 115), 2),
    "mult_proc": ("MULT PROC", (116, 116), None),
    "bilateral": ("BILAT SURG", (117, 117), None),
    "assistant": ("ASST SURG", (118, 118), None),
    "co_surgeon": ("CO- SURG", (119, 119), None),
    "team": ("TEAM SURG", (120, 120), None),
    "pricing_indicator": ("PRIC IND", (121, 121), None),
    "endo_base": ("ENDO BASE", (128, 132), None),
    "conversion_factor": ("CONV FACTOR", (133, 140), 4),
    "supervision": ("PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES", (142, 143), None),
    "calculation_flag": ("CALCULATION FLAG", (144, 144), None),
    "imaging_family": ("DIAGNOSTIC IMAGING FAMILY INDICATOR", (146, 147), None),
    "opps_pe_nonfacility": ("NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT", (152, 157), 2),
    "opps_pe_facility": ("FACILITY PE USED FOR OPPS PAYMENT AMOUNT", (159, 164), 2),
    "opps_mp": ("MP USED FOR OPPS PAYMENT AMOUNT", (166, 171), 2),
}
OPTIONAL = {"pricing_indicator", "not_used_for_medicare"}  # absent from some years' files
HEADER_FRAGMENT_MAX = 16  # header words are short; longer cells above the header are titles
MIN_TEXT_RECORD = 147  # a fixed-width record shorter than this is cut before its indicators
STATUS_CODES = set("ABCDEFGHIJMNPRTX")
CODE_RE = re.compile(r"^[0-9A-Z]{5}$")
MODIFIERS = {"", "26", "TC", "53"}


@dataclass
class RvuFile:
    """The rows of one PPRRVU file and what the reader noticed about it."""

    name: str
    title: str = ""
    released: str = ""  # the "RELEASED mm/dd/yyyy" line above the header, when present
    rows: list[RvuRow] = field(default_factory=list)


def read_rvu_file(source: Source) -> RvuFile:
    """Parse a PPRRVU file in any of CMS's three formats; raise CmsFileError on bad input."""
    result = RvuFile(source.name)
    cells_of = _text_rows(source, result) if source.suffix == ".txt" else _table_rows(source, result)
    seen: dict[tuple[str, str], int] = {}
    for line, cells in cells_of:
        row = _row(cells, source.name, line)
        if row.key in seen:
            raise CmsFileError(
                source.name,
                f"duplicate row for HCPCS {row.hcpcs} modifier {row.modifier or '(none)'} "
                f"(first on line {seen[row.key]})",
                line,
            )
        seen[row.key] = line
        result.rows.append(row)
    if not result.rows:
        raise CmsFileError(source.name, "the file has a header but no data rows")
    return result


def _table_rows(source: Source, result: RvuFile) -> Iterator[tuple[int, dict[str, str]]]:
    """Data rows of a CSV/XLSX PPRRVU as {field: text}, after locating the header block."""
    above: list[list[str]] = []
    index: dict[str, int] | None = None
    for line, cells in records(source):
        if index is None:
            if any(cell.strip().upper() == "HCPCS" for cell in cells):
                index = _header_index([*above, cells], source.name, line)
                result.title = _above_header(above, "RELATIVE VALUE FILE")
                result.released = _above_header(above, "RELEASED ").removeprefix("RELEASED ")
            else:
                above.append(cells)
                if len(above) > 40:
                    raise CmsFileError(
                        source.name, "no header row with HCPCS in the first 40 lines: "
                        "not a CMS PPRRVU file"
                    )
            continue
        if not any(cell.strip() for cell in cells):
            continue
        width = max(index.values()) + 1
        if len(cells) < width:
            raise CmsFileError(
                source.name, f"the record has {len(cells)} fields, expected {width} "
                "(truncated line?)", line
            )
        yield line, {name: cells[i] for name, i in index.items()}
    if index is None:
        raise CmsFileError(source.name, "no header row with HCPCS: not a CMS PPRRVU file")


def _header_index(block: list[list[str]], name: str, line: int) -> dict[str, int]:
    """Map each field to its column from the stacked header words above and on the HCPCS row."""
    width = max(len(cells) for cells in block)
    stacked: dict[str, int] = {}
    for col in range(width):
        words = [
            cells[col].strip()
            for cells in block
            if col < len(cells) and cells[col].strip() and len(cells[col].strip()) <= HEADER_FRAGMENT_MAX
        ]
        if words:
            stacked.setdefault(" ".join(words).upper(), col)
    index: dict[str, int] = {}
    for fieldname, (header, _, _) in COLUMNS.items():
        if header in stacked:
            index[fieldname] = stacked[header]
        elif fieldname not in OPTIONAL:
            raise CmsFileError(name, f"missing column {header!r} in the header", line)
    return index


def _above_header(above: list[list[str]], marker: str) -> str:
    """The first title cell above the header that contains the marker text."""
    for cells in above:
        for cell in cells:
            if marker in cell.upper():
                return cell.strip()
    return ""


def _text_rows(source: Source, result: RvuFile) -> Iterator[tuple[int, dict[str, str]]]:
    """Data records of the fixed-width PPRRVU as {field: text}; HDR lines are the notice."""
    for line, (text,) in text_lines(source):
        if text.startswith("HDR") or not text.strip():
            continue
        if len(text) < MIN_TEXT_RECORD:
            raise CmsFileError(
                source.name, f"the record is {len(text)} characters long, expected at least "
                f"{MIN_TEXT_RECORD} (truncated line?)", line
            )
        yield line, {name: text[start - 1 : end] for name, (_, (start, end), _) in COLUMNS.items()}


def _row(cells: dict[str, str], name: str, line: int) -> RvuRow:
    values: dict[str, object] = {}
    for fieldname, (header, _, places) in COLUMNS.items():
        text = cells.get(fieldname, "")
        if places is None:
            values[fieldname] = text.strip()
        else:
            values[fieldname] = parse_decimal(text, name, line, header, places)
    row = RvuRow(**values)  # type: ignore[arg-type]
    _validate(row, name, line)
    return _normalised(row)


def _validate(row: RvuRow, name: str, line: int) -> None:
    if not CODE_RE.match(row.hcpcs):
        raise CmsFileError(name, f"expected a 5-character HCPCS code, got {row.hcpcs!r}", line, "HCPCS")
    if row.modifier not in MODIFIERS:
        raise CmsFileError(
            name, f"expected a modifier of 26, TC, 53 or blank, got {row.modifier!r}", line, "MOD"
        )
    if row.status not in STATUS_CODES:
        raise CmsFileError(name, f"expected a status code letter, got {row.status!r}", line, "STATUS CODE")


def _normalised(row: RvuRow) -> RvuRow:
    """Same values whatever the format: Excel drops leading zeros of the two-digit indicators."""
    changes: dict[str, str] = {}
    if row.supervision and len(row.supervision) == 1 and row.supervision.isdigit():
        changes["supervision"] = row.supervision.zfill(2)
    if row.imaging_family and len(row.imaging_family) == 1 and row.imaging_family.isdigit():
        changes["imaging_family"] = row.imaging_family.zfill(2)
    if row.global_days.isdigit() and len(row.global_days) < 3:
        changes["global_days"] = row.global_days.zfill(3)
    return replace(row, **changes) if changes else row  # type: ignore[arg-type]


def conversion_factor(rows: Iterable[RvuRow]) -> Decimal:
    """The conversion factor printed on the file's rows (CMS prints the same on every row)."""
    counts: dict[Decimal, int] = {}
    for row in rows:
        counts[row.conversion_factor] = counts.get(row.conversion_factor, 0) + 1
    return max(counts, key=lambda cf: counts[cf]) if counts else Decimal(0)


__all__ = ["COLUMNS", "CmsFileError", "Record", "RvuFile", "conversion_factor", "read_rvu_file"]
