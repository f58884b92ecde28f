"""From /finder to 47562 through General surgery by clicks alone, then into a case."""

from __future__ import annotations


def test_reach_47562_in_at_most_five_clicks_and_add_it_to_a_case(server, page):
    page.goto(server + "/finder")
    clicks = 0
    for label in ["General surgery", "Gallbladder and bile ducts", "Laparoscopic cholecystectomy",
                  "Without cholangiography"]:
        page.click(f"ul.answers a:has-text('{label}')")
        clicks += 1
    assert page.locator("section.card .code.big").inner_text() == "47562"
    page.click("section.card a[data-add-to-case]")
    clicks += 1
    assert clicks <= 5
    page.wait_for_url("**/case?lines=47562")
    assert page.locator("#total-allowed").inner_text() == "$631.95"
