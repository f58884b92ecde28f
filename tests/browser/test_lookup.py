"""A user types a code on the home page and lands on its page."""

from __future__ import annotations


def test_typing_a_code_on_the_home_page_opens_its_page(server, page):
    page.goto(server + "/")
    page.fill("#code", "27447")
    page.keyboard.press("Enter")
    page.wait_for_url(server + "/cpt/27447")
    assert page.locator("h1").inner_text().startswith("27447")
    assert "Total knee arthroplasty" in page.locator("h1").inner_text()
    # non-facility total 34.71 x 33.4009 = 1159.3452 -> $1159.35
    assert "$1159.35" in page.locator("table.payment").inner_text()


def test_slash_focuses_the_search_box_and_a_zip_adds_local_payment(server, page):
    page.goto(server + "/cpt/11401")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.fill("#zip", "93301")
    page.click("form.locality button")
    page.wait_for_url("**zip=93301**")
    assert "$164.04" in page.locator("table.payment").inner_text()
