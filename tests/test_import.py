"""Importing releases into the database: complete, exact, atomic."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rvudesk.catalog.models import RVU_FIELDS, Locality, Release, Rvu, ZipCode
from rvudesk.pfs.rvufile import COLUMNS
from tests.cmsfiles import pprrvu_csv, row
from tests.conftest import PFS

pytestmark = pytest.mark.django_db


def cms_csv_rows(path):
    """The data rows of a CMS PPRRVU CSV as {header: text}, read independently of the importer."""
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="cp1252"))))
    at = next(i for i, cells in enumerate(lines) if cells and cells[0] == "HCPCS")
    width = len(lines[at])
    headers = [" ".join(cells[c].strip() for cells in lines[at - 4: at + 1] if c < len(cells) and cells[c].strip()
                        and len(cells[c].strip()) <= 16) for c in range(width)]
    return [dict(zip(headers, cells, strict=True)) for cells in lines[at + 1:] if cells]


@pytest.mark.parametrize(("release", "path"), [("RVU26C", "rvu26c/PPRRVU2026_Jul_nonQPP.csv"),
                                               ("RVU25D", "rvu25d/PPRRVU2025_Oct.csv")])
def test_every_field_of_every_row_equals_what_the_database_holds(release, path):
    stored = {(r["hcpcs"], r["modifier"]): r for r in Rvu.objects.filter(release_id=release).values(*RVU_FIELDS)}
    rows = cms_csv_rows(PFS / path)
    assert len(stored) == len(rows)
    mismatches = []
    for cms in rows:
        db = stored[(cms["HCPCS"], cms["MOD"])]
        for name, (header, _, places) in COLUMNS.items():
            text = cms.get(header, "").strip()
            expected = Decimal(text or "0") if places is not None else text
            if db[name] != expected:
                mismatches.append((cms["HCPCS"], cms["MOD"], name, text, db[name]))
    assert mismatches == []


def test_releases_load_side_by_side_with_their_effective_dates_and_cfs():
    releases = {r.id: r for r in Release.objects.all()}
    assert set(releases) == {"RVU25D", "RVU26A", "RVU26C"}
    assert releases["RVU26C"].effective_from.isoformat() == "2026-07-01"
    assert releases["RVU26C"].conversion_factor == Decimal("33.4009")
    assert releases["RVU25D"].conversion_factor == Decimal("32.3465")
    assert releases["RVU26C"].label == "CMS PFS RVU26C, July 2026"
    assert Release.objects.first().id == "RVU26C"  # the newest is the default
    assert (releases["RVU26C"].row_count, releases["RVU26C"].locality_count) == (19356, 109)


def test_localities_carry_gpcis_anesthesia_cf_and_counties():
    bakersfield = Locality.objects.get(release_id="RVU25D", mac="01112", number="54")
    assert (bakersfield.name, bakersfield.state) == ("BAKERSFIELD", "CA")
    assert bakersfield.anesthesia_cf == Decimal("20.45")
    assert bakersfield.counties == "KERN"
    assert Locality.objects.get(release_id="RVU26C", mac="01112", number="54").gpci_pe == Decimal("1.096")


def test_zip_codes_map_to_their_pricing_locality():
    assert ZipCode.objects.count() == 42956
    assert ZipCode.objects.get(zip="93301").locality_id == "01112-54"


def import_error(*args, **kwargs) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("import", *map(str, args), stdout=io.StringIO(), **kwargs)
    return str(caught.value)


def snapshot():
    return (Release.objects.count(), Rvu.objects.count(), Locality.objects.count(),
            Rvu.objects.get(release_id="RVU26C", hcpcs="11401", modifier="").work)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"a,b,c\r\n1,2,3\r\n", "no header row with HCPCS"),
        (pprrvu_csv([row(work="abc")]).encode(), "column 'WORK RVU': expected a number, got 'abc'"),
        (pprrvu_csv([row(), row()]).encode(), "duplicate row for HCPCS 99991"),
        (pprrvu_csv([row()]).encode("utf-16"), "wrong encoding"),
    ],
)
def test_a_bad_file_fails_with_a_clear_message_and_changes_nothing(tmp_path, content, message):
    before = snapshot()
    bad = tmp_path / "PPRRVU2026_Jul_nonQPP.csv"
    bad.write_bytes(content)
    error = import_error(bad)
    assert "nothing was changed" in error and message in error and "PPRRVU2026_Jul_nonQPP.csv" in error
    assert snapshot() == before


def test_a_zip_without_a_pprrvu_file_is_refused(tmp_path):
    archive = tmp_path / "rvu30c.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("GPCI2030.csv", "nothing here")
    assert "the zip holds no PPRRVU file" in import_error(archive)


def test_a_release_zip_as_downloaded_from_cms_imports_with_its_companions(tmp_path):
    archive = tmp_path / "rvu25d.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("PPRRVU2025_Oct.txt", "GPCI2025.txt", "ANES2025.txt", "25LOCCO.txt", "OPPSCAP_Oct.txt"):
            z.write(PFS / "rvu25d" / name, name)
    out = io.StringIO()
    call_command("import", str(archive), "--release", "RVU30A", stdout=out)
    assert "RVU30A: 19090 rows" in out.getvalue()
    assert Rvu.objects.get(release_id="RVU30A", hcpcs="27447", modifier="").work == Decimal("19.60")
    assert Locality.objects.get(release_id="RVU30A", mac="01112", number="54").anesthesia_cf == Decimal("20.45")


def test_reimporting_a_release_replaces_it_and_a_failed_reimport_keeps_the_old_one(tmp_path):
    folder = tmp_path / "rvu30b"
    folder.mkdir()
    (folder / "PPRRVU2030_Apr.csv").write_text(pprrvu_csv([row(), row(hcpcs="99992")]))
    call_command("import", str(folder), stdout=io.StringIO())
    assert Rvu.objects.filter(release_id="RVU30B").count() == 2
    (folder / "PPRRVU2030_Apr.csv").write_text(pprrvu_csv([row(work="2.00", total_nonfacility="4.10")]))
    call_command("import", str(folder), stdout=io.StringIO())
    assert list(Rvu.objects.filter(release_id="RVU30B").values_list("hcpcs", "work")) == [("99991", Decimal("2.00"))]
    (folder / "PPRRVU2030_Apr.csv").write_text(pprrvu_csv([row(mp="x")]))
    assert "column 'MP RVU'" in import_error(folder)
    assert list(Rvu.objects.filter(release_id="RVU30B").values_list("hcpcs", "work")) == [("99991", Decimal("2.00"))]


def test_a_zip_of_the_zip_code_file_alone_is_read_and_other_zips_are_left_alone(tmp_path):
    from rvudesk.catalog import importer

    archive = tmp_path / "zip_code_file_oct2025.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(PFS / "zip_locality_2025q4" / "ZIP5_OCT2025.txt", "ZIP5_OCT2025.txt")
        z.writestr("ZIP5lyout.txt", "layout")
    result = importer.parse([archive], progress=lambda _: None)
    assert (len(result.zips), result.releases) == (42956, [])
    ncci = tmp_path / "medicare-ncci-mue.zip"  # no PFS file inside: the NCCI importer's business
    with zipfile.ZipFile(ncci, "w") as z:
        z.writestr("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "HCPCS/CPT Code,x\n")
    assert importer.parse([ncci], progress=lambda _: None, required=False).releases == []
