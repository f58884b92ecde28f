"""The modifier section of code pages, from the code's own indicators (payment-rules.md §6)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def modifier_table(client, code, kind):
    soup = BeautifulSoup(client.get(f"/cpt/{code}").content, "html.parser")
    table = soup.select_one(f"table.modifiers.{kind}")
    return [] if table is None else [th.get_text(strip=True) for th in table.select("tbody th")]


def test_27447_offers_50_assistants_and_co_surgery(client):
    typical = modifier_table(client, "27447", "typical")
    assert typical[0] == "50"  # bilateral indicator 1: 150%
    assert {"80", "82", "AS", "62", "78", "79"} <= set(typical)
    data = client.get("/cpt/27447.json").json()["modifiers"]
    co_surgery = next(m for m in data["typical"] if m["modifier"] == "62")
    assert "documentation" in co_surgery["reason"].lower() and "62.5%" in co_surgery["effect"]


def test_71046_offers_26_and_tc(client):
    assert modifier_table(client, "71046", "typical")[:2] == ["26", "TC"]


def test_11401_global_010_modifiers_and_no_assistant(client):
    assert {"24", "25", "58", "78", "79"} <= set(modifier_table(client, "11401", "typical"))
    assert "80" in modifier_table(client, "11401", "not-allowed")
