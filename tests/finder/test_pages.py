"""/finder pages (no JavaScript) and /api/finder."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db
LAP_CHOLE = "/finder/general-surgery/gallbladder/cholecystectomy-laparoscopic/without-cholangiography"


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_first_step_lists_the_specialties(client):
    answers = [a.get_text(strip=True) for a in soup_of(client, "/finder").select("ul.answers a")]
    assert "General surgery" in answers and len(answers) >= 30


def test_each_step_asks_one_question_and_keeps_the_path(client):
    soup = soup_of(client, "/finder/general-surgery/gallbladder")
    assert soup.h2.get_text() == "Which procedure?"
    assert [a["href"] for a in soup.select("nav.crumbs a")] == ["/finder", "/finder/general-surgery"]
    assert "/finder/general-surgery/gallbladder/cholecystectomy-laparoscopic" in [
        a["href"] for a in soup.select("ul.answers a")]


def test_the_leaf_card_shows_the_code_its_numbers_and_the_links(client):
    soup = soup_of(client, LAP_CHOLE)
    card = soup.select_one("section.card")
    assert card.select_one(".code.big").get_text() == "47562"
    text = card.get_text(" ", strip=True)
    assert "Work RVU 10.21" in text
    assert "Non-facility NA (not paid in the office) · facility $631.95" in text  # 18.92 × 33.4009 (RVU26C)
    assert "K80.20 Calculus of gallbladder without cholecystitis without obstruction" in text
    assert card.select_one("a[data-add-to-case]")["href"] == "/case?add=47562"


def test_a_path_that_does_not_exist_is_a_404(client):
    assert client.get("/finder/general-surgery/nowhere").status_code == 404


def test_the_api_returns_the_whole_tree(client):
    data = client.get("/api/finder").json()
    general = next(s for s in data["specialties"] if s["id"] == "general-surgery")
    gallbladder = next(c for c in general["children"] if c["id"] == "gallbladder")
    assert {"id", "label", "question", "children"} <= set(gallbladder)
    leaf = gallbladder["children"][0]["children"][0]
    assert leaf == {"id": "without-cholangiography", "label": "Without cholangiography", "code": "47562",
                    "icd10": leaf["icd10"], "modifiers": ["80", "82", "AS"]}
