"""Synthetic CMS-format files for unit tests: made-up codes, our own values, CMS's layouts.

The header is generated from the importer's column names, one word per stacked header row,
so tests exercise the header matching without copying CMS's lines.
"""

from __future__ import annotations

import csv
import io

from rvudesk.pfs.rvufile import COLUMNS

DEFAULTS = {
    "hcpcs": "99991", "modifier": "", "description": "Synthetic procedure one", "status": "A",
    "not_used_for_medicare": "", "work": "1.00", "pe_nonfacility": "2.00", "nonfacility_na": "",
    "pe_facility": "0.50", "facility_na": "", "mp": "0.10", "total_nonfacility": "3.10",
    "total_facility": "1.60", "pctc": "0", "global_days": "010", "pre_op": "0.10", "intra_op": "0.80",
    "post_op": "0.10", "mult_proc": "2", "bilateral": "1", "assistant": "1", "co_surgeon": "0", "team": "0",
    "pricing_indicator": "9", "endo_base": "", "conversion_factor": "33.4009", "supervision": "09",
    "calculation_flag": "0", "imaging_family": "99", "opps_pe_nonfacility": "0.00", "opps_pe_facility": "0.00",
    "opps_mp": "0.00",
}


def row(**values: str) -> dict[str, str]:
    """A synthetic PPRRVU row: the defaults with some fields changed."""
    return {**DEFAULTS, **values}


def pprrvu_csv(rows: list[dict[str, str]], fields: list[str] | None = None, title: str = "") -> str:
    """A PPRRVU CSV with a title block, a stacked header and the rows, in the given column order."""
    fields = fields or list(COLUMNS)
    stacks = [COLUMNS[f][0].split() for f in fields]
    depth = max(len(s) for s in stacks)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["", "", title or "2030 National Physician Fee Schedule Relative Value File July Release"])
    writer.writerow(["", "", "Synthetic test file; codes and values are made up."])
    writer.writerow([])
    for level in range(depth):
        writer.writerow([s[level - (depth - len(s))] if level >= depth - len(s) else "" for s in stacks])
    for r in rows:
        writer.writerow([r[f] for f in fields])
    return out.getvalue()


def pprrvu_txt(rows: list[dict[str, str]]) -> str:
    """A fixed-width PPRRVU text file (record layout of the CMS documentation)."""
    lines = ["HDR SYNTHETIC TEST FILE, MADE-UP CODES"]
    for r in rows:
        record = [" "] * 171
        for name, (_, (start, end), places) in COLUMNS.items():
            text = r[name]
            if name in ("pre_op", "intra_op", "post_op"):
                text = text.lstrip("0")
            width = end - start + 1
            text = text.rjust(width) if places is not None else text.ljust(width)
            record[start - 1:end] = list(text[:width])
        lines.append("".join(record))
    return "\r\n".join(lines) + "\r\n"
