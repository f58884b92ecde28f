"""Import CMS PFS releases: find the files, parse them all, then store them in one transaction.

Parsing happens before the database is touched, and storing happens inside one atomic block, so
a bad file or a failed write leaves the database exactly as it was. Re-importing a release
replaces it atomically.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from rvudesk.catalog.models import RVU_FIELDS, Locality, OppsCap, Release, Rvu, ZipCode
from rvudesk.pfs import localities as loc
from rvudesk.pfs.release import FileGroup, ReleaseId, file_kind, group_files, release_from_rvu_name, release_from_title
from rvudesk.pfs.rvufile import RvuFile, conversion_factor, read_rvu_file
from rvudesk.pfs.tabular import CmsFileError, Source

BATCH = 2000
COMPANIONS = frozenset({"gpci", "anes", "locco", "oppscap", "pprrvu_qp"})  # files that belong beside a PPRRVU
Progress = Callable[[str], None]


@dataclass
class ParsedRelease:
    """Everything read for one release, ready to store."""

    release: ReleaseId
    rvu: RvuFile
    group: FileGroup
    qp_conversion_factor: Decimal | None = None
    localities: list[loc.Locality] = field(default_factory=list)
    anesthesia: list[loc.AnesthesiaCf] = field(default_factory=list)
    counties: list[loc.LocalityCounties] = field(default_factory=list)
    opps_caps: list[loc.OppsCap] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def summary(self) -> str:
        rows = self.rvu.rows
        return (f"{self.release.id}: {len(rows)} rows, {len({r.hcpcs for r in rows})} codes, "
                f"{len(self.localities)} localities, CF {conversion_factor(rows)}")


@dataclass
class ImportResult:
    """What an import stored and noticed."""

    releases: list[ParsedRelease] = field(default_factory=list)
    zips: list[loc.ZipLocality] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def sources_in(paths: Iterable[Path]) -> Iterator[tuple[str, Source]]:
    """(group name, file) for every file under the paths; a zip or a folder is one group."""
    for path in paths:
        if not path.exists():
            raise CmsFileError(str(path), "no such file or folder")
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                yield from _file_sources(child, str(child.parent))
        else:
            yield from _file_sources(path, str(path.parent))


def _file_sources(path: Path, group: str) -> Iterator[tuple[str, Source]]:
    if path.suffix.lower() != ".zip":
        if file_kind(path.name):  # other files (NCCI tables, PDFs) are never read into memory here
            yield group, Source.from_path(path)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = [(m, file_kind(m.filename)) for m in archive.infolist() if not m.is_dir()]
            kinds = {kind for _, kind in members}
            if kinds & COMPANIONS and "pprrvu" not in kinds:
                raise CmsFileError(path.name, "the zip holds no PPRRVU file (expected e.g. PPRRVU2026_Jul_nonQPP.csv)")
            for member, kind in members:
                if kind:  # a zip of NCCI tables (or anything else) is left to the other importers
                    yield str(path), Source(Path(member.filename).name, archive.read(member))
    except zipfile.BadZipFile as exc:
        raise CmsFileError(path.name, f"not a readable zip file ({exc})") from exc


def parse(paths: Iterable[Path], release_id: str | None = None, progress: Progress = print,
          required: bool = True) -> ImportResult:
    """Read and validate every PFS file under the paths; nothing is stored yet.

    `required=False` lets the paths hold no PFS file (an NCCI-only import)."""
    result = ImportResult()
    forced = ReleaseId.parse(release_id) if release_id else None
    if release_id and not forced:
        raise CmsFileError("--release", f"expected a release id like RVU26C, got {release_id!r}")
    for group in group_files(sources_in(paths)):
        if zip_source := group.best("zip5"):
            progress(f"reading {zip_source.name}")
            result.zips = list(loc.read_zip5(zip_source))
        if group.best("pprrvu"):
            result.releases.append(_parse_group(group, forced, progress))
        elif any(group.best(kind) for kind in ("gpci", "anes", "locco", "oppscap")):
            result.warnings.append(f"{group.name}: GPCI/ANES/LOCCO/OPPSCAP files without a PPRRVU file "
                                   "beside them were skipped")
    if required and not result.releases and not result.zips:
        raise CmsFileError(", ".join(str(p) for p in paths), "found no PPRRVU or ZIP5 file to import")
    return result


def _parse_group(group: FileGroup, forced: ReleaseId | None, progress: Progress) -> ParsedRelease:
    started = time.perf_counter()
    source = group.best("pprrvu")
    assert source is not None
    progress(f"reading {source.name}")
    rvu = read_rvu_file(source)
    release = forced or _detect_release(group, source, rvu)
    parsed = ParsedRelease(release, rvu, group)
    if qp := group.best("pprrvu_qp"):
        parsed.qp_conversion_factor = conversion_factor(read_rvu_file(qp).rows)
    readers: list[tuple[str, str, Callable[[Source], object]]] = [
        ("gpci", "localities", loc.read_gpci), ("anes", "anesthesia", loc.read_anesthesia),
        ("locco", "counties", loc.read_counties), ("oppscap", "opps_caps", loc.read_opps_cap),
    ]
    for kind, attribute, reader in readers:
        if companion := group.best(kind):
            progress(f"reading {companion.name}")
            setattr(parsed, attribute, list(reader(companion)))  # type: ignore[call-overload]
    parsed.seconds = time.perf_counter() - started
    return parsed


def _detect_release(group: FileGroup, source: Source, rvu: RvuFile) -> ReleaseId:
    found = ReleaseId.parse(Path(group.name).name) or release_from_rvu_name(source.name)
    found = found or release_from_title(rvu.title)
    if not found:
        raise CmsFileError(source.name, "cannot tell which release this is from the file name or title; "
                           "give --release RVU26C")
    return found


def store(result: ImportResult, progress: Progress = print) -> None:
    """Write the parsed releases in one transaction, replacing releases with the same id."""
    with transaction.atomic():
        for parsed in result.releases:
            progress(f"storing {parsed.release.id}")
            _store_release(parsed)
        if result.zips:
            progress(f"storing {len(result.zips)} ZIP codes")
            ZipCode.objects.all().delete()
            ZipCode.objects.bulk_create(
                (ZipCode(zip=z.zip, state=z.state, carrier=z.carrier, locality=z.locality,
                         rural=z.rural, quarter=z.quarter) for z in result.zips),
                batch_size=BATCH, ignore_conflicts=True,
            )


def _store_release(parsed: ParsedRelease) -> None:
    started = time.perf_counter()
    rid = parsed.release
    Release.objects.filter(id=rid.id).delete()
    release = Release.objects.create(
        id=rid.id, year=rid.year, quarter=rid.quarter, effective_from=rid.effective_from,
        title=parsed.rvu.title, released=parsed.rvu.released,
        conversion_factor=conversion_factor(parsed.rvu.rows),
        conversion_factor_qp=parsed.qp_conversion_factor,
        source_files=", ".join(sorted(s.name for sources in parsed.group.files.values() for s in sources)),
        row_count=len(parsed.rvu.rows), code_count=len({r.hcpcs for r in parsed.rvu.rows}),
        locality_count=len(parsed.localities),
    )
    Rvu.objects.bulk_create(
        (Rvu(release=release, **{name: getattr(row, name) for name in RVU_FIELDS}) for row in parsed.rvu.rows),
        batch_size=BATCH,
    )
    _store_localities(release, parsed)
    OppsCap.objects.bulk_create(
        (OppsCap(release=release, hcpcs=c.hcpcs, modifier=c.modifier, status=c.status, carrier=c.carrier,
                 locality=c.locality, facility_price=c.facility_price, nonfacility_price=c.nonfacility_price)
         for c in parsed.opps_caps),
        batch_size=BATCH,
    )
    release.import_seconds = round(parsed.seconds + time.perf_counter() - started, 2)
    release.save(update_fields=["import_seconds"])


def _store_localities(release: Release, parsed: ParsedRelease) -> None:
    anesthesia = {(a.mac, a.number): a.conversion_factor for a in parsed.anesthesia}
    counties: dict[tuple[str, str], list[str]] = {}
    for c in parsed.counties:
        counties.setdefault((c.mac, c.number), []).append(c.counties)
    Locality.objects.bulk_create(
        Locality(release=release, mac=g.mac, number=g.number, state=g.state, name=g.name,
                 gpci_work=g.gpci_work, gpci_pe=g.gpci_pe, gpci_mp=g.gpci_mp,
                 anesthesia_cf=anesthesia.get((g.mac, g.number)),
                 counties="; ".join(counties.get((g.mac, g.number), [])))
        for g in parsed.localities
    )
