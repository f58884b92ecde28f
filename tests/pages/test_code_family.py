"""Where a code sits: breadcrumb with working links, the family table, plain-English descriptor."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_11401_breadcrumb_links_work(client):
    soup = soup_of(client, "/cpt/11401")
    crumbs = soup.select("nav.crumbs a")
    assert crumbs[0].get_text() == "Surgery"
    assert crumbs[-1].get_text() == "Excision–Benign Lesions"
    for a in crumbs:
        assert client.get(a["href"]).status_code == 200


def test_11401_family_table_lists_every_sibling_with_the_current_code_highlighted(client):
    soup = soup_of(client, "/cpt/11401")
    rows = soup.select("table.family tbody tr")
    codes = [tr.th.get_text(strip=True) for tr in rows]
    assert codes[0] == "11400" and codes[-1] == "11471" and "11402" in codes
    current = soup.select_one("table.family tr.current")
    assert current.th.get_text(strip=True) == "11401"
    assert [td.get_text(strip=True) for td in current.select("td.num")] == ["1.25", "4.64", "2.83"]


def test_json_carries_plain_descriptor_breadcrumb_family_and_related_codes(client):
    data = client.get("/cpt/11401.json").json()
    assert data["plain_descriptor"] == "Excision trunk, arms or legs benign lesion including margins 0.6 to 1 cm"
    assert data["family"] == {"name": "Excision–Benign Lesions", "slug": "excision-benign-lesions",
                              "first": "11400", "last": "11471"}
    assert data["breadcrumb"][-1] == {"name": "Excision–Benign Lesions", "url": "/family/excision-benign-lesions"}
    sibling = next(r for r in data["related_codes"] if r["code"] == "11402")
    assert sibling["descriptor"].startswith("Exc tr-ext b9+marg")
    assert sibling["global_days"] == "010"


def test_family_and_section_pages(client):
    family = soup_of(client, "/family/excision-benign-lesions")
    assert "11401" in [th.get_text(strip=True) for th in family.select("table.family tbody th")]
    section = soup_of(client, "/section/integumentary-system")
    assert section.select("ul.children a")
    assert client.get("/family/no-such-family").status_code == 404


def test_a_small_section_lists_every_familys_codes_in_the_comparison_table(client):
    soup = soup_of(client, "/section/breast")
    tables = soup.select("section.family-codes")
    assert len(tables) >= 3
    codes = [a.get_text() for a in soup.select("table.family tbody th a")]
    assert "19301" in codes and "19303" in codes
    assert codes == sorted(codes)  # families in book order, codes ascending


def test_a_large_section_lists_its_groups_with_the_code_count(client):
    soup = soup_of(client, "/section/surgery")
    assert soup.select("table.family") == []
    assert "codes in CMS PFS RVU26C" in soup.select_one("p.source").get_text()
    assert any(a.get_text() == "Digestive System" for a in soup.select("ul.children a"))
