"""Non-QP (default) and QP conversion factors: 2026 has two (33.4009 and 33.5675), 2025 one."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db
CHOLE = [{"code": "47562", "modifiers": [], "units": 1}]


def test_the_qp_factor_prices_the_code_page(client):
    nonqp = client.get("/cpt/27447.json").json()
    qp = client.get("/cpt/27447.json?cf=qp").json()
    assert nonqp["release"]["conversion_factors"] == {"nonqp": 33.4009, "qp": 33.5675}
    assert (nonqp["release"]["conversion_factor"], qp["release"]["conversion_factor"]) == (33.4009, 33.5675)
    # 34.71 × 33.4009 = 1159.3452 → $1159.35; 34.71 × 33.5675 = 1165.1279 → $1165.13
    assert nonqp["rows"][0]["payment"]["national_facility"] == 1159.35
    assert qp["rows"][0]["payment"]["national_facility"] == 1165.13
    assert qp["release"]["conversion_factor_variant"] == "qp"


def test_before_2026_the_qp_factor_is_the_one_factor(client):
    data = client.get("/cpt/27447.json?release=RVU25D&cf=qp").json()
    assert data["release"]["conversion_factor"] == 32.3465


def test_the_case_api_and_page_take_the_qp_factor(client):
    body = {"setting": "facility", "cf": "qp", "lines": CHOLE}
    data = client.post("/api/case", data=json.dumps(body), content_type="application/json").json()
    # 47562 facility total 18.92 × 33.5675 = 635.0971 → $635.10
    assert data["release"]["conversion_factor"] == 33.5675 and data["lines"][0]["allowed"] == 635.10
    assert "$635.10" in client.get("/case?lines=47562&cf=qp").content.decode()


@pytest.mark.parametrize("url", ["/cpt/27447.json?cf=half", "/cpt/27447.json?cf=QPP"])
def test_an_unknown_factor_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400 and "'nonqp' or 'qp'" in response.json()["error"]
