"""Code pages: structure parsed from the HTML, the JSON twin compared as data."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return BeautifulSoup(response.content, "html.parser")


def cells(table, row_header):
    row = next(tr for tr in table.select("tbody tr") if tr.th and tr.th.get_text(strip=True) == row_header)
    return [td.get_text(" ", strip=True) for td in row.find_all("td")]


def test_11401_shows_its_descriptor_status_rvus_and_national_payment(client):
    soup = page(client, "/cpt/11401")
    assert soup.h1.get_text(" ", strip=True) == "11401 Exc tr-ext b9+marg 0.6-1 cm"
    assert "Active" in soup.select_one(".badges").get_text()
    assert "10-day global" in soup.select_one(".badges").get_text()
    # work 1.25, PE 3.23 / 1.42, MP 0.16, totals 4.64 / 2.83
    assert cells(soup.select_one("table.rvus"), "Global") == ["1.25", "3.23", "1.42", "0.16", "4.64", "2.83"]
    # 4.64 x 33.4009 = $154.98 ; 2.83 x 33.4009 = $94.52
    assert cells(soup.select_one("table.payment"), "Global") == ["$154.98", "$94.52"]
    assert "CMS PFS RVU26C, July 2026" in soup.select_one("p.source").get_text()
    assert "33.4009" in soup.select_one("p.source").get_text()
    assert "American Medical Association" in soup.select_one("p.notice").get_text()


def test_the_policy_section_puts_every_indicator_in_words(client):
    soup = page(client, "/cpt/27447")
    policy = {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in
              zip(soup.select("dl.policy dt"), soup.select("dl.policy dd"), strict=True)}
    assert policy["Bilateral surgery"].startswith("1 Bilateral surgery: billed with 50")
    assert policy["Assistant at surgery"].startswith("2 ")
    assert policy["Co-surgeons"].startswith("1 ")
    assert "pre-operative 0.10, intra-operative 0.69, post-operative 0.21" in policy["Global period"]
    assert "090" in policy["Global period"]


def test_the_endoscopic_base_code_is_a_link(client):
    soup = page(client, "/cpt/45385")
    assert soup.select_one("dl.policy a.code")["href"] == "/cpt/45378"


def test_na_is_shown_in_words_not_only_by_colour(client):
    soup = page(client, "/cpt/27447")
    assert cells(soup.select_one("table.rvus"), "Global")[1] == "11.58 NA"
    assert "did not value this service in the non-facility" in soup.select_one("p.note").get_text()


def test_component_rows_are_sections_of_the_same_page(client):
    soup = page(client, "/cpt/71046")
    labels = [th.get_text(strip=True) for th in soup.select("table.rvus tbody th")]
    assert labels == ["Global", "Professional component (26)", "Technical component (TC)"]
    # 26 row: total 0.30 x 33.4009 = 10.020 -> $10.02
    assert cells(soup.select_one("table.payment"), "Professional component (26)") == ["$10.02", "$10.02"]


def test_a_locality_adds_gpci_adjusted_payment_and_names_the_gpcis(client):
    soup = page(client, "/cpt/11401?locality=01112-54")
    # Bakersfield 2026 GPCIs 1.019 / 1.096 / 0.609:
    # non-facility 1.27375 + 3.54008 + 0.09744 = 4.91127 x 33.4009 = 164.0408 -> $164.04
    # facility     1.27375 + 1.55632 + 0.09744 = 2.92751 x 33.4009 = 97.7815  -> $97.78
    assert cells(soup.select_one("table.payment"), "Global") == ["$154.98", "$94.52", "$164.04", "$97.78"]
    assert "GPCIs work 1.019, PE 1.096, MP 0.609" in soup.get_text()
    assert soup.select_one("#locality option[selected]")["value"] == "01112-54"
    assert len(soup.select("#locality option")) == 110  # national + 109 localities


def test_a_zip_code_finds_its_locality(client):
    soup = page(client, "/cpt/11401?zip=93301")
    assert "01112-54" in soup.select_one("#locality option[selected]")["value"]


def test_another_loaded_release_can_be_shown(client):
    soup = page(client, "/cpt/11401?release=RVU25D")
    assert cells(soup.select_one("table.rvus"), "Global")[0] == "1.28"
    assert "CMS PFS RVU25D, October 2025" in soup.select_one("p.source").get_text()


def test_hcpcs_level_ii_codes_have_pages_too(client):
    soup = page(client, "/cpt/G0439")
    assert soup.select_one(".badge.kind").get_text() == "HCPCS Level II"
    assert client.get("/cpt/g0439")["Location"] == "/cpt/G0439"


@pytest.mark.parametrize("url", ["/cpt/99999", "/cpt/%3Cscript%3E", "/cpt/" + "A" * 50, "/cpt/%C3%BC%C3%BC",
                                 "/cpt/1140", "/cpt/" + "9" * 70, "/cpt/11401?release=RVU99Z"])
def test_unknown_or_malformed_codes_get_a_404_page_with_a_search_box(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert b"<script>" not in response.content.replace(b"<script>\ndocument", b"")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("main form input[name=q]") is not None


def test_an_unknown_code_lists_the_codes_next_to_it(client):
    soup = page(client, "/cpt/11405", status=404)
    near = [a.get_text() for a in soup.select("ul.near a")]
    assert "11404" in near and "11406" in near


def test_the_home_page_has_a_code_box_and_the_loaded_releases(client):
    soup = page(client, "/")
    assert soup.select_one("form.codebox input[name=q]") is not None
    releases = [tr.td.get_text(" ", strip=True) for tr in soup.select("table tbody tr")]
    assert [r.split()[0] for r in releases] == ["RVU26C", "RVU26A", "RVU25D"]


def test_an_exact_code_in_search_goes_to_its_page(client):
    assert client.get("/search?q=27447")["Location"] == "/cpt/27447"
