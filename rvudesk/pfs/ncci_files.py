"""Readers for CMS's quarterly NCCI edit files: PTP pairs, MUE unit limits and add-on code edits.

CMS publishes them under cms.gov → Medicare → Coding & Billing → National Correct Coding Initiative:
- practitioner PTP edits, zipped tab-delimited text in parts by code range (`ccipra-v322r0-f1.txt`):
  AMA notice, a header spread over four lines, then Column 1, Column 2, pre-1996 flag, effective
  date, deletion date (`*` = none), modifier indicator, rationale;
- practitioner MUE table (`MCR_MUE_PractitionerServices_Eff_07-01-2026.csv`): the AMA notice in a
  quoted multi-line cell, then HCPCS/CPT Code, … MUE Values, MUE Adjudication Indicator, MUE Rationale;
- add-on code edits (`AOC_V2024Q2-MCR`): primary code, add-on code, AOC edit type, notes, dates.
The simplified 2024 CSVs in shared/data (no PTP effective date, years for AOC dates) go through the
same code: columns are found by header name, never by position.

Readers stream one row at a time, so a full quarterly file costs constant memory.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import os
import re
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Generic, Literal, NoReturn, TypeVar

from rvudesk.pfs.ncci import ADJUDICATION_INDICATORS, AddOnEdit, Mue, PtpEdit

EditKind = Literal["ptp", "mue", "aoc"]
Source = str | os.PathLike[str] | IO[bytes]
R = TypeVar("R", PtpEdit, Mue, AddOnEdit)

_HEADER_SEARCH = 30  # the header must come within this many rows (CMS puts 1–6 notice rows first)
_CODE = re.compile(r"[0-9A-Z]{5}")  # HCPCS/CPT codes are five characters, e.g. 47562, 0001U, G0439
# The closed vocabularies CMS uses; a last field that stops short of one of these was cut off.
PTP_RATIONALES = (
    "Anesthesia service included in surgical procedure", "CPT Manual or CMS manual coding instruction",
    "CPT Separate procedure definition", "HCPCS/CPT procedure code definition", "Laboratory panel",
    "Misuse of Column Two code with Column One code", "More extensive procedure",
    "Mutually exclusive procedures", "Sequential procedure", "Standards of medical/surgical practice",
)  # fmt: skip
MUE_RATIONALES = (
    "Anatomic Consideration", "Clinical: CMS Workgroup", "Clinical: Data", "Clinical: Society Comment",
    "CMS Policy", "Code Descriptor / CPT Instruction", "Compounded Drug Policy", "Drug discontinued",
    "Nature of Analyte", "Nature of Equipment", "Nature of Service/Procedure",
    "Oral Medication; Not Payable", "Prescribing Information", "Published Contractor Policy",
)  # fmt: skip


class NcciFileError(ValueError):
    """A bad NCCI file: names the file, line, column and what was expected there."""

    def __init__(self, path: str, line: int, column: str | None, message: str) -> None:
        where = f"{path}, line {line}" + (f", column '{column}'" if column else "")
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.column = path, line, column


@dataclass(frozen=True, slots=True)
class NcciWarning:
    """Something a reader skipped or doubted, with the file and line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}, line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Row:
    """The cells of one record, the physical line it starts on, and whether it ended with a newline."""

    line: int
    cells: list[str]
    ended: bool


def _key(title: str) -> str:
    """A header title reduced to lowercase letters and digits: 'HCPCS/\\nCPT Code' → 'hcpcscptcode'."""
    return re.sub(r"[^a-z0-9]", "", title.lower())


