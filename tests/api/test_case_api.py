"""POST /api/case: a Case Builder request priced against the stored RVU26C release."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

CHOLE_HERNIA = [{"code": "47562", "modifiers": [], "units": 1}, {"code": "49505", "modifiers": ["50"], "units": 1}]


def post(client: Any, body: Any, raw: bool = False) -> Any:
    return client.post("/api/case", data=body if raw else json.dumps(body), content_type="application/json")


def test_cholecystectomy_with_bilateral_hernia_repair_is_ranked_and_reduced(client):
    # Same hand check as tests/test_case.py: 49505-50 facility 15.21 × 33.4009 = 508.03 × 150% = $762.05, rank 1;
    # 47562 facility 18.92 × 33.4009 = $631.95 × 50% = $315.98, rank 2. Total $1,078.03.
    response = post(client, {"release": "RVU26C", "setting": "facility", "lines": CHOLE_HERNIA})
    assert response.status_code == 200
    data = response.json()
    assert data["release"] == {"id": "RVU26C", "label": "CMS PFS RVU26C, July 2026", "conversion_factor": 33.4009}
    assert data["setting"] == "facility"
    assert data["locality"] is None
    first, second = data["lines"]  # request order, not rank order
    assert (first["code"], first["modifiers"], first["rank"], first["fee"], first["allowed"]) == \
        ("47562", [], 2, 631.95, 315.98)
    assert (second["code"], second["modifiers"], second["rank"], second["fee"], second["allowed"]) == \
        ("49505", ["50"], 1, 508.03, 762.05)
    assert [(a["rule"], a["factor"]) for a in second["adjustments"]] == [("BILATERAL", 1.5), ("MPPR", 1.0)]
    assert data["totals"]["allowed"] == 1078.03
    assert [line["credited_wrvu"] for line in data["lines"]] == [5.11, 11.64]
    assert data["policy"]["name"] == "medicare"


def test_numbers_are_json_numbers_not_strings(client):
    text = post(client, {"setting": "facility", "lines": CHOLE_HERNIA}).content.decode()
    assert re.search(r'"allowed":\s*1078\.03\b', text)
    data = json.loads(text)
    assert isinstance(data["release"]["conversion_factor"], float)
    assert all(isinstance(line[k], float) for line in data["lines"] for k in ("fee", "allowed", "wrvu"))


def test_a_locality_changes_the_total_and_is_echoed(client):
    data = post(client, {"setting": "facility", "locality": "01112-54", "lines": CHOLE_HERNIA}).json()
    assert data["locality"]["id"] == "01112-54"
    assert data["locality"]["name"] == "BAKERSFIELD"
    assert data["totals"]["allowed"] != 1078.03
    assert data["lines"][1]["rank"] == 1


def test_a_zip_code_finds_the_same_locality(client):
    by_zip = post(client, {"setting": "facility", "zip": "93301", "lines": CHOLE_HERNIA}).json()
    by_id = post(client, {"setting": "facility", "locality": "01112-54", "lines": CHOLE_HERNIA}).json()
    assert by_zip["locality"]["id"] == "01112-54"
    assert by_zip["totals"] == by_id["totals"]


def test_place_of_service_11_prices_in_the_office(client):
    data = post(client, {"pos": "11", "lines": [{"code": "11401", "modifiers": [], "units": 1}]}).json()
    assert data["setting"] == "nonfacility"
    assert data["totals"]["allowed"] == 154.98  # 4.64 × 33.4009, as on the code page


def test_full_credit_policy_keeps_the_secondary_wrvu(client):
    data = post(client, {"setting": "facility", "policy": "full_credit", "lines": CHOLE_HERNIA}).json()
    assert data["totals"]["allowed"] == 1078.03  # payment is unchanged
    assert data["lines"][0]["credited_wrvu"] == 10.21


@pytest.mark.parametrize(("body", "message"), [
    ({"setting": "facility"}, "'lines' must be a list"),
    ({"setting": "facility", "lines": "47562"}, "'lines' must be a list"),
    ({"setting": "facility", "lines": []}, "the case has no lines"),
    ({"setting": "facility", "lines": [{"code": "47562", "units": 0}]}, "line 1 (47562): units must be"),
    ({"setting": "facility", "lines": [{"code": "47562", "units": -1}]}, "line 1 (47562): units must be"),
    ({"setting": "facility", "lines": [{"code": "47562", "units": 1.5}]}, "line 1 (47562): units must be"),
    ({"setting": "facility", "lines": [{"code": "47562", "units": 100000}]}, "line 1 (47562): units must be"),
    ({"setting": "facility", "lines": [{"code": "47562", "units": "2"}]}, "line 1 (47562): units must be"),
    ({"setting": "facility", "lines": [{"modifiers": []}]}, "line 1: enter a CPT/HCPCS code"),
    ({"setting": "facility", "lines": [{"code": "47562"}, {"code": "99999"}]},
     "line 2 (99999): 99999 is not in this fee schedule release"),
    ({"setting": "facility", "lines": [{"code": "49505", "modifiers": ["5"]}]},
     "line 1 (49505): modifier '5' is not a two-character modifier"),
    ({"setting": "facility", "lines": [{"code": "49505", "modifiers": "50"}]}, "line 1 (49505): modifiers must be"),
    ({"setting": "facility", "lines": [{"code": "47562"}] * 200}, "at most 50 lines; this one has 200"),
    ({"setting": "office", "lines": CHOLE_HERNIA}, "'setting' must be"),
    ({"lines": CHOLE_HERNIA}, "'setting' must be"),
    ({"pos": "1X", "lines": CHOLE_HERNIA}, "place of service must be a two-digit code"),
    ({"setting": "facility", "policy": "generous", "lines": CHOLE_HERNIA}, "'policy' must be one of"),
    ({"setting": "facility", "locality": "99999-99", "lines": CHOLE_HERNIA}, "has no GPCIs in RVU26C"),
    ({"setting": "facility", "zip": "ABCDE", "lines": CHOLE_HERNIA}, "is not in the CMS ZIP-to-locality file"),
    ({"setting": "facility", "release": "RVU99A", "lines": CHOLE_HERNIA}, "Release 'RVU99A' is not loaded"),
    (["47562"], "must be a JSON object"),
])
def test_bad_requests_get_a_400_naming_the_problem(client, body, message):
    response = post(client, body)
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.parametrize("raw", ["not json", "{", "", "\xff"])
def test_a_body_that_is_not_json_is_a_400_not_a_500(client, raw):
    response = post(client, raw, raw=True)
    assert response.status_code == 400
    assert response.json() == {"error": "the request body is not JSON"}


def test_get_is_not_allowed(client):
    assert client.get("/api/case").status_code == 405


def test_an_endoscopy_family_loads_its_base_code_in_a_second_query(client, django_assert_num_queries):
    # 45385 + 45380 name base 45378 (not billed here): release, NCCI versions, the PTP and MUE versions
    # in effect and their rows, the AOC rows of the case's codes, the lines' rows, the base's rows.
    # NCCI pairs 45385/45380 with modifier indicator 1: the biopsy of a separate lesion carries XS.
    lines = [{"code": "45385", "modifiers": [], "units": 1}, {"code": "45380", "modifiers": ["XS"], "units": 1}]
    with django_assert_num_queries(9):
        data = post(client, {"setting": "facility", "lines": lines}).json()
    # 45380 $177.69 − base 45378 $164.67 = $13.02 after the family rule (tests/test_case.py)
    assert [line["allowed"] for line in data["lines"]] == [223.45, 13.02]


def test_a_custom_credit_policy_takes_percentages_and_leaves_payment_alone(client):
    body = {"setting": "facility", "lines": CHOLE_HERNIA, "policy": "custom",
            "credit": {"secondary": 75, "bilateral": 200}}
    data = post(client, body).json()
    # 47562 wRVU 10.21 × 75% = 7.6575 → 7.66; 49505-50 wRVU 7.76 × 200% = 15.52; payment unchanged.
    assert [line["credited_wrvu"] for line in data["lines"]] == [7.66, 15.52]
    assert data["totals"] == {"allowed": 1078.03, "wrvu": 17.97, "credited_wrvu": 23.18}
    assert data["policy"] == {"name": "custom", "secondary": 0.75, "bilateral": 2.0, "assistant": 0.16,
                              "co_surgeon": 0.625}


def test_ranking_by_wrvu_is_said_in_the_result(client):
    # 49505-50 credits 11.64 wRVU (7.76 × 150%), more than 47562's 10.21: it ranks first by wRVU as by fee.
    data = post(client, {"setting": "facility", "lines": CHOLE_HERNIA, "ranking": "wrvu"}).json()
    assert data["ranking_basis"] == "wrvu"
    assert [line["credit_rank"] for line in data["lines"]] == [2, 1]


@pytest.mark.parametrize(("extra", "message"), [
    ({"policy": "custom"}, "a custom policy needs 'credit'"),
    ({"policy": "custom", "credit": {"tertiary": 25}}, "a custom policy needs 'credit'"),
    ({"policy": "custom", "credit": {"secondary": "75"}}, "credit 'secondary' must be a percentage from 0 to 200"),
    ({"policy": "custom", "credit": {"secondary": 250}}, "credit 'secondary' must be a percentage from 0 to 200"),
    ({"policy": "medicare", "credit": {"secondary": 75}}, "'credit' percentages go with"),
    ({"ranking": "rvu"}, "'ranking' must be"),
])
def test_bad_credit_or_ranking_options_are_400s(client, extra, message):
    response = post(client, {"setting": "facility", "lines": CHOLE_HERNIA, **extra})
    assert response.status_code == 400
    assert message in response.json()["error"]
