"""Recognise PFS releases and the kind of each CMS file from names and title lines.

CMS names the quarterly package RVUyyQ (RVU26A January, B April, C July, D October; an "AR"
suffix marks a corrected re-release) and the RVU file inside it PPRRVUyyyy_Mon[_nonQPP|_QPP].
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rvudesk.pfs.tabular import Source

QUARTER_MONTH = {"A": 1, "B": 4, "C": 7, "D": 10}
MONTH_QUARTER = {"JAN": "A", "APR": "B", "JUL": "C", "OCT": "D"}
MONTH_NAMES = {1: "January", 4: "April", 7: "July", 10: "October"}
RELEASE_RE = re.compile(r"RVU(\d{2})([A-D])", re.IGNORECASE)
RVU_FILE_RE = re.compile(r"PPRRVU(\d{2,4})[_ -]?(JAN|APR|JUL|OCT)?", re.IGNORECASE)
TITLE_RE = re.compile(r"(\d{4}) NATIONAL PHYSICIAN FEE SCHEDULE RELATIVE VALUE FILE (\w+) RELEASE", re.I)
# Preferred order when a release ships the same file in several formats: fastest to read first.
FORMAT_ORDER = {".csv": 0, ".txt": 1, ".prn": 1, ".xlsx": 2}


@dataclass(frozen=True, slots=True)
class ReleaseId:
    """A quarterly PFS release such as RVU26C."""

    year: int
    quarter: str

    @property
    def id(self) -> str:
        return f"RVU{self.year % 100:02d}{self.quarter}"

    @property
    def effective_from(self) -> date:
        return date(self.year, QUARTER_MONTH[self.quarter], 1)

    @property
    def label(self) -> str:
        return f"CMS PFS {self.id}, {MONTH_NAMES[QUARTER_MONTH[self.quarter]]} {self.year}"

    @classmethod
    def parse(cls, text: str) -> ReleaseId | None:
        """RVU26C (or rvu26c.zip, RVU26AR) → ReleaseId(2026, "C")."""
        match = RELEASE_RE.search(text)
        return cls(2000 + int(match.group(1)), match.group(2).upper()) if match else None


def release_from_rvu_name(name: str) -> ReleaseId | None:
    """PPRRVU2026_Jul_nonQPP.csv → RVU26C; None when the name has no month."""
    match = RVU_FILE_RE.search(name)
    if not match or not match.group(2):
        return None
    year = int(match.group(1))
    return ReleaseId(year if year > 99 else 2000 + year, MONTH_QUARTER[match.group(2).upper()])


def release_from_title(title: str) -> ReleaseId | None:
    """'2026 National Physician Fee Schedule Relative Value File July Release' → RVU26C."""
    match = TITLE_RE.search(title)
    if not match:
        return None
    quarter = MONTH_QUARTER.get(match.group(2)[:3].upper())
    return ReleaseId(int(match.group(1)), quarter) if quarter else None


def file_kind(name: str) -> str | None:
    """The kind of CMS PFS file by its name: pprrvu, pprrvu_qp, gpci, locco, anes, oppscap, zip5."""
    upper = name.upper().rsplit("/", 1)[-1]
    if Source(name, b"").suffix not in FORMAT_ORDER:
        return None
    if upper.startswith("PPRRVU"):
        return "pprrvu_qp" if re.search(r"[_ -]QPP", upper) and "NONQPP" not in upper else "pprrvu"
    for prefix, kind in (("GPCI", "gpci"), ("ANES", "anes"), ("OPPSCAP", "oppscap")):
        if upper.startswith(prefix):
            return kind
    if "LOCCO" in upper:
        return "locco"
    if upper.startswith("ZIP5") and "LYOUT" not in upper and "LAYOUT" not in upper:
        return "zip5"
    return None


@dataclass
class FileGroup:
    """CMS PFS files found together (one folder or one zip), by kind, best format first."""

    name: str
    files: dict[str, list[Source]] = field(default_factory=lambda: defaultdict(list))

    def best(self, kind: str) -> Source | None:
        """The file of this kind in the preferred format, if any."""
        sources = sorted(self.files.get(kind, []), key=lambda s: (FORMAT_ORDER[s.suffix], s.name))
        return sources[0] if sources else None


def group_files(sources: Iterable[tuple[str, Source]]) -> list[FileGroup]:
    """Group (group name, source) pairs by group, keeping only recognised PFS files."""
    groups: dict[str, FileGroup] = {}
    for group_name, source in sources:
        kind = file_kind(source.name)
        if kind:
            groups.setdefault(group_name, FileGroup(group_name)).files[kind].append(source)
    return list(groups.values())
