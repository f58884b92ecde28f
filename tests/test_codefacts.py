"""Facts generated from a code's own indicators (synthetic rows, not CMS data)."""

from __future__ import annotations

from rvudesk.pfs import codefacts
from tests.test_case import rvu


def test_a_90_day_code_with_assistant_2_and_bilateral_1():
    row = rvu("99991", "10.00", glob="090", asst="2", bilat="1", co="1", split=("0.09", "0.81", "0.10"))
    text = " ".join(codefacts.facts(row, mue=1))
    assert "99991 has a 90-day global period" in text
    assert "9% pre-operative, 81% intra-operative and 10% post-operative" in text
    assert "16% of the fee with 80 or 82" in text
    assert "modifier 50 and paid at 150%" in text
    assert "paid only with documentation that two surgeons were needed" in text
    assert text.endswith("allows 1 unit of 99991 per day.")


def test_an_add_on_and_a_pc_tc_code():
    assert "99992 is an add-on code" in codefacts.facts(rvu("99992", "1.00", glob="ZZZ"))[0]
    text = " ".join(codefacts.facts(rvu("99993", "1.00", glob="XXX", pctc="1", asst="9", co="9",
                                        split=("0", "0", "0")), mue=3, mue_per_day=False))
    assert "99993 has professional (26) and technical (TC) components" in text
    assert "3 units of 99993 per claim line" in text
    assert text.startswith("The global surgery rules do not apply to 99993.")