class _Cells:
    """One row read through the header: fields by name, errors that say where and what."""

    def __init__(self, row: Row, columns: dict[str, tuple[int, str]], path: str) -> None:
        self.row, self.columns, self.path = row, columns, path

    def has(self, name: str) -> bool:
        return name in self.columns

    def get(self, name: str) -> str:
        index = self.columns[name][0]
        if index >= len(self.row.cells):
            self.fail(name, f"a value, but the row has only {len(self.row.cells)} columns")
        return self.row.cells[index].strip()

    def fail(self, name: str, expected: str) -> NoReturn:
        index, title = self.columns[name]
        found = self.row.cells[index].strip() if index < len(self.row.cells) else None
        got = f", found {found!r}" if found is not None else ""
        raise NcciFileError(self.path, self.row.line, " ".join(title.split()), f"expected {expected}{got}")

    def code(self, name: str) -> str:
        value = self.get(name).upper()
        if not _CODE.fullmatch(value):
            self.fail(name, "a five-character HCPCS/CPT code")
        return value

    def choice(self, name: str, allowed: str) -> str:
        value = self.get(name)
        if len(value) != 1 or value not in allowed:
            self.fail(name, "one of " + ", ".join(allowed))
        return value

    def ymd(self, name: str, star: bool = True) -> date | None:
        """A YYYYMMDD date; "*" (or nothing, where allowed) means none."""
        value = self.get(name)
        if star and value in ("*", ""):
            return None
        try:
            return _date(value)
        except ValueError:
            self.fail(name, "a date as YYYYMMDD" + (' or "*"' if star else ""))

    def loose_date(self, name: str, last: bool) -> date | None:
        """AOC dates: YYYYMMDD, Julian YYYYDDD or a bare year (the rebuilt table); empty/"*" = none."""
        value = self.get(name)
        try:
            if value in ("", "*"):
                return None
            if len(value) == 4:
                # A bare year: in force from 1 January; deleted from 1 January of the next year.
                return date(int(value) + (1 if last else 0), 1, 1)
            if len(value) == 7:  # [verify] CMS's AOC workbook names some date columns "Julian"
                return date(int(value[:4]), 1, 1) + timedelta(days=int(value[4:]) - 1)
            return _date(value)
        except ValueError:
            self.fail(name, "a date as YYYYMMDD, YYYYDDD or YYYY")


_DATES: dict[str, date] = {}  # a PTP file repeats a few hundred distinct dates over all its rows


def _date(text: str) -> date:
    if (cached := _DATES.get(text)) is not None:
        return cached
    if len(text) != 8 or not text.isdigit():
        raise ValueError(text)
    parsed = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(_DATES) < 10_000:
        _DATES[text] = parsed
    return parsed


def _build_ptp(cells: _Cells) -> PtpEdit:
    pre = cells.get("pre_1996") if cells.has("pre_1996") else ""
    if pre not in ("", "*"):
        cells.fail("pre_1996", '"*" or nothing')
    return PtpEdit(
        column1=cells.code("column1"),
        column2=cells.code("column2"),
        pre_1996=pre == "*",
        effective=cells.ymd("effective", star=False) if cells.has("effective") else None,
        deleted=cells.ymd("deleted"),
        modifier_indicator=cells.choice("modifier", "019"),
        rationale=cells.get("rationale") if cells.has("rationale") else "",
    )


def _fast_ptp(columns: dict[str, tuple[int, str]]) -> Callable[[list[str]], PtpEdit | None]:
    """A PTP row converter without the error bookkeeping; None sends the row to `_build_ptp`."""
    # Full quarterly files have millions of rows: this path keeps a part file to a few seconds.
    c1, c2, dele, mod = (columns[name][0] for name in ("column1", "column2", "deleted", "modifier"))
    pre, eff, rat = (columns[n][0] if n in columns else None for n in ("pre_1996", "effective", "rationale"))
    valid, known, dates = _CODE.fullmatch, set[str](), _DATES

    def convert(cells: list[str]) -> PtpEdit | None:
        # Cells are taken as they are: any stray space or odd value fails here and gets the full check.
        try:
            one, two, mi, gone = cells[c1], cells[c2], cells[mod], cells[dele]
            flag = cells[pre] if pre is not None else ""
            deleted = None if gone == "*" else dates.get(gone) or _date(gone)
            effective = (dates.get(cells[eff]) or _date(cells[eff])) if eff is not None else None
            rationale = cells[rat].strip() if rat is not None else ""
        except (IndexError, ValueError):
            return None
        if mi not in "019" or len(mi) != 1 or flag not in ("", "*"):
            return None
        for code in (one, two):
            if code not in known:
                if not valid(code):
                    return None
                if len(known) < 50_000:  # HCPCS has about 17,000 codes; the bound is a safety net
                    known.add(code)
        return PtpEdit(one, two, flag == "*", effective, deleted, mi, rationale)

    return convert


