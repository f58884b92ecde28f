"""Load CMS's NCCI edit files (PTP, MUE, AOC) into the database, all in one transaction.

Files are found by their header (ncci_files.detect_kind), grouped by version label (CMS splits one
PTP version into several files), streamed and stored in batches. A version loaded again is
replaced; a bad file (NcciFileError) rolls everything back.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from rvudesk.edits.models import AocRow, EditVersion, MueRow, PtpEditRow
from rvudesk.pfs.ncci import AddOnEdit, Mue, PtpEdit
from rvudesk.pfs.ncci_files import EditFile, detect_kind, read_aoc, read_mue, read_ptp
from rvudesk.pfs.ncci_versions import NcciVersion, version_from, version_of

BATCH = 5000
_READERS: dict[str, Callable[[Any, str], EditFile[Any]]] = {"ptp": read_ptp, "mue": read_mue, "aoc": read_aoc}


@dataclass(frozen=True)
class EditFileRef:
    """An NCCI table on disk: a file, or a member of a zip as CMS ships them (read in place, streamed)."""

    path: Path
    member: str = ""

    @property
    def name(self) -> str:
        return Path(self.member).name if self.member else self.path.name

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        if not self.member:
            with open(self.path, "rb") as stream:
                yield stream
            return
        with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as stream:
            yield stream


def find_files(paths: Iterable[str | os.PathLike[str]]) -> dict[str, tuple[NcciVersion, list[EditFileRef]]]:
    """NCCI tables under the paths (folders searched recursively, zips opened), grouped by version label."""
    groups: dict[str, tuple[NcciVersion, list[EditFileRef]]] = {}
    for path in map(Path, paths):
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in candidates:
            for ref, version in _tables(file):
                groups.setdefault(version.label, (version, []))[1].append(ref)
    return groups


def _tables(file: Path) -> Iterator[tuple[EditFileRef, NcciVersion]]:
    """The NCCI tables a file is or holds, each with its version; nothing for any other file."""
    if not zipfile.is_zipfile(file):
        version = version_of(file)  # kind from the header
        if version.kind is not None:
            yield EditFileRef(file), version
        return
    with zipfile.ZipFile(file) as archive:
        members = [m.filename for m in archive.infolist() if not m.is_dir()]
    for member in members:
        ref = EditFileRef(file, member)
        with ref.open() as stream:
            kind = detect_kind(stream, ref.name)
        if kind is not None:  # inside a zip only the header counts (CMS adds readme and PDF files)
            yield ref, version_from(ref.name, kind)


def import_edit_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Import every NCCI file under the paths; return one line per version and the parse warnings."""
    groups = find_files(paths)
    if not groups:
        return ["no NCCI edit files (PTP, MUE or AOC) found"]
    return store(groups)


def store(groups: dict[str, tuple[NcciVersion, list[EditFileRef]]]) -> list[str]:
    """Stream the grouped files into the database in one transaction (a bad file rolls all back)."""
    messages: list[str] = []
    with transaction.atomic():
        for label, (version, files) in groups.items():
            messages += _store_version(label, version, files)
    return messages


def _store_version(label: str, version: NcciVersion, files: list[EditFileRef]) -> list[str]:
    assert version.kind is not None
    EditVersion.objects.filter(label=label).delete()  # rows go by cascade
    stored = EditVersion.objects.create(
        kind=version.kind, label=label, effective=version.effective, source=", ".join(f.name for f in files)
    )
    warnings: list[str] = []
    model, make = _MODELS[version.kind]
    count = 0
    batch: list[Any] = []
    for record in _unique(files, version.kind, warnings):
        batch.append(make(stored, record))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch, batch_size=BATCH)
            count, batch = count + len(batch), []
    model.objects.bulk_create(batch, batch_size=BATCH)
    stored.row_count = count + len(batch)
    stored.save(update_fields=["row_count"])
    return [f"{label}: {stored.row_count:,} rows from {stored.source}", *warnings]


def _unique(files: list[EditFileRef], kind: str, warnings: list[str]) -> Iterator[Any]:
    """The records of the files, each once: partial CMS-derived files overlap (README of the data)."""
    # Hashes rather than records keep memory small on million-row PTP tables; a 64-bit collision
    # among a few million rows is vanishingly unlikely.
    seen: set[int] = set()
    for file in files:
        with file.open() as stream:
            edits: EditFile[Any] = _READERS[kind](stream, _shown(file))
            with edits:
                for record in edits:
                    key = hash(record)
                    if key not in seen:
                        seen.add(key)
                        yield record
        warnings += [f"warning: {w}" for w in edits.warnings]


def _ptp(version: EditVersion, e: PtpEdit) -> PtpEditRow:
    return PtpEditRow(version=version, column1=e.column1, column2=e.column2, pre_1996=e.pre_1996,
                      effective=e.effective, deleted=e.deleted, modifier_indicator=e.modifier_indicator,
                      rationale=e.rationale)


def _mue(version: EditVersion, m: Mue) -> MueRow:
    return MueRow(version=version, code=m.code, value=m.value, adjudication=m.adjudication,
                  adjudication_text=m.adjudication_text, rationale=m.rationale)


def _aoc(version: EditVersion, a: AddOnEdit) -> AocRow:
    return AocRow(version=version, primary=a.primary, addon=a.addon, edit_type=a.edit_type,
                  effective=a.effective, deleted=a.deleted, notes=a.notes)


_MODELS: dict[str, tuple[Any, Any]] = {"ptp": (PtpEditRow, _ptp), "mue": (MueRow, _mue), "aoc": (AocRow, _aoc)}


def _shown(file: EditFileRef) -> str:
    """How messages name the file: its path, or the zip's path and the member."""
    return f"{file.path}:{file.member}" if file.member else str(file.path)
