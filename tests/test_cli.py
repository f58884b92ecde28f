"""The `rvudesk` command line: price through Django's runner, and the console script end to end."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.cmsfiles import pprrvu_csv, row

RVUDESK = Path(sys.executable).with_name("rvudesk")


def price(*args: str) -> str:
    out = io.StringIO()
    call_command("price", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_price_prints_rvus_and_national_payment():
    text = price("11401")
    assert "CMS PFS RVU26C, July 2026, conversion factor 33.4009" in text
    assert "Total RVU                       4.64          2.83" in text
    assert "National payment             $154.98        $94.52" in text
    assert "American Medical Association" in text


@pytest.mark.django_db
def test_price_with_a_zip_adds_the_locality_amount():
    text = price("71046", "--modifier", "26", "--zip", "93301")
    assert "Locality 01112-54             $10.28        $10.28" in text
    assert "BAKERSFIELD (CA): GPCI work 1.019, PE 1.096, MP 0.609" in text


@pytest.mark.django_db
def test_price_json_for_an_older_release():
    data = json.loads(price("27447", "--release", "RVU25D", "--json"))
    assert data["release"]["id"] == "RVU25D"
    assert data["row"]["rvu"]["work"] == 19.60
    # 38.88 facility total x 32.3465 = 1257.6319 -> $1257.63
    assert data["row"]["payment"]["national_facility"] == 1257.63


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [
    (("99999",), "99999 is not in RVU26C."),
    (("11401", "--modifier", "26"), "11401 has no row with modifier '26' in RVU26C"),
    (("11401", "--locality", "99999-99"), "Locality '99999-99' has no GPCIs in RVU26C."),
    (("<b>",), "That is not a CPT or HCPCS code"),
])
def test_price_errors_name_the_problem(args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        price(*args)


def test_the_console_script_migrates_imports_and_prices(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    release = tmp_path / "rvu30c"
    release.mkdir()
    (release / "PPRRVU2030_Jul_nonQPP.csv").write_text(pprrvu_csv([row()]))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(RVUDESK), *args], env=env, capture_output=True, text=True, timeout=120)

    assert run("migrate", "-v0").returncode == 0
    imported = run("import", str(release))
    assert imported.returncode == 0, imported.stderr
    assert "RVU30C: 1 rows, 1 codes, 0 localities, CF 33.4009" in imported.stdout
    priced = run("price", "99991", "--json")
    # synthetic total 3.10 x 33.4009 = 103.54279 -> $103.54
    assert json.loads(priced.stdout)["row"]["payment"]["national_nonfacility"] == 103.54
    failed = run("import", str(tmp_path / "missing"))
    assert failed.returncode != 0 and "no such file or folder" in failed.stderr
