"""Readers for the locality companions of a PFS release: GPCI, ANES, LOCCO, ZIP5 and OPPSCAP.

All but ZIP5 ship inside the quarterly RVUyyQ zip on CMS's "PFS Relative Value Files" page, in
CSV, Excel and fixed-width text. ZIP5 (ZIP code → carrier and pricing locality) is published
separately on CMS's "Fee Schedules - General Information" page as a quarterly zip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from rvudesk.pfs.tabular import CmsFileError, Record, Source, parse_decimal, records, text_lines


@dataclass(frozen=True, slots=True)
class Locality:
    """A Medicare payment locality and its GPCIs (GPCIyyyy, CMS Addendum E)."""

    mac: str
    state: str
    number: str
    name: str
    gpci_work: Decimal
    gpci_pe: Decimal
    gpci_mp: Decimal

    @property
    def id(self) -> str:
        return f"{self.mac}-{self.number}"


@dataclass(frozen=True, slots=True)
class AnesthesiaCf:
    """Locality-adjusted anesthesia conversion factor (ANESyyyy)."""

    mac: str
    number: str
    name: str
    conversion_factor: Decimal


@dataclass(frozen=True, slots=True)
class LocalityCounties:
    """Counties making up a locality (yyLOCCO)."""

    mac: str
    number: str
    state: str
    area: str
    counties: str


@dataclass(frozen=True, slots=True)
class ZipLocality:
    """ZIP code → state, carrier and pricing locality (ZIP5 file)."""

    zip: str
    state: str
    carrier: str
    locality: str
    rural: str
    quarter: str


@dataclass(frozen=True, slots=True)
class OppsCap:
    """OPPS-capped imaging amount for one code, modifier and locality (OPPSCAP)."""

    hcpcs: str
    modifier: str
    status: str
    carrier: str
    locality: str
    facility_price: Decimal
    nonfacility_price: Decimal


def _mac(text: str) -> str:
    return text.strip().zfill(5)


def _loc(text: str) -> str:
    return text.strip().zfill(2)


def _is_code(text: str) -> bool:
    return text.strip().isdigit()


def _table(source: Source, header_word: str) -> Iterator[Record]:
    """Data records below the header row that contains header_word; rows not starting with a
    carrier number (blank separators, footnotes) are skipped."""
    seen_header = False
    for line, cells in records(source):
        if not seen_header:
            seen_header = any(header_word in cell.upper() for cell in cells)
            continue
        if cells and _is_code(cells[0]):
            yield line, cells
    if not seen_header:
        raise CmsFileError(source.name, f"no header row with {header_word!r}: not the expected CMS file")


GPCI_TEXT = re.compile(
    r"^(\d{5})\s+([A-Z]{2})\s+(\d{2})\s+(.*?)\s+(\d*\.\d+)\s+(\d*\.\d+)\s+(\d*\.\d+)\s*$"
)


def read_gpci(source: Source) -> list[Locality]:
    """Localities with their work, PE and MP GPCIs."""
    rows: list[tuple[int, list[str]]]
    if source.suffix == ".txt":
        rows = [(n, list(m.groups())) for n, (t,) in text_lines(source) if (m := GPCI_TEXT.match(t))]
    else:
        rows = [(n, c) for n, c in _table(source, "LOCALITY NUMBER")]
    result = []
    for line, cells in rows:
        if len(cells) < 7:
            raise CmsFileError(source.name, f"expected 7 fields, got {len(cells)}", line)
        result.append(Locality(
            mac=_mac(cells[0]), state=cells[1].strip(), number=_loc(cells[2]), name=cells[3].strip(),
            gpci_work=parse_decimal(cells[4], source.name, line, "PW GPCI", 3),
            gpci_pe=parse_decimal(cells[5], source.name, line, "PE GPCI", 3),
            gpci_mp=parse_decimal(cells[6], source.name, line, "MP GPCI", 3),
        ))
    return _nonempty(result, source)


ANES_TEXT = re.compile(r"^(\d{5})\s+(\d{2})\s+(.*?)\s+(\d+)\s*$")


def read_anesthesia(source: Source) -> list[AnesthesiaCf]:
    """Anesthesia conversion factors by locality (the text form prints cents without a point)."""
    result = []
    if source.suffix == ".txt":
        for line, (text,) in text_lines(source):
            if m := ANES_TEXT.match(text.strip("\x1a")):
                cf = parse_decimal(m.group(4), source.name, line, "ANES CF") / 100
                result.append(AnesthesiaCf(_mac(m.group(1)), _loc(m.group(2)), m.group(3).strip(), cf))
    else:
        for line, cells in _table(source, "CONTRACTOR"):
            cf = parse_decimal(cells[3], source.name, line, "ANES CF")
            result.append(AnesthesiaCf(_mac(cells[0]), _loc(cells[1]), cells[2].strip(), cf))
    return _nonempty(result, source)


# Fixed-width 25LOCCO text: columns as laid out in the file (its header words are offset).
LOCCO_TEXT = ((0, 13), (13, 22), (22, 44), (44, 142), (142, None))


def read_counties(source: Source) -> list[LocalityCounties]:
    """Counties of each locality; a blank state continues the state above within the same
    MAC jurisdiction (first three digits of the carrier number)."""
    rows: list[tuple[int, list[str]]]
    if source.suffix == ".txt":
        rows = [
            (n, [t[a:b] for a, b in LOCCO_TEXT]) for n, (t,) in text_lines(source)
            if t[:13].strip().isdigit()
        ]
    else:
        rows = list(_table(source, "LOCALITY NUMBER"))
    result: list[LocalityCounties] = []
    state, jurisdiction = "", ""
    for _line, cells in rows:
        if _mac(cells[0])[:3] != jurisdiction:
            state, jurisdiction = "", _mac(cells[0])[:3]
        state = cells[2].strip() or state
        result.append(LocalityCounties(
            _mac(cells[0]), _loc(cells[1]), state, cells[3].strip(), cells[4].strip()
        ))
    return _nonempty(result, source)


def read_zip5(source: Source) -> Iterator[ZipLocality]:
    """ZIP5 records (layout ZIP5lyout.txt: state 1-2, ZIP 3-7, carrier 8-12, locality 13-14,
    rural indicator 15, year/quarter 76-80)."""
    count = 0
    for line, (text,) in text_lines(source):
        if not text.strip():
            continue
        if len(text) < 15 or not text[2:7].isdigit():
            raise CmsFileError(source.name, f"expected a ZIP5 record, got {text[:20]!r}", line)
        count += 1
        yield ZipLocality(
            text[2:7], text[0:2], text[7:12], text[12:14], text[14].strip(), text[75:80].strip()
        )
    if not count:
        raise CmsFileError(source.name, "the file has no ZIP records")


OPPS_TEXT = re.compile(r"^(.{5})(.{2})\s(\S)\s(\d{5})\s+(\d{2})\s+([\d.]+)\s+([\d.]+)\s*$")


def read_opps_cap(source: Source) -> Iterator[OppsCap]:
    """OPPS-capped amounts by HCPCS, modifier, carrier and locality."""
    rows: Iterator[tuple[int, list[str]]]
    if source.suffix == ".txt":
        rows = ((n, list(m.groups())) for n, (t,) in text_lines(source) if (m := OPPS_TEXT.match(t)))
    else:
        rows = ((n, c) for n, c in records(source) if c and c[0].strip() and c[0].strip() != "HCPCS")
    for line, cells in rows:
        yield OppsCap(
            cells[0].strip(), cells[1].strip(), cells[2].strip(), _mac(cells[3]), _loc(cells[4]),
            parse_decimal(cells[5], source.name, line, "FACILITY PRICE"),
            parse_decimal(cells[6], source.name, line, "NON-FACILITY PRICE"),
        )


T = TypeVar("T")


def _nonempty(rows: list[T], source: Source) -> list[T]:
    if not rows:
        raise CmsFileError(source.name, "no data rows found")
    return rows
