"""Read CMS tabular files (CSV, fixed-width text, Excel) into numbered lists of text cells.

Every CMS companion file comes in up to three formats. This module turns each into the same
shape, `(line_number, [cell, ...])`, so that the file readers parse one shape, and it owns the
error type that names the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

Record = tuple[int, list[str]]


class CmsFileError(ValueError):
    """A CMS file that cannot be read as documented; names the file, line and column."""

    def __init__(self, source: str, message: str, line: int | None = None, column: str | None = None):
        self.source = source
        self.line = line
        self.column = column
        self.detail = message
        where = source
        if line is not None:
            where += f", line {line}"
        if column:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Source:
    """A file to read: its name (for messages and release detection) and its bytes."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: Path) -> Source:
        return cls(path.name, path.read_bytes())

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


def decode(source: Source) -> str:
    """Decode a CMS text file: ASCII/UTF-8, else Windows-1252; UTF-16 and binary are refused."""
    data = source.data
    if not data.strip():
        raise CmsFileError(source.name, "the file is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        raise CmsFileError(
            source.name, "wrong encoding: the file looks like UTF-16 or binary; expected ASCII text"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CmsFileError(
            source.name, f"wrong encoding: byte {data[exc.start]:#04x} at offset {exc.start} is not text"
        ) from exc


def text_lines(source: Source) -> Iterator[Record]:
    """Yield (line number, [line]) for a fixed-width text file, CRLF or LF."""
    for number, line in enumerate(decode(source).splitlines(), start=1):
        yield number, [line]


def csv_records(source: Source) -> Iterator[Record]:
    """Yield (line number of the record's first line, cells) for a CSV file."""
    reader = csv.reader(io.StringIO(decode(source), newline=""))
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise CmsFileError(source.name, f"not a readable CSV file ({exc})", line) from exc


def xlsx_records(source: Source) -> Iterator[Record]:
    """Yield (row number, cells as CMS would print them) from the first sheet of an Excel file."""
    import openpyxl  # imported here: only Excel input pays for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise CmsFileError(source.name, f"not a readable Excel workbook ({exc})") from exc
    sheet = book.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_cell_text(value) for value in values]
    book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%m/%d/%Y")
    return str(value)


def records(source: Source) -> Iterator[Record]:
    """Cells of a CSV or Excel file, by the file's extension."""
    if source.suffix in (".xlsx", ".xlsm"):
        return xlsx_records(source)
    return csv_records(source)


def parse_decimal(text: str, source: str, line: int, column: str, places: int = 2) -> Decimal:
    """A number cell as a Decimal with the given decimal places; blank reads as zero."""
    text = text.strip()
    if not text:
        return Decimal(0).quantize(Decimal(1).scaleb(-places))
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CmsFileError(source, f"expected a number, got {text!r}", line, column) from None
    if not value.is_finite():
        raise CmsFileError(source, f"expected a number, got {text!r}", line, column)
    return value.quantize(Decimal(1).scaleb(-places))
