"""Properties of the Case Builder engine over generated cases (synthetic rows, made-up codes)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rvudesk.pfs.case import CaseInput, CaseLine, CaseResult, CreditPolicy, price_case
from rvudesk.pfs.fees import Setting
from tests.test_case import rvu, table

D = Decimal
CF = D("33.4009")


def _component_rows(code: str, mult: str, pc: str, tc: str) -> list:
    total = str(D(pc) + D(tc))
    return [rvu(code, total, work="0.61", mult=mult, pctc="1", glob="XXX", bilat="3"),
            rvu(code, pc, work="0.61", mod="26", mult=mult, pctc="1", glob="XXX", bilat="3"),
            rvu(code, tc, mod="TC", mult=mult, pctc="1", glob="XXX", bilat="3")]


# Irregular, pairwise distinct totals, so that two different services never tie by accident.
ROWS = table(
    rvu("X1001", "25.37", work="14.11", bilat="1"), rvu("X1002", "17.03", work="9.71", bilat="0"),
    rvu("X1003", "11.29", work="6.23", bilat="2"), rvu("X1004", "31.87", work="19.07", asst="0", co="1"),
    rvu("X1005", "7.13", work="3.97", mult="1", bilat="1"), rvu("X1006", "5.41", work="2.93", mult="0", glob="ZZZ"),
    rvu("X1007", "3.07", work="1.31", mult="9", glob="XXX"), rvu("X1008", "1.19", status="T", mult="0", glob="XXX"),
    rvu("X1009", "2.23", work="1.03", status="B"), rvu("X1010", "4.93", work="3.18", glob="000"),
    rvu("X1011", "6.71", work="4.46", mult="3", endo="X1010", glob="000"),
    rvu("X1012", "5.33", work="3.47", mult="3", endo="X1010", glob="000"),
    *_component_rows("X1013", "4", "3.07", "7.03"), *_component_rows("X1014", "4", "2.39", "5.63"),
    *_component_rows("X1015", "6", "2.03", "3.89"), *_component_rows("X1016", "7", "0.53", "0.47"),
    rvu("X1017", "0.89", work="0.47", mult="5", glob="XXX"), rvu("X1018", "0.81", work="0.43", mult="5", glob="XXX"),
    rvu("X1019", "6.90", work="3.83"),
)
CODES = sorted({code for code, _ in ROWS})
MODIFIERS = ["", "", "", "50", "51", "59", "80", "AS", "62", "54", "55", "78", "22", "RT", "LT", "26", "TC", "XE"]
JOINING = {"X1010", "X1011", "X1012"}  # an endoscopy family: lines join into one ranked unit


def case_lines(codes: list[str], modifiers: list[str]) -> st.SearchStrategy[list[CaseLine]]:
    one = st.builds(lambda code, mod, units: CaseLine(code, (mod,) if mod else (), units),
                    st.sampled_from(codes), st.sampled_from(modifiers), st.integers(1, 3))
    return st.lists(one, min_size=1, max_size=8)


def price(lines: list[CaseLine], setting: Setting, policy: CreditPolicy | None = None) -> CaseResult:
    return price_case(CaseInput(setting, CF, tuple(lines), policy=policy or CreditPolicy()), ROWS)


def tied(result: CaseResult) -> bool:
    return any("equal fees" in flag for flag in result.flags)


settings.register_profile("case", max_examples=300, deadline=None)
settings.load_profile("case")


@given(case_lines(CODES, MODIFIERS), st.randoms(use_true_random=False), st.sampled_from(list(Setting)),
       st.sampled_from(["medicare", "full_credit"]), st.sampled_from(["fee", "wrvu"]))
def test_the_order_of_the_lines_never_changes_the_totals(lines, rnd, setting, policy, basis):
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    a = price_case(CaseInput(setting, CF, tuple(lines), policy=CreditPolicy(policy), ranking_basis=basis), ROWS)
    b = price_case(CaseInput(setting, CF, tuple(shuffled), policy=CreditPolicy(policy), ranking_basis=basis), ROWS)
    assume(not tied(a) and not tied(b))
    assert (a.allowed, a.credited_wrvu, a.wrvu) == (b.allowed, b.credited_wrvu, b.wrvu)


@given(case_lines(CODES, MODIFIERS), st.sampled_from(list(Setting)), st.sampled_from(["fee", "wrvu"]))
def test_medicare_credit_never_exceeds_the_raw_wrvu_except_on_bilateral_lines(lines, setting, basis):
    result = price_case(CaseInput(setting, CF, tuple(lines), ranking_basis=basis), ROWS)
    for entered, priced in zip(lines, result.lines, strict=True):
        bilateral = entered.units > 1 or any(m in entered.modifiers for m in ("50", "RT", "LT"))
        if not bilateral:
            assert priced.credited_wrvu <= priced.wrvu


NOT_JOINING = [c for c in CODES if c not in JOINING]
SIDELESS = [m for m in MODIFIERS if m not in ("RT", "LT")]


@given(case_lines(NOT_JOINING, SIDELESS), case_lines(NOT_JOINING, SIDELESS), st.sampled_from(list(Setting)))
def test_adding_a_line_never_raises_another_lines_allowed_amount(lines, extra, setting):
    # Lines that join another line into one ranked unit (endoscopy family members, RT+LT sides) are
    # left out: joining can lift a unit's rank, which is Medicare's rule (see the test below).
    before = price(lines, setting)
    after = price(lines + extra, setting)
    for old, new in zip(before.lines, after.lines, strict=False):
        assert new.allowed <= old.allowed


def test_a_new_family_member_can_lift_its_family_above_another_procedure():
    # X1011 ($224.12) alone ranks below X1019 ($230.47) and is paid 50% = $112.06. Adding X1012 forms
    # the X1010 family, worth 224.12 + (178.03 − base 164.67) = $237.48 > $230.47: the family becomes
    # primary and X1011 is paid in full. CMS's rule, so the property above leaves joining lines out.
    alone = price([CaseLine("X1019"), CaseLine("X1011")], Setting.FACILITY)
    joined = price([CaseLine("X1019"), CaseLine("X1011"), CaseLine("X1012")], Setting.FACILITY)
    assert alone.lines[1].allowed == D("112.06")
    assert joined.lines[1].allowed == D("224.12")
    assert joined.lines[0].allowed == D("115.24")  # 230.47 × 50% = 115.235 → $115.24
