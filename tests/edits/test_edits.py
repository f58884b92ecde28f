"""NCCI edit tables loaded from the real CMS files (read in place) and applied by POST /api/case."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from rvudesk.edits.importer import import_edit_files
from rvudesk.edits.lookup import tables_for
from rvudesk.edits.models import AocRow, EditVersion, MueRow, PtpEditRow
from rvudesk.pfs.ncci_files import NcciFileError
from tests.conftest import DATA

NCCI = DATA / "ncci"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ncci"
PTP_2024 = "PTP v30.1 (2024-04-01)"


@pytest.fixture(scope="module")
def messages(django_db_setup: Any, django_db_blocker: Any) -> Iterator[list[str]]:
    """Import every NCCI file under shared/data/ncci again (replacing the session's copy) to see the messages."""
    with django_db_blocker.unblock():
        yield import_edit_files([NCCI])


def counts() -> tuple[int, int, int, int]:
    return EditVersion.objects.count(), PtpEditRow.objects.count(), MueRow.objects.count(), AocRow.objects.count()


def post(client: Any, lines: list[dict[str, Any]]) -> Any:
    body = {"release": "RVU26C", "setting": "facility", "lines": lines}
    response = client.post("/api/case", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def line(code: str, *modifiers: str) -> dict[str, Any]:
    return {"code": code, "modifiers": list(modifiers), "units": 1}


@pytest.mark.django_db
def test_every_ncci_file_is_loaded_as_a_labelled_version(messages):
    versions = {v.label: v for v in EditVersion.objects.all()}
    assert set(versions) == {
        PTP_2024, "PTP v32.2 (2026-07-01)", "MUE 2024-04-01", "MUE 2024-07-01", "MUE 2026-07-01",
        "AOC 2024 Q2 (2024-04-01)", "AOC 2024-06-03",
    }
    # The two partial v30.1 files are one version; the rows they share are stored once.
    assert versions[PTP_2024].source == "ccipra-v301r0.col1-ranges.partial.csv, ccipra-v301r0.common-col1.partial.csv"
    assert PtpEditRow.objects.filter(version=versions[PTP_2024], column1="47562").count() == 354
    assert versions[PTP_2024].row_count == PtpEditRow.objects.filter(version=versions[PTP_2024]).count()
    assert versions["MUE 2024-04-01"].row_count == 14679
    assert versions["MUE 2024-07-01"].row_count == 14677
    assert versions["AOC 2024-06-03"].row_count == 7465
    assert any(m.startswith(f"{PTP_2024}: ") for m in messages)


@pytest.mark.django_db
def test_the_cut_off_last_record_of_the_v32_2_excerpt_is_reported_with_its_line(messages):
    warnings = [m for m in messages if m.startswith("warning:")]
    assert len(warnings) == 1
    assert "ccipra-v322r0-f1.excerpt.txt, line 161" in warnings[0]
    assert "truncated last record" in warnings[0]
    # The 154 whole records before it are kept.
    assert EditVersion.objects.get(label="PTP v32.2 (2026-07-01)").row_count == 154


@pytest.mark.django_db
def test_a_bad_file_aborts_the_import_and_leaves_the_tables_as_they_were(messages):
    before = counts()
    mue_2026 = NCCI / "mue" / "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"
    with pytest.raises(NcciFileError, match=r"ptp_bad_date\.txt, line"):
        import_edit_files([mue_2026, FIXTURES / "ptp_bad_date.txt"])
    assert counts() == before
    assert EditVersion.objects.get(label="MUE 2026-07-01").row_count == 44


@pytest.mark.django_db
def test_the_command_reports_a_bad_file_and_imports_nothing(messages):
    before = counts()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"nothing was changed: .*ptp_bad_date\.txt, line"):
        call_command("import", str(NCCI / "mue"), str(FIXTURES / "ptp_bad_date.txt"))
    assert counts() == before


@pytest.mark.django_db
def test_lookup_loads_only_the_rows_of_the_case_codes(messages):
    tables = tables_for({"47563", "47562"}, date(2026, 7, 1))
    assert [e.modifier_indicator for e in tables.ptp("47563", "47562")] == ["0"]
    assert tables.ptp("47562", "47563") == []
    assert tables.mue("47562") is not None
    assert tables.ptp("29881", "20610") == []  # not asked for


@pytest.mark.django_db
def test_cholecystectomy_with_cholangiography_denies_the_plain_cholecystectomy(client, messages):
    data = post(client, [line("47563"), line("47562")])
    with_cholangio, plain = data["lines"]
    assert with_cholangio["allowed"] > 0
    assert plain["allowed"] == 0
    assert any("47563" in f and "modifier indicator 0" in f for f in plain["flags"])
    assert PTP_2024 in data["ncci"]


@pytest.mark.django_db
def test_knee_arthroscopy_with_a_joint_injection_denies_the_injection(client, messages):
    scope, injection = post(client, [line("29881"), line("20610")])["lines"]
    assert scope["allowed"] > 0
    assert injection["allowed"] == 0
    assert any("29881/20610" in f and "modifier indicator 1" in f for f in injection["flags"])


@pytest.mark.django_db
@pytest.mark.parametrize("lines", [[line("29881"), line("20610", "XS")], [line("29881", "59"), line("20610")]])
def test_xs_or_59_on_either_line_lets_the_injection_be_paid(client, messages, lines):
    data = post(client, lines)
    assert all(x["allowed"] > 0 for x in data["lines"])
    assert any("line 2 (20610): 20610 is paid with 29881 only because of modifier" in f for f in data["flags"])


@pytest.mark.django_db
def test_ncci_tables_zipped_as_cms_ships_them_import_from_the_zip(messages, tmp_path):
    import zipfile

    archive = tmp_path / "ccipra-v322r0-f1.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(NCCI / "ptp" / "ccipra-v322r0-f1.excerpt.txt", "ccipra-v322r0-f1.txt")
        z.writestr("README ccipra-v322r0.txt", "Read the policy manual first.\n")
    out = io.StringIO()
    call_command("import", str(archive), stdout=out)
    text = out.getvalue()
    assert "PTP v32.2 (2026-07-01): 154 rows from ccipra-v322r0-f1.txt" in text
    assert f"{archive}:ccipra-v322r0-f1.txt, line 161" in text  # the cut-off record, named inside the zip
    assert EditVersion.objects.get(label="PTP v32.2 (2026-07-01)").row_count == 154
