"""Keyboard-only search: type a lay phrase in the header box, pick the code from the suggestions."""

from __future__ import annotations


def test_knee_replacement_to_27447_with_the_keyboard_alone(server, page):
    page.goto(server + "/")
    page.keyboard.press("/")
    page.keyboard.type("knee replacement", delay=20)
    listbox = page.locator("#q-list")
    listbox.locator("li").first.wait_for()
    assert page.get_attribute("#q", "aria-expanded") == "true"
    options = [li.get_attribute("data-code") for li in listbox.locator("li").all()]
    assert "27447" in options
    for _ in range(options.index("27447") + 1):
        page.keyboard.press("ArrowDown")
    active = page.get_attribute("#q", "aria-activedescendant")
    assert page.get_attribute(f"#{active}", "data-code") == "27447"
    page.keyboard.press("Enter")
    page.wait_for_url(server + "/cpt/27447")


def test_escape_closes_the_suggestions_and_enter_then_searches(server, page):
    page.goto(server + "/")
    page.fill("#q", "")
    page.type("#q", "gallbladder removal", delay=20)
    page.locator("#q-list li").first.wait_for()
    page.keyboard.press("Escape")
    assert page.get_attribute("#q", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=gallbladder+removal")
    assert "47562" in page.locator("section.results").first.inner_text()


def test_a_case_line_takes_a_code_picked_from_suggestions(server, page):
    page.goto(server + "/case")
    page.type("#code-0", "lap chole", delay=20)
    page.locator("#code-0-list li").first.wait_for()
    page.keyboard.press("ArrowDown")
    code = page.get_attribute(f"#{page.get_attribute('#code-0', 'aria-activedescendant')}", "data-code")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/case?lines={code}")
    assert page.input_value("#code-0") == code