def _build_mue(cells: _Cells) -> Mue:
    value = cells.get("value")
    if not value.isdigit():
        cells.fail("value", "a whole number of units")
    mai = cells.get("mai")
    if not mai or mai[0] not in ADJUDICATION_INDICATORS:
        cells.fail("mai", "an adjudication indicator starting 1, 2 or 3")
    text = mai[1:].strip() or ADJUDICATION_INDICATORS[mai[0]]
    rationale = cells.get("rationale") if cells.has("rationale") else ""
    return Mue(cells.code("code"), int(value), mai[0], text, rationale)


def _build_aoc(cells: _Cells) -> AddOnEdit:
    return AddOnEdit(
        primary=cells.code("primary"),
        addon=cells.code("addon"),
        edit_type=cells.choice("type", "123"),
        effective=cells.loose_date("effective", last=False) if cells.has("effective") else None,
        deleted=cells.loose_date("deleted", last=True) if cells.has("deleted") else None,
        notes=cells.get("notes") if cells.has("notes") else "",
    )


@dataclass(frozen=True)
class Layout(Generic[R]):
    """How one kind of NCCI file looks: header titles by field, required fields, the record builder."""

    kind: EditKind
    title: str  # for messages: what the header row should start with
    fields: dict[str, Callable[[str], bool]]  # field → test on a _key()-ed header title
    required: tuple[str, ...]
    build: Callable[[_Cells], R]
    vocabulary: tuple[str, ...] = ()  # closed values of the last field, to spot a cut-off record
    fast: Callable[[dict[str, tuple[int, str]]], Callable[[list[str]], R | None]] | None = None

    def columns(self, cells: list[str]) -> dict[str, tuple[int, str]]:
        """Field → (position, title) for a header row; empty when a required field is missing."""
        found: dict[str, tuple[int, str]] = {}
        for index, title in enumerate(cells):
            for name, test in self.fields.items():
                if name not in found and test(_key(title)):
                    found[name] = (index, title)
                    break
        return found if all(name in found for name in self.required) else {}

    def looks_cut(self, record: R) -> bool:
        """True when the record's last field is a strict prefix of a known value."""
        last = record.rationale if isinstance(record, PtpEdit | Mue) else ""
        return any(known.startswith(last) and known != last for known in self.vocabulary)


