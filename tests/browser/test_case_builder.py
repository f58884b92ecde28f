"""A coder builds a three-line case with a bilateral line on /case, typing only; htmx prices it live."""

from __future__ import annotations


def test_three_line_case_with_a_bilateral_line_totals_on_screen(server, page):
    page.goto(server + "/case")
    for index, code in enumerate(["47562", "49505", "11401"]):
        page.fill(f"#code-{index}", code)
        # the live update adds line index+1 and a fresh blank row (the URL follows the case)
        page.wait_for_selector(f"#code-{index + 1}")
        page.wait_for_function(f"document.querySelectorAll('input[name=code]').length === {index + 2}")
    page.check("input[name=mod1][value='50']")
    page.wait_for_url("**lines=47562,49505-50,11401")
    # RVU26C national facility (tests/cases/test_case_page.py): $762.05 + $315.98 + $47.26
    assert page.locator("#total-allowed").inner_text() == "$1125.29"
    assert page.locator("#total-wrvu").inner_text() == "19.22"
    assert page.locator("#total-credited").inner_text() == "17.38"
    # the URL holds the case: reloading it shows the same totals
    page.reload()
    assert page.locator("#total-allowed").inner_text() == "$1125.29"


def test_add_to_case_on_a_code_page_appends_to_the_case_in_progress(server, page):
    page.goto(server + "/case?lines=47562")
    page.goto(server + "/cpt/49505")
    page.click("a[data-add-to-case]")
    page.wait_for_url("**/case?lines=47562,49505")
    assert [page.input_value(f"#code-{i}") for i in range(3)] == ["47562", "49505", ""]
