"""The NCCI section of code pages: PTP pairs in both directions, the MUE, the loaded versions."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db
PTP_2024 = "PTP v30.1 (2024-04-01)"


def edits_section(client, code):
    response = client.get(f"/cpt/{code}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("section[aria-labelledby=edits]")


def pairs(details):
    return {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in details.select("tbody tr")}


def test_47562_is_not_paid_with_the_cholecystectomy_that_includes_cholangiography(client):
    section = edits_section(client, "47562")
    assert PTP_2024 in section.p.get_text()
    as_column1, as_column2 = section.select("details.ptp")
    assert as_column2.summary.get_text(strip=True).startswith("47562 is not paid separately with")
    # v30.1: 47563/47562 and 47564/47562, modifier indicator 0, "HCPCS/CPT procedure code definition"
    assert pairs(as_column2)["47563"][1:] == ["never (0)", "HCPCS/CPT procedure code definition"]
    assert set(pairs(as_column2)) == {"47563", "47564"}
    # 47562 is column 1 of many pairs (the excerpt holds every v30.1 edit with 47562 in column 1).
    assert len(pairs(as_column1)) > 200
    assert as_column1.get("open") is None  # long lists start folded


def test_47562_mue_is_one_per_day_from_the_newest_table_holding_it(client):
    mue = edits_section(client, "47562").select_one("dl.mue dd").get_text(" ", strip=True)
    assert mue.startswith("1 unit per day — Date of Service Edit: Policy")
    assert "MUE 2024-07-01" in mue  # the 2026-07-01 excerpt does not reach 47562


def test_29881_lists_the_knee_injection_with_a_modifier_bypass(client):
    as_column1 = edits_section(client, "29881").select("details.ptp")[0]
    assert pairs(as_column1)["20610"][1].startswith("with a documented NCCI modifier (1)")


def test_json_carries_the_edits_and_the_modifier_guidance_offers_59_x(client):
    data = client.get("/cpt/29881.json").json()
    ncci = data["ncci"]
    assert ncci["ptp_version"] == PTP_2024 and ncci["bypassable"] is True
    assert {"code": "20610", "modifier_indicator": "1"}.items() <= next(
        p for p in ncci["as_column1"] if p["code"] == "20610").items()
    assert {"59", "XS"} <= {m["modifier"] for m in data["modifiers"]["typical"]}
