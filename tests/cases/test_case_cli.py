"""`rvudesk case`: a case priced from the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rvudesk.cases.lineformat import parse_line

pytestmark = pytest.mark.django_db


def case(*args: str) -> str:
    out = io.StringIO()
    call_command("case", *args, stdout=out)
    return out.getvalue()


def test_case_prints_each_line_in_order_and_the_total():
    text = case("47562", "49505-50", "--setting", "facility")
    lines = text.splitlines()
    assert lines[0] == "CMS PFS RVU26C, July 2026, conversion factor 33.4009; facility, national; wRVU policy medicare"
    assert lines[2].split()[:6] == ["1", "47562", "1", "2", "$631.95", "MPPR"]
    assert lines[2].split()[-3:] == ["$315.98", "10.21", "5.11"]
    assert lines[3].split()[:6] == ["2", "49505-50", "1", "1", "$508.03", "BILATERAL"]
    assert lines[3].split()[-3:] == ["$762.05", "7.76", "11.64"]
    assert lines[4].split() == ["Total", "$1078.03", "17.97", "16.75"]
    assert "American Medical Association" in lines[-1]


def test_case_with_a_locality_names_it():
    text = case("47562", "49505-50", "--setting", "facility", "--zip", "93301")
    assert "locality 01112-54 BAKERSFIELD (CA)" in text
    assert "$1078.03" not in text


def test_case_json_is_the_api_answer():
    data = json.loads(case("47562", "49505-50", "--setting", "facility", "--json"))
    assert data["totals"]["allowed"] == 1078.03
    assert [line["code"] for line in data["lines"]] == ["47562", "49505"]


def test_case_errors_are_command_errors_naming_the_line():
    with pytest.raises(CommandError, match=r"line 2 \(99999\): 99999 is not in this fee schedule release"):
        case("47562", "99999", "--setting", "facility")


@pytest.mark.parametrize(("arg", "line"), [
    ("47562", {"code": "47562", "modifiers": [], "units": 1}),
    ("49505-50", {"code": "49505", "modifiers": ["50"], "units": 1}),
    ("64483-RT-59x2", {"code": "64483", "modifiers": ["RT", "59"], "units": 2}),
    ("97110x3", {"code": "97110", "modifiers": [], "units": 3}),
    ("29881-X1", {"code": "29881", "modifiers": ["X1"], "units": 1}),  # X1 is a modifier, not one unit
    ("29881-XS", {"code": "29881", "modifiers": ["XS"], "units": 1}),
])
def test_arguments_read_as_code_modifiers_and_units(arg, line):
    assert parse_line(arg) == line
