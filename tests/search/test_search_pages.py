"""/search (works without JavaScript) and /api/search."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_the_api_returns_the_documented_shape_best_first(client):
    results = client.get("/api/search?q=gallbladder+removal&limit=5").json()["results"]
    assert len(results) == 5
    assert results[0] == {"kind": "cpt", "code": "47562", "descriptor": "Laparoscopic cholecystectomy",
                          "url": "/cpt/47562", "active": True}


@pytest.mark.parametrize(("q", "code"), [("cholecystectomey", "47600"), ("arthroplsty knee", "27447"),
                                         ("replacement knee total", "27447"), ("k8020", "K80.20")])
def test_typos_word_order_and_codes_without_dots(client, q, code):
    assert code in [r["code"] for r in client.get(f"/api/search?q={q}&limit=5").json()["results"]]


def test_icd10_results_link_to_their_pages(client):
    first = client.get("/api/search?q=type+2+diabetes+without+complications&limit=5").json()["results"][0]
    assert (first["kind"], first["code"], first["url"]) == ("icd10", "E11.9", "/icd10/E11.9")


@pytest.mark.parametrize("query", ["limit=0&q=knee", "limit=500&q=knee", "limit=ten&q=knee"])
def test_bad_limits_are_400s(client, query):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400 and "limit" in response.json()["error"]


def test_an_empty_query_has_no_results(client):
    assert client.get("/api/search?q=").json() == {"results": []}
    assert client.get("/api/search?q=%20%20").json() == {"results": []}


@pytest.mark.parametrize(("q", "target"), [("47562", "/cpt/47562"), ("k80.20", "/icd10/K80.20"),
                                           ("g0439", "/cpt/G0439")])
def test_an_exact_code_goes_straight_to_its_page(client, q, target):
    response = client.get(f"/search?q={q}")
    assert response.status_code == 302 and response["Location"] == target


def test_the_result_page_groups_by_kind_without_javascript(client):
    soup = BeautifulSoup(client.get("/search?q=appendectomy").content, "html.parser")
    groups = [h.get_text() for h in soup.select("section.results h2")]
    assert groups[0] == "CPT"
    assert "44970" in soup.select_one("section.results").get_text()


def test_a_code_only_in_an_older_release_is_found_inactive_and_links_there(client):
    from rvudesk.catalog.models import Rvu

    old = set(Rvu.objects.filter(release_id="RVU25D", modifier="").values_list("hcpcs", flat=True))
    new = set(Rvu.objects.filter(release_id="RVU26C", modifier="").values_list("hcpcs", flat=True))
    gone = sorted(old - new)[0]
    result = client.get(f"/api/search?q={gone}&limit=1").json()["results"][0]
    assert result["code"] == gone and result["active"] is False
    assert result["url"] in (f"/cpt/{gone}?release=RVU26A", f"/cpt/{gone}?release=RVU25D")


def test_a_very_long_or_strange_query_is_harmless(client):
    assert client.get("/api/search?q=" + "knee%20" * 300).status_code == 200
    assert client.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").status_code == 200
