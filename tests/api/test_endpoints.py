"""The public API (django-ninja) beside the Case Builder: code, codes, price, icd10, localities,
releases; the OpenAPI document and docs; bulk downloads; ETag and Cache-Control."""

from __future__ import annotations

import csv
import io
import json

import pytest

from rvudesk.catalog.codepage import AMA_NOTICE

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.json()


def test_openapi_lists_every_endpoint_and_the_docs_need_no_cdn(client):
    paths = set(get(client, "/api/openapi.json")["paths"])
    assert {"/api/case", "/api/code/{code}", "/api/codes", "/api/price", "/api/search", "/api/icd10/{code}",
            "/api/localities", "/api/localities/{zip}", "/api/releases", "/api/diff", "/api/finder"} <= paths
    docs = client.get("/api/docs").content.decode()
    assert "cdn." not in docs and "/static/ninja/swagger-ui-bundle.js" in docs


def test_code_returns_every_row_and_the_history(client):
    data = get(client, "/api/code/71046?date=2025-12-01")
    assert data["release"]["id"] == "RVU25D"
    assert [r["modifier"] for r in data["rows"]] == ["", "26", "TC"]
    assert [h["release"] for h in data["history"]] == ["RVU25D", "RVU26A", "RVU26C"]
    assert get(client, "/api/code/99999", 404)["error"] == "99999 is not in RVU26C."


def test_codes_pages_through_a_family_and_a_range(client):
    family = get(client, "/api/codes?group=excision-benign-lesions&per_page=10&page=2")
    assert family["count"] == 24 and family["page"] == 2
    # page 2 of 10: the 11th and 12th codes (11400–11406 is six codes, then 11420…)
    assert [r["code"] for r in family["results"]][:2] == ["11424", "11426"]
    assert family["results"][0]["url"] == "/cpt/11424"
    chole = get(client, "/api/codes?first=47562&last=47564")
    assert [(r["code"], r["work_rvu"]) for r in chole["results"]] == [("47562", 10.21), ("47563", 11.18),
                                                                      ("47564", 17.55)]
    assert "per_page" in get(client, "/api/codes?per_page=0", 400)["error"]
    assert "not a family or section" in get(client, "/api/codes?group=nope", 400)["error"]


def test_price_is_a_one_line_case(client):
    data = get(client, "/api/price?code=49505&modifiers=50&setting=facility&zip=93301")
    assert data["locality"]["id"] == "01112-54"
    assert data["line"]["adjustments"][0]["rule"] == "BILATERAL"
    assert "line 1 (99999)" in get(client, "/api/price?code=99999", 400)["error"]


def test_icd10_localities_and_releases(client):
    assert get(client, "/api/icd10/k8020")["code"] == "K80.20"
    localities = get(client, "/api/localities")["localities"]
    assert len(localities) == 109
    assert get(client, "/api/localities/93301")["locality"]["name"] == "BAKERSFIELD"
    assert "not in the CMS ZIP" in get(client, "/api/localities/00000", 400)["error"]
    releases = get(client, "/api/releases")["releases"]
    assert [r["id"] for r in releases] == ["RVU26C", "RVU26A", "RVU25D"]
    assert (releases[0]["conversion_factor"], releases[0]["conversion_factor_qp"]) == (33.4009, 33.5675)


def test_a_release_downloads_as_streamed_csv_and_json_with_the_notice(client):
    response = client.get("/download/RVU26C.csv")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert AMA_NOTICE in rows[0][0]
    assert rows[1][:4] == ["release", "hcpcs", "modifier", "description"]
    assert len(rows) == 2 + 19356
    knee = next(r for r in rows[2:] if r[1] == "27447")
    assert knee[0] == "RVU26C" and knee[3] == "Total knee arthroplasty"
    data = json.loads(b"".join(client.get("/download/RVU25D.json").streaming_content))
    assert data["notice"] == AMA_NOTICE and len(data["rows"]) == 19090
    assert {r["release"] for r in data["rows"]} == {"RVU25D"}
    assert client.get("/download/RVU99Z.csv").status_code == 404


def test_fixed_release_answers_carry_an_etag_and_revalidate_to_304(client):
    for url in ("/cpt/27447?release=RVU26C", "/api/code/27447?release=RVU26C", "/download/RVU26C.json",
                "/api/diff?from=RVU25D&to=RVU26C"):
        first = client.get(url)
        assert first["Cache-Control"] == "public, max-age=86400", url
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, url
    assert client.get("/cpt/27447")["Cache-Control"] == "public, max-age=300"  # the newest may change
