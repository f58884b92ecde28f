"""Which NCCI release a file is: its kind from the header (ncci_files.detect_kind) and its CMS
version and first day in force from CMS's file names (ccipra-v322r0-f1, MUE …Eff_07-01-2026,
AOC_V2024Q2)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rvudesk.pfs.ncci_files import EditKind, detect_kind


@dataclass(frozen=True, slots=True)
class NcciVersion:
    """Which NCCI release a file is: kind, CMS version, first day in force (when known), page label."""

    kind: EditKind | None
    version: str | None  # "v30.1" for PTP, "2024 Q2" for AOC; None when the name does not say
    effective: date | None
    label: str


_PTP_NAME = re.compile(r"cci[a-z]*-v(\d\d)(\d)r(\d+)", re.IGNORECASE)
_MUE_NAME = re.compile(r"MUE.*?Eff[_-]?(\d\d)-(\d\d)-(\d{4})", re.IGNORECASE)
_AOC_QUARTER = re.compile(r"AOC[_-]?V(\d{4})Q([1-4])", re.IGNORECASE)
_AOC_DATE = re.compile(r"aoc\D*(\d{4})-(\d\d)-(\d\d)", re.IGNORECASE)


def version_of(path: str | os.PathLike[str]) -> NcciVersion:
    """The NCCI version of a file from its CMS file name, and its kind from its contents."""
    return version_from(Path(path).name, detect_kind(path))


def version_from(base: str, kind: EditKind | None) -> NcciVersion:
    """The NCCI version named by a CMS file name, given the kind its header showed (or None)."""
    # A name pattern only counts when the contents agree (or cannot be read to say otherwise).
    if kind in ("ptp", None) and (match := _PTP_NAME.search(base)):
        # NCCI numbers versions by year and quarter: v30 is 2024 (1994 + 30); .0 January … .3 October.
        major, minor, revision = int(match[1]), int(match[2]), int(match[3])
        effective = date(1994 + major, 1 + 3 * minor, 1) if minor < 4 else None
        version = f"v{major}.{minor}" + (f" r{revision}" if revision else "")
        when = f" ({effective.isoformat()})" if effective else ""
        return NcciVersion("ptp", version, effective, f"PTP {version}{when}")
    if kind in ("mue", None) and (match := _MUE_NAME.search(base)):
        effective = date(int(match[3]), int(match[1]), int(match[2]))
        return NcciVersion("mue", None, effective, f"MUE {effective.isoformat()}")
    if kind in ("aoc", None) and (match := _AOC_QUARTER.search(base)):
        year, quarter = int(match[1]), int(match[2])
        effective, version = date(year, 3 * quarter - 2, 1), f"{year} Q{quarter}"
        return NcciVersion("aoc", version, effective, f"AOC {version} ({effective.isoformat()})")
    if kind in ("aoc", None) and (match := _AOC_DATE.search(base)):
        posted = date(int(match[1]), int(match[2]), int(match[3]))
        return NcciVersion("aoc", None, posted, f"AOC {posted.isoformat()}")
    return NcciVersion(kind, None, None, f"{kind.upper()} ({base})" if kind else base)


def version_label(path: str | os.PathLike[str]) -> str:
    """A short name of the NCCI version for pages, e.g. "PTP v30.1 (2024-04-01)", "MUE 2024-07-01"."""
    return version_of(path).label
