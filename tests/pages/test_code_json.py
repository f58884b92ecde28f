"""The JSON twin of a code page: fixed keys, numbers as JSON numbers rounded as CMS publishes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_11401_json_has_the_documented_keys_and_values(client):
    data = client.get("/cpt/11401.json").json()
    assert data["code"] == "11401"
    assert data["descriptor"] == "Exc tr-ext b9+marg 0.6-1 cm"
    assert data["status"]["code"] == "A"
    assert data["release"] == {**data["release"], "id": "RVU26C", "conversion_factor": 33.4009}
    assert data["global_days"] == "010"
    assert data["indicators"] == {"mult_proc": "2", "bilateral": "0", "assistant": "1", "co_surgeon": "0",
                                  "team": "0", "pctc": "0", "endo_base": "", "supervision": "09",
                                  "imaging_family": "99"}
    (global_row,) = data["rows"]
    assert global_row["modifier"] == ""
    assert global_row["rvu"] == {"work": 1.25, "pe_nonfacility": 3.23, "pe_facility": 1.42, "mp": 0.16,
                                 "total_nonfacility": 4.64, "total_facility": 2.83}
    assert global_row["payment"] == {"national_nonfacility": 154.98, "national_facility": 94.52}
    assert data["locality"] is None


def test_json_with_a_locality_adds_local_payment_and_the_gpcis(client):
    data = client.get("/cpt/71046.json?locality=01112-54").json()
    assert data["locality"] == {"id": "01112-54", "name": "BAKERSFIELD", "state": "CA", "gpci_work": 1.019,
                                "gpci_pe": 1.096, "gpci_mp": 0.609}
    rows = {r["modifier"]: r for r in data["rows"]}
    assert set(rows) == {"", "26", "TC"}
    # 26 row: 0.21*1.019 + 0.08*1.096 + 0.01*0.609 = 0.30776 x 33.4009 = 10.2795 -> $10.28
    assert rows["26"]["payment"]["locality_facility"] == 10.28
    assert rows["TC"]["rvu"]["work"] == 0


def test_json_errors_are_4xx_with_a_message(client):
    response = client.get("/cpt/11401.json?zip=00000")
    assert response.status_code == 400
    assert "ZIP code '00000'" in response.json()["error"]
    response = client.get("/cpt/99999.json")
    assert response.status_code == 404
    assert response.json()["error"] == "99999 is not in RVU26C."