PTP_LAYOUT = Layout(
    "ptp", "Column 1, Column 2, …, Deletion Date, Modifier, PTP Edit Rationale",
    {
        "column1": lambda k: k == "column1", "column2": lambda k: k == "column2",
        "pre_1996": lambda k: "1996" in k or k.startswith("inexistence"),
        "effective": lambda k: k.startswith("effective"), "deleted": lambda k: k.startswith("deletion"),
        "modifier": lambda k: k.startswith("modifier"), "rationale": lambda k: "rationale" in k,
    },
    ("column1", "column2", "deleted", "modifier"), _build_ptp, PTP_RATIONALES, _fast_ptp,
)  # fmt: skip
MUE_LAYOUT = Layout(
    "mue", "HCPCS/CPT Code, … MUE Values, MUE Adjudication Indicator, MUE Rationale",
    {
        "code": lambda k: "hcpcs" in k, "value": lambda k: "muevalue" in k,
        "mai": lambda k: "adjudication" in k, "rationale": lambda k: "rationale" in k,
    },
    ("code", "value", "mai"), _build_mue, MUE_RATIONALES,
)  # fmt: skip
AOC_LAYOUT = Layout(
    "aoc", "primary code, add-on code, AOC edit type",
    {
        "primary": lambda k: k == "primarycode", "addon": lambda k: k == "addoncode",
        "type": lambda k: "edittype" in k, "notes": lambda k: "note" in k,
        "effective": lambda k: k.startswith("aocediteff"), "deleted": lambda k: k.startswith("aoceditdel"),
    },
    ("primary", "addon", "type"), _build_aoc,
)  # fmt: skip
_LAYOUTS: tuple[Layout[PtpEdit] | Layout[Mue] | Layout[AddOnEdit], ...] = (MUE_LAYOUT, AOC_LAYOUT, PTP_LAYOUT)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects as Windows-1252, which older CMS files use."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("rvudesk-cp1252", _cp1252_fallback)


class _Lines:
    """Decoded physical lines of a byte stream, remembering whether the last one had a line end."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.ended = True

    def __iter__(self) -> Iterator[str]:
        lines = iter(self.stream)
        first = next(lines, b"")
        self.ended = first.endswith(b"\n")
        yield first.decode("utf-8-sig", "rvudesk-cp1252")  # drops a byte-order mark
        for raw in lines:
            self.ended = raw.endswith(b"\n")
            yield raw.decode("utf-8", "rvudesk-cp1252")


class _Table:
    """The csv records of a byte stream (comma or tab, CRLF or LF) and the line each starts on."""

    def __init__(self, stream: IO[bytes], path: str) -> None:
        self.path = path
        self.lines = _Lines(stream)
        text = iter(self.lines)
        first = next(text, "")
        self.empty = first == ""
        chained = itertools.chain((first,), text) if first else iter(())
        # CMS's PTP text is tab-delimited and never quotes; everything else is CSV. Line one tells.
        if "\t" in first:
            self.reader = csv.reader(chained, delimiter="\t", quoting=csv.QUOTE_NONE)
        else:
            self.reader = csv.reader(chained)
        self.next_line = 1  # physical line where the next record starts

    def rows(self) -> Iterator[Row]:
        """The records as Rows (the PTP loop reads `reader` directly for speed)."""
        with self.errors():
            for cells in self.reader:
                row = Row(self.next_line, cells, self.lines.ended)
                self.next_line = self.reader.line_num + 1
                yield row

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turn the csv module's errors into NcciFileError with the line."""
        try:
            yield
        except csv.Error as error:
            raise NcciFileError(self.path, self.next_line, None, f"unreadable CSV ({error})") from error


def _source_name(source: Source, name: str | None) -> str:
    if name is not None:
        return name
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


class _Truncated(Exception):
    """Internal: the last record was cut off; stop reading (the warning is already recorded)."""


