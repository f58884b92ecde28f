"""Release history on code pages, the list of releases, and the diff between two releases."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup

from rvudesk.catalog.codepage import AMA_NOTICE

pytestmark = pytest.mark.django_db


def test_a_code_page_shows_its_values_in_every_loaded_release_with_changes_marked(client):
    data = client.get("/cpt/27447.json").json()
    history = {h["release"]: h for h in data["history"]}
    assert list(history) == ["RVU25D", "RVU26A", "RVU26C"]  # oldest first
    assert (history["RVU25D"]["work"], history["RVU26C"]["work"]) == (19.60, 19.11)
    # 38.88 × 32.3465 = 1257.63; 34.71 × 33.4009 = 1159.35
    assert (history["RVU25D"]["payment_facility"], history["RVU26A"]["payment_facility"]) == (1257.63, 1159.35)
    assert "work" in history["RVU26A"]["changed"] and history["RVU26C"]["changed"] == []
    rows = BeautifulSoup(client.get("/cpt/27447").content, "html.parser").select("table.history tbody tr")
    assert [r.th.get_text() for r in rows] == ["RVU25D", "RVU26A", "RVU26C"]


def test_the_releases_page_lists_each_release_and_links_the_diffs(client):
    soup = BeautifulSoup(client.get("/releases").content, "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "RVU26C" in text and "33.4009" in text and "32.3465" in text
    assert "/releases/RVU25D...RVU26A" in [a["href"] for a in soup.select("a")]


def test_the_api_diff_has_the_documented_shape_and_the_known_changes(client):
    data = client.get("/api/diff?from=RVU25D&to=RVU26C").json()
    assert (data["from"], data["to"]) == ("RVU25D", "RVU26C")
    changed = {(c["code"], c["modifier"]): c["changes"] for c in data["changed"]}
    assert changed[("27447", "")]["work"] == [19.60, 19.11]
    assert changed[("11401", "")]["work"] == [1.28, 1.25]
    new = {(k["code"], k["modifier"]) for k in data["new"]}
    deleted = {(k["code"], k["modifier"]) for k in data["deleted"]}
    assert new and deleted and not new & deleted
    assert data["summary"]["new"] == len(data["new"]) and data["summary"]["changed"] == len(data["changed"])
    assert data["conversion_factor"] == [32.3465, 33.4009]
    cuts = [c["code"] for c in data["summary"]["work_cuts"]]
    assert len(cuts) == 10


def test_the_diff_page_filters_by_family_sorts_and_downloads_csv(client):
    url = "/releases/RVU25D...RVU26C"
    soup = BeautifulSoup(client.get(f"{url}?group=femur-knee-repair&sort=work").content, "html.parser")
    codes = [th.get_text(strip=True) for th in soup.select("table.diff-table tbody th")]
    assert "27447" in codes and all("27350" <= c[:5] <= "27499" for c in codes)  # Femur/knee repair
    cuts = [float(tr.select("td.num")[0].get_text() or 0) for tr in soup.select("table.diff-table tbody tr")]
    assert cuts == sorted(cuts)  # by wRVU change, cuts first
    section = BeautifulSoup(client.get(f"{url}?group=musculoskeletal-system").content, "html.parser")
    assert len(section.select("table.diff-table tbody tr")) > len(codes)
    rows = list(csv.reader(io.StringIO(client.get(f"{url}.csv?group=femur-knee-repair").content.decode())))
    assert rows[0] == ["change", "code", "modifier", "descriptor", "field", "before", "after", "percent"]
    assert ["changed", "27447", "", "Total knee arthroplasty", "work", "19.60", "19.11", "-2.5"] in rows
    assert rows[-1][0].endswith(AMA_NOTICE)


@pytest.mark.parametrize("url", ["/api/diff?from=RVU25D&to=RVU99Z", "/api/diff?to=RVU26C"])
def test_an_unknown_release_is_a_400_naming_it(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "is not loaded" in response.json()["error"]


def test_a_code_deleted_from_the_newest_release_keeps_its_page_and_says_so(client):
    # 0042T (CT perfusion) is in RVU25D and gone from 2026 (new codes 70472/70473 replace it).
    data = client.get("/cpt/0042T.json").json()
    assert (data["gone_from"], data["release"]["id"]) == ("RVU26C", "RVU25D")
    html = client.get("/cpt/0042T").content.decode()
    assert "Not in RVU26C:" in html and "the last loaded release that has it" in html
    assert client.get("/cpt/0042T.json?release=RVU26C").status_code == 404  # asked for explicitly
    assert client.get("/cpt/27447.json").json()["gone_from"] is None
