"""/icd10/<code>: description, chapter › block › category path, children, billable, listing families."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from rvudesk.icd10.models import CodeSetVersion, Icd10Code

pytestmark = pytest.mark.django_db


def test_the_fy2026_code_set_is_loaded_with_its_billable_codes():
    version = CodeSetVersion.objects.get()
    assert version.label == "ICD-10-CM April 2026 update (FY2026)"
    assert Icd10Code.objects.filter(kind="chapter").count() == 22
    # FY2026 has 74,719 codes valid for claims as of October 2025; the April 2026 update adds a few.
    assert 74_700 <= Icd10Code.objects.filter(billable=True).count() <= 74_800


def test_k80_20_page_shows_its_path_and_is_billable(client):
    data = client.get("/icd10/K80.20.json").json()
    assert data["description"] == "Calculus of gallbladder without cholecystitis without obstruction"
    assert data["billable"] is True
    assert [p["code"] for p in data["path"]] == ["11", "K80-K87", "K80", "K80.2"]
    assert data["children"] == []
    soup = BeautifulSoup(client.get("/icd10/K80.20").content, "html.parser")
    crumbs = [a.get_text() for a in soup.select("nav.crumbs a")]
    assert crumbs == ["Chapter 11", "K80-K87", "K80", "K80.2"]
    assert "Billable" in soup.select_one(".badges").get_text()


def test_a_category_lists_its_children_and_is_not_billable(client):
    data = client.get("/icd10/K80.2.json").json()
    assert data["billable"] is False
    assert [(c["code"], c["billable"]) for c in data["children"]] == [("K80.20", True), ("K80.21", True)]


def test_a_one_category_block_does_not_loop():
    assert Icd10Code.objects.get(code="B10").parent == "1"


@pytest.mark.parametrize(("raw", "target"), [("K8020", "/icd10/K80.20"), ("k80.20", "/icd10/K80.20"),
                                              ("m1711", "/icd10/M17.11")])
def test_codes_typed_without_the_dot_or_in_lower_case_redirect(client, raw, target):
    response = client.get(f"/icd10/{raw}")
    assert response.status_code == 302 and response["Location"] == target


@pytest.mark.parametrize("raw", ["K80.99", "ZZZ", "<b>x", "K" * 19])
def test_unknown_or_malformed_codes_are_404s(client, raw):
    response = client.get(f"/icd10/{raw}.json")
    assert response.status_code == 404
    assert "error" in response.json()
