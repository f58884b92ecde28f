"""/case without JavaScript: the form, the canonical URL, messages next to lines, CSV and text exports."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup

from rvudesk.catalog.codepage import AMA_NOTICE

pytestmark = pytest.mark.django_db
# RVU26C national facility: 49505-50 $508.03 × 1.5 = $762.045 → $762.05, rank 1; 47562 $631.95 × 50% =
# $315.975 → $315.98; 11401 $94.52 × 50% = $47.26. wRVU 7.76 + 10.21 + 1.25 = 19.22; credited 11.64
# (7.76 × 1.5) + 5.11 (10.21 × 50%, half up) + 0.63 (1.25 × 50%) = 17.38.
CASE = "lines=47562,49505-50,11401"


def soup_of(response):
    assert response.status_code == 200, response.content[:300]
    return BeautifulSoup(response.content, "html.parser")


def test_a_submitted_form_redirects_to_the_canonical_url(client):
    response = client.get("/case", {"code": ["47562", "49505", "11401", ""], "units": ["1", "1", "1", "1"],
                                    "mod1": ["50"], "setting": "facility", "policy": "medicare"})
    assert response.status_code == 302
    assert response["Location"] == f"/case?{CASE}"


def test_the_canonical_url_shows_the_priced_case_and_its_totals(client):
    soup = soup_of(client.get(f"/case?{CASE}"))
    assert soup.select_one("#total-allowed").get_text() == "$1125.29"
    assert soup.select_one("#total-wrvu").get_text() == "19.22"
    assert soup.select_one("#total-credited").get_text() == "17.38"
    ranks = [tr.select("td")[2].get_text() for tr in soup.select("table.case-result-table tbody tr:not(.flag)")]
    assert ranks == ["2", "1", "3"]
    assert "BILAT SURG 1 with 50" in soup.select_one("ol.trace").get_text()
    # The line form keeps the case: 49505's bilateral modifier is checked; a blank row waits for a new code.
    assert soup.select_one("input[name=mod1][value='50']").has_attr("checked")
    assert [i.get("value", "") for i in soup.select("input[name=code]")] == ["47562", "49505", "11401", ""]
    assert AMA_NOTICE in soup.get_text()


def test_a_line_offers_the_modifiers_its_indicators_allow(client):
    soup = soup_of(client.get("/case?lines=27447"))
    offered = {i["value"] for i in soup.select("input[name=mod0]")}
    assert {"50", "80", "AS"} <= offered  # bilateral 1, assistant 2 (payment-rules.md §6)


def test_an_unknown_code_is_named_next_to_its_line(client):
    soup = soup_of(client.get("/case?lines=47562,99999"))
    assert soup.select_one("#err-1").get_text() == "line 2 (99999): 99999 is not in this fee schedule release"
    assert soup.select_one("#code-1")["aria-invalid"] == "true"
    assert soup.select_one("#total-allowed") is None


def test_settings_and_the_remove_and_add_links_keep_the_case_in_the_url(client):
    soup = soup_of(client.get(f"/case?{CASE}&setting=nonfacility&locality=01112-54&policy=full_credit"))
    remove = soup.select("table.case-lines a[aria-label^=Remove]")[1]["href"]
    assert remove == "/case?lines=47562,11401&setting=nonfacility&locality=01112-54&policy=full_credit"
    assert "locality 01112-54" in soup.select_one(".case-result .context").get_text()
    added = client.get("/case?lines=47562&add=49505-50")
    assert added["Location"] == "/case?lines=47562,49505-50"


def test_a_live_update_is_rendered_in_place_and_replaces_the_url(client):
    response = client.get("/case", {"code": ["47562", "49505", ""], "units": ["1", "1", "1"]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Replace-Url"] == "/case?lines=47562,49505"


def test_csv_and_text_exports_carry_the_case_and_the_notice(client):
    rows = list(csv.reader(io.StringIO(client.get(f"/case.csv?{CASE}").content.decode())))
    assert rows[0][:4] == ["line", "code", "modifiers", "units"]
    assert rows[2][:8] == ["2", "49505", "50", "1", "1", "508.03", "BILATERAL 1.5; MPPR 1", "762.05"]
    assert rows[4][7:10] == ["1125.29", "19.22", "17.38"]
    assert rows[-1] == [AMA_NOTICE]
    text = client.get(f"/case.txt?{CASE}").content.decode()
    assert "$1125.29" in text and text.rstrip().endswith(AMA_NOTICE)
    bad = client.get("/case.txt?lines=99999")
    assert bad.status_code == 400 and "99999 is not in this fee schedule release" in bad.content.decode()


def test_every_code_page_has_add_to_case(client):
    link = soup_of(client.get("/cpt/47562")).select_one("a[data-add-to-case]")
    assert link["href"] == "/case?add=47562"


def test_a_custom_policy_shows_its_percentage_fields_and_credits_with_them(client):
    soup = soup_of(client.get(f"/case?{CASE}&policy=custom&secondary=75"))
    assert soup.select_one("#credit-secondary")["value"] == "75"
    assert soup.select_one("#credit-bilateral")["placeholder"] == "150"
    # credited 11.64 + 10.21 × 75% (7.66) + 1.25 × 75% (0.9375 → 0.94) = 20.24
    assert soup.select_one("#total-credited").get_text() == "20.24"


def test_choosing_custom_before_typing_percentages_prices_with_the_defaults(client):
    soup = soup_of(client.get(f"/case?{CASE}&policy=custom"))
    assert soup.select_one("#total-credited").get_text() == "17.38"  # as Medicare until a percentage is typed
    assert soup.select_one("#credit-secondary")["placeholder"] == "50"