class EditFile(Generic[R]):
    """One pass over an NCCI file: iterate for records; `warnings` fills in as rows are read."""

    def __init__(self, source: Source, name: str | None, layout: Layout[R]) -> None:
        self.path = _source_name(source, name)
        self.kind = layout.kind
        self.warnings: list[NcciWarning] = []
        self.count = 0  # records yielded so far
        self._source = source
        self._layout: Layout[R] = layout
        self._records: Generator[R, None, None] = self._generate()

    def __iter__(self) -> Iterator[R]:
        return self._records  # the generator itself, so a for loop pays no extra call per row

    def __next__(self) -> R:
        return next(self._records)

    def __enter__(self) -> EditFile[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and close the file (only needed when leaving a loop early)."""
        self._records.close()

    def _generate(self) -> Generator[R, None, None]:
        if not isinstance(self._source, str | os.PathLike):
            yield from self._read_to_end(self._source)  # an open binary stream, e.g. a zip member
            return
        with open(self._source, "rb") as stream:
            yield from self._read_to_end(stream)

    def _read_to_end(self, stream: IO[bytes]) -> Iterator[R]:
        try:
            yield from self._read(stream)
        except _Truncated:
            return

    def _read(self, stream: IO[bytes]) -> Iterator[R]:
        table = _Table(stream, self.path)
        header, columns = self._header(table)
        fast = self._layout.fast(columns) if self._layout.fast else None
        reader, lines, in_header = table.reader, table.lines, True
        with table.errors():
            for cells in reader:
                line, table.next_line = table.next_line, reader.line_num + 1
                record = fast(cells) if fast is not None else None
                if record is None:
                    record = self._careful(Row(line, cells, lines.ended), columns, in_header)
                    if record is None:
                        continue
                in_header = False
                if not lines.ended and self._layout.looks_cut(record):
                    self._truncated(line, f"{cells[-1].strip()!r} stops short of a known value")
                    return
                self.count += 1
                yield record
        if self.count == 0 and not self.warnings:
            self.warnings.append(NcciWarning(self.path, header, "no edit rows after the header"))

    def _careful(self, row: Row, columns: dict[str, tuple[int, str]], in_header: bool) -> R | None:
        """Build a record with full checks; None for a blank row or the rest of a multi-line header."""
        if not "".join(row.cells).strip() or (in_header and not "".join(row.cells[:2]).strip()):
            return None
        try:
            return self._layout.build(_Cells(row, columns, self.path))
        except NcciFileError as error:
            if row.ended:
                raise
            self._truncated(row.line, str(error))
            raise _Truncated from error

    def _header(self, table: _Table) -> tuple[int, dict[str, tuple[int, str]]]:
        seen = 0
        for row in table.rows():
            if columns := self._layout.columns(row.cells):
                return row.line, columns
            seen += 1
            if seen >= _HEADER_SEARCH:
                break
        if seen == 0:
            raise NcciFileError(self.path, 1, None, "the file is empty")
        raise NcciFileError(
            self.path, 1, None,
            f"no {self._layout.kind.upper()} header in the first {seen} rows: expected a row with "
            f"{self._layout.title}",
        )  # fmt: skip

    def _truncated(self, line: int, why: str) -> None:
        # A cut-off download ends mid-record with no line end: keep every row before it and say so.
        message = f"truncated last record not loaded ({why}); the file looks incomplete"
        self.warnings.append(NcciWarning(self.path, line, message))


def read_ptp(source: Source, name: str | None = None) -> EditFile[PtpEdit]:
    """Stream the edits of a CMS PTP file (tab-delimited text, or the simplified CSV)."""
    return EditFile(source, name, PTP_LAYOUT)


def read_mue(source: Source, name: str | None = None) -> EditFile[Mue]:
    """Stream the rows of a CMS MUE table (CSV, with or without the AMA notice)."""
    return EditFile(source, name, MUE_LAYOUT)


def read_aoc(source: Source, name: str | None = None) -> EditFile[AddOnEdit]:
    """Stream the add-on code edits of a CMS AOC table (CSV or tab-delimited text)."""
    return EditFile(source, name, AOC_LAYOUT)


def detect_kind(source: str | os.PathLike[str] | IO[bytes], name: str | None = None) -> EditKind | None:
    """Which NCCI table a file (or an open binary stream) holds, from its header row; the file
    name is not trusted."""
    try:
        if isinstance(source, str | os.PathLike):
            with open(source, "rb") as stream:
                return _kind_in(stream, os.fspath(source))
        return _kind_in(source, name or "stream")
    except (NcciFileError, OSError, UnicodeError):
        return None


def _kind_in(stream: IO[bytes], name: str) -> EditKind | None:
    for index, row in enumerate(_Table(stream, name).rows()):
        if index >= _HEADER_SEARCH:
            break
        for layout in _LAYOUTS:
            if layout.columns(row.cells):
                return layout.kind
    return None
