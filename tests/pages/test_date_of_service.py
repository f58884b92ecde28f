"""date=YYYY-MM-DD picks the release in effect on the date of service (pages, API, CLI), and says so."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("day", "release", "work"), [
    ("2025-11-15", "RVU25D", 19.60),  # RVU25D: October 2025
    ("2026-03-01", "RVU26A", 19.11),  # January 2026
    ("2026-06-30", "RVU26A", 19.11),
    ("2026-07-01", "RVU26C", 19.11),  # July 2026
    ("2026-12-31", "RVU26C", 19.11),
])
def test_the_release_in_effect_on_the_date_prices_the_page(client, day, release, work):
    data = client.get(f"/cpt/27447.json?date={day}").json()
    assert data["release"]["id"] == release
    assert data["date_of_service"] == day
    assert data["rows"][0]["rvu"]["work"] == work


def test_the_html_page_says_which_release_the_date_chose(client):
    html = client.get("/cpt/27447?date=2025-11-15").content.decode()
    assert "Release in effect on the date of service 2025-11-15: CMS PFS RVU25D" in html


@pytest.mark.parametrize(("query", "message"), [
    ("date=2024-01-01", "No loaded release covers the date of service 2024-01-01"),
    ("date=2027-02-01", "No loaded release covers the date of service 2027-02-01"),
    ("date=2026-13-01", "is not a date like 2026-07-15"),
    ("date=yesterday", "is not a date like 2026-07-15"),
    ("date=2026-07-01&release=RVU26C", "Give a release or a date of service, not both"),
])
def test_a_date_no_release_covers_is_a_400_naming_it(client, query, message):
    response = client.get(f"/cpt/27447.json?{query}")
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_the_case_api_and_the_cli_take_a_date(client, capsys):
    body = {"date": "2025-12-01", "setting": "facility", "lines": [{"code": "27447", "modifiers": [], "units": 1}]}
    data = client.post("/api/case", data=json.dumps(body), content_type="application/json").json()
    assert data["release"]["id"] == "RVU25D" and data["date_of_service"] == "2025-12-01"
    assert data["lines"][0]["wrvu"] == 19.60
    call_command("price", "27447", "--date", "2026-08-01", "--json")
    assert json.loads(capsys.readouterr().out)["release"]["id"] == "RVU26C"
