"""The Case Builder engine, checked against payment-rules.md 3.19 (worked examples), 4 (published
examples G1-G12) and real RVU26C rows read in place.

Synthetic rows use the example's RVUs at the 2026 non-QP CF $33.4009. Where an example gives only
dollars, the row is priced at a conversion factor of $1, so its total RVU *is* the dollar fee.
Published figures carry a ±$0.01 tolerance (payment-rules.md 2.1: MACs print 547.965 as $547.96).
"""

from __future__ import annotations

import csv
import os
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from rvudesk.pfs.case import (
    CaseError,
    CaseInput,
    CaseLine,
    CaseResult,
    CreditPolicy,
    needed_codes,
    price_case,
    setting_for_pos,
)
from rvudesk.pfs.fees import Gpci, Setting
from rvudesk.pfs.rvurow import RvuRow

D = Decimal
CF = D("33.4009")  # CY2026 non-QP
CF_QP = D("33.5675")
DOLLARS = D("1")  # prices a row's total as dollars
FAC, OFFICE = Setting.FACILITY, Setting.NONFACILITY
CENT = D("0.01")


def rvu(code: str, total: str, *, work: str = "0.00", mod: str = "", status: str = "A", office: str | None = None,
        mult: str = "2", bilat: str = "0", asst: str = "2", co: str = "2", team: str = "0", glob: str = "090",
        split: tuple[str, str, str] = ("0.10", "0.69", "0.21"), endo: str = "", pctc: str = "0",
        office_na: str = "", facility_na: str = "") -> RvuRow:
    """A synthetic PPRRVU row: facility total `total`, non-facility total `office` (default the same)."""
    fac, nonfac, w = D(total), D(office or total), D(work)
    pre, intra, post = (D(x) for x in split)
    return RvuRow(code, mod, f"Synthetic {code}", status, "", w, nonfac - w, office_na, fac - w, facility_na,
                  D("0"), nonfac, fac, pctc, glob, pre, intra, post, mult, bilat, asst, co, team, "9", endo,
                  CF, "09", "0", "99", D("0"), D("0"), D("0"))


def table(*rows: RvuRow) -> dict[tuple[str, str], RvuRow]:
    return {r.key: r for r in rows}


def line(code: str, *mods: str, units: int = 1, **extra: object) -> CaseLine:
    return CaseLine(code, mods, units, **extra)  # type: ignore[arg-type]


def price(rows: dict[tuple[str, str], RvuRow], *lines: CaseLine, setting: Setting = FAC, cf: Decimal = CF,
          **options: object) -> CaseResult:
    return price_case(CaseInput(setting, cf, lines, **options), rows)  # type: ignore[arg-type]


def near(value: Decimal, published: str) -> bool:
    return abs(value - D(published)) <= CENT


def allowed(result: CaseResult) -> list[Decimal]:
    return [x.allowed for x in result.lines]


# --- 3.19 worked examples --------------------------------------------------------------------------

EXAMPLE_1 = table(rvu("X0001", "25.50", work="15.00"), rvu("X0002", "17.00", work="10.00"),
                  rvu("X0003", "10.25", work="6.00"))


def test_example_1_three_procedures_rank_by_fee_and_pay_100_50_50():
    # A 25.50 × 33.4009 = $851.72 at 100%; B 17.00 → $567.82 at 50% = $283.91; C 10.25 → $342.36 → $171.18.
    # Entered C, A, B: ranking, not entry order, decides who is primary.
    result = price(EXAMPLE_1, line("X0003", "51"), line("X0001"), line("X0002", "51"))
    assert allowed(result) == [D("171.18"), D("851.72"), D("283.91")]
    assert [x.rank for x in result.lines] == [3, 1, 2]
    assert result.allowed == D("1306.81")
    # Medicare-mirror wRVU: 15.00 + 0.5 × 10.00 + 0.5 × 6.00 = 23.00 of a raw 31.00.
    assert (result.credited_wrvu, result.wrvu) == (D("23.00"), D("31.00"))
    second = result.lines[2].adjustments[-1]
    assert (second.rule, second.factor, second.amount) == ("MPPR", D("0.5"), D("-283.91"))
    assert second.reason == "MULT PROC 2, rank 2 → 50%"


def test_example_1_with_the_qp_conversion_factor():
    # 25.50 × 33.5675 = 855.97125 → $855.97
    assert price(EXAMPLE_1, line("X0001"), cf=CF_QP).allowed == D("855.97")


def test_example_2_bilateral_is_adjusted_before_ranking():
    # D-50: 12.25 → $409.16 × 1.5 = $613.74, now above E (14.25 → $475.96): D is primary.
    # E at 50% = $237.98. Total $851.72 (ranking first would wrongly give $782.83).
    rows = table(rvu("X0004", "12.25", work="7.00", bilat="1"), rvu("X0005", "14.25", work="8.00"))
    result = price(rows, line("X0005"), line("X0004", "50"))
    assert allowed(result) == [D("237.98"), D("613.74")]
    assert [x.rank for x in result.lines] == [2, 1]
    assert result.allowed == D("851.72")
    # wRVU: 7.00 × 1.5 = 10.50, plus 8.00 × 0.5 = 4.00 → 14.50
    assert result.credited_wrvu == D("14.50")


ENDO = table(rvu("45385", "374.56", work="4.46", mult="3", endo="45378", glob="000"),
             rvu("45380", "285.98", work="3.47", mult="3", endo="45378", glob="000"),
             rvu("45378", "255.40", work="3.18", mult="2", glob="000"),
             rvu("X0006", "300.00", work="5.00"), rvu("X0007", "500.00", work="5.00"))


def test_g1_endoscopy_family_pays_the_highest_then_each_other_minus_the_base():
    # CMS's colonoscopy example: 45385 $374.56 in full; 45380 $285.98 − base 45378 $255.40 = $30.58;
    # 45378 itself $0 because a family member is billed. Total $405.14 instead of 100% + 50%.
    result = price(ENDO, line("45380"), line("45385"), line("45378"), cf=DOLLARS)
    assert allowed(result) == [D("30.58"), D("374.56"), D("0.00")]
    assert result.allowed == D("405.14")
    assert result.lines[2].adjustments[0].rule == "ENDO BASE"


def test_example_3_family_ranks_as_one_unit_against_other_surgery():
    # Family $405.14 > F $300: the family is primary and F is paid 50% = $150.00. Total $555.14.
    result = price(ENDO, line("45385"), line("45380"), line("45378"), line("X0006"), cf=DOLLARS)
    assert allowed(result) == [D("374.56"), D("30.58"), D("0.00"), D("150.00")]
    assert result.allowed == D("555.14")
    # With F at $500 F is primary and the whole family gets 50%: 405.14 × 0.5 = $202.57.
    result = price(ENDO, line("45385"), line("45380"), line("45378"), line("X0007"), cf=DOLLARS)
    assert allowed(result) == [D("187.28"), D("15.29"), D("0.00"), D("500.00")]
    assert result.allowed - D("500.00") == D("202.57")
    assert [x.rank for x in result.lines] == [2, 2, 2, 1]


IMAGING = table(*(rvu(code, total, mod=mod, mult="4", pctc="1", glob="XXX", bilat="3")
                  for code, mod, total in [("X0008", "", "360.00"), ("X0008", "26", "60.00"),
                                           ("X0008", "TC", "300.00"), ("X0009", "", "305.00"),
                                           ("X0009", "26", "55.00"), ("X0009", "TC", "250.00")]))


def test_example_4_imaging_cuts_tc_to_50_and_pc_to_95_after_the_first_study():
    # X: TC $300 + PC $60 in full = $360. Y: TC $250 × 50% = $125 plus PC $55 × 95% = $52.25 → $177.25.
    result = price(IMAGING, line("X0009"), line("X0008"), setting=OFFICE, cf=DOLLARS)
    assert allowed(result) == [D("177.25"), D("360.00")]
    assert [(a.rule, a.factor, a.amount) for a in result.lines[0].adjustments] == [
        ("IMAGING TC", D("0.5"), D("-125.00")), ("IMAGING PC", D("0.95"), D("-2.75"))]


def test_example_4_cms_mri_illustration_with_tc_rows():
    # 74183-TC ≈ $978 and 72196-TC ≈ $529 in one session: $978 + 50% × $529 = $1,242.50.
    rows = table(rvu("74183", "978.00", mod="TC", mult="4", pctc="1", glob="XXX"),
                 rvu("74183", "1100.00", mult="4", pctc="1", glob="XXX"),
                 rvu("72196", "529.00", mod="TC", mult="4", pctc="1", glob="XXX"),
                 rvu("72196", "600.00", mult="4", pctc="1", glob="XXX"))
    result = price(rows, line("74183", "TC"), line("72196", "TC"), setting=OFFICE, cf=DOLLARS)
    assert result.allowed == D("1242.50")


def test_imaging_study_in_a_separate_session_is_not_reduced():
    result = price(IMAGING, line("X0008"), line("X0009", "XE"), setting=OFFICE, cf=DOLLARS)
    assert allowed(result) == [D("360.00"), D("305.00")]
    assert any("separate session" in f for f in result.lines[1].flags)


CO_SURGERY = table(rvu("X0010", "2000.00", work="20.00"), rvu("X0011", "800.00", work="8.00"),
                   rvu("X0012", "900.00", co="0"))


def test_example_5_co_surgeons_each_get_62_5_percent_after_ranking():
    # G-62 $2,000 × 62.5% = $1,250.00; H-62-51 $800 × 50% × 62.5% = $250.00.
    result = price(CO_SURGERY, line("X0010", "62"), line("X0011", "62", "51"), cf=DOLLARS)
    assert allowed(result) == [D("1250.00"), D("250.00")]
    # wRVU credit 62.5% each: 20.00 × 0.625 = 12.50; 8.00 × 0.5 × 0.625 = 2.50
    assert [x.credited_wrvu for x in result.lines] == [D("12.50"), D("2.50")]


def test_co_surgeon_lines_rank_apart_from_the_surgeons_own_lines():
    # H without 62 is the surgeon's only line: rank 1 at 100%, not 50% behind the co-surgery G.
    result = price(CO_SURGERY, line("X0010", "62"), line("X0011"), cf=DOLLARS)
    assert allowed(result) == [D("1250.00"), D("800.00")]


def test_62_on_a_code_whose_co_surgeon_indicator_is_0_is_not_paid():
    result = price(CO_SURGERY, line("X0012", "62"), cf=DOLLARS)
    assert result.allowed == D("0")
    assert "62 is not permitted on this code (CO-SURG 0)." in result.lines[0].flags


def test_example_6_assistant_at_surgery_80_is_16_percent_of_the_ranked_amount():
    # 851.72 × 16% = $136.28; 283.91 × 16% = $45.43; 171.18 × 16% = $27.39 → $209.10
    result = price(EXAMPLE_1, line("X0001", "80"), line("X0002", "80"), line("X0003", "80"))
    assert allowed(result) == [D("136.28"), D("45.43"), D("27.39")]
    assert result.allowed == D("209.10")


def test_example_6_and_g9_as_is_85_percent_of_16_percent_exactly():
    # 13.6%: 851.72 → $115.83; 283.91 → $38.61; 171.18 → $23.28; total $177.72 (Noridian's "14%" is rounded).
    result = price(EXAMPLE_1, line("X0001", "AS"), line("X0002", "AS"), line("X0003", "AS"))
    assert allowed(result) == [D("115.83"), D("38.61"), D("23.28")]
    assert result.allowed == D("177.72")
    assert result.lines[0].adjustments[-1].factor == D("0.136")


def test_assistant_lines_are_ranked_apart_from_the_surgeons():
    result = price(EXAMPLE_1, line("X0001"), line("X0002", "80"))
    assert allowed(result) == [D("851.72"), D("90.85")]  # 567.82 × 16%, not × 50% × 16%


def test_assistant_on_an_asst_surg_1_code_is_never_paid():
    rows = table(rvu("X0013", "10.00", asst="1"))
    result = price(rows, line("X0013", "80"))
    assert result.allowed == D("0")
    assert "statutory bar" in result.lines[0].flags[0]


SPLIT = table(rvu("X0014", "30.25", work="18.00"))


def test_example_7_split_care_54_55_and_78():
    # Fee 30.25 × 33.4009 = $1,010.38. 54 = (0.10 + 0.69) × 1,010.38 = $798.20.
    assert price(SPLIT, line("X0014", "54")).allowed == D("798.20")
    # 55 for 45 of 90 days: 0.21 × 1,010.38 × 45/90 = $106.09
    assert price(SPLIT, line("X0014", "55", postop_days=45)).allowed == D("106.09")
    # 55 without days takes the whole global: 0.21 × 1,010.38 = $212.18
    assert price(SPLIT, line("X0014", "55")).allowed == D("212.18")
    # 78 pays the intra-op share only: 0.69 × 1,010.38 = $697.16
    assert price(SPLIT, line("X0014", "78")).allowed == D("697.16")


def test_55_days_beyond_the_global_period_is_an_error():
    with pytest.raises(CaseError) as err:
        price(SPLIT, line("X0014", "55", postop_days=120))
    assert err.value.message == "line 1 (X0014): post-op days must be 1–90 for a 090 global, not 120"


def test_combined_modifiers_multiply_51_62_54():
    # 51+62+54: 0.5 × 0.625 × (0.10 + 0.69). Two co-surgery lines: X0001-62 $851.72 × 0.625 = $532.33;
    # X0002-62-51-54: 567.82 × 0.79 = 448.58 → × 0.5 = 224.29 → × 0.625 = $140.18.
    result = price(EXAMPLE_1, line("X0001", "62"), line("X0002", "62", "51", "54"))
    assert allowed(result) == [D("532.33"), D("140.18")]
    assert [a.rule for a in result.lines[1].adjustments] == ["SPLIT CARE", "MPPR", "CO-SURGERY 62"]


def test_example_8_pctc_rows_are_priced_from_their_own_row():
    rows = table(rvu("X0015", "5.00", work="1.00", pctc="1", mult="9", glob="XXX"),
                 rvu("X0015", "1.50", work="1.00", mod="26", pctc="1", mult="9", glob="XXX"),
                 rvu("X0015", "3.50", mod="TC", pctc="1", mult="9", glob="XXX", facility_na="NA"))
    # 26 row: 1.50 × 33.4009 = $50.10 (never a percentage of the global row)
    reading = price(rows, line("X0015", "26")).lines[0]
    assert (reading.row_modifier, reading.allowed, reading.wrvu) == ("26", D("50.10"), D("1.00"))
    # global row in the office: 5.00 × 33.4009 = $167.00
    assert price(rows, line("X0015"), setting=OFFICE).allowed == D("167.00")
    tc = price(rows, line("X0015", "TC")).lines[0]
    assert any("billed by the facility" in f for f in tc.flags)


def test_ranking_basis_wrvu_changes_the_credit_not_the_payment():
    # 2.4: P wRVU 10.00 / $467.61 (14.00 RVU), Q wRVU 9.00 / $534.41 (16.00 RVU).
    rows = table(rvu("X0016", "14.00", work="10.00"), rvu("X0017", "16.00", work="9.00"))
    by_fee = price(rows, line("X0016"), line("X0017"))
    by_wrvu = price(rows, line("X0016"), line("X0017"), ranking_basis="wrvu")
    # Medicare ranks Q first: 9.00 + 0.5 × 10.00 = 14.00 credited; ranking by wRVU: 10.00 + 4.50 = 14.50.
    assert by_fee.credited_wrvu == D("14.00")
    assert by_wrvu.credited_wrvu == D("14.50")
    # payment stays Medicare's: Q $534.41 + P 467.61 × 50% = $233.81 → $768.22 either way
    assert by_fee.allowed == by_wrvu.allowed == D("768.22")
    assert [x.credit_rank for x in by_wrvu.lines] == [1, 2]
    assert [x.rank for x in by_wrvu.lines] == [2, 1]
    assert by_wrvu.ranking_basis == "wrvu" and "lines 1, 2" in by_wrvu.flags[-1]


# --- 4. published examples G2-G12 -----------------------------------------------------------------

@pytest.mark.parametrize("indicator", ["0", "2"])
def test_g2_rt_and_lt_on_two_lines_of_a_bilateral_0_or_2_code_get_one_fee(indicator: str):
    # Fee $125; LT billed $100 + RT billed $100 → lower of $200 and 100% of one fee = $125.
    rows = table(rvu("X0018", "125.00", bilat=indicator))
    result = price(rows, line("X0018", "LT", charge=D("100")), line("X0018", "RT", charge=D("100")), cf=DOLLARS)
    assert result.allowed == D("125.00")
    assert allowed(result) == [D("62.50"), D("62.50")]
    # charges of $50 each: the lower of $100 charges and the $125 fee is paid
    cheap = price(rows, line("X0018", "LT", charge=D("50")), line("X0018", "RT", charge=D("50")), cf=DOLLARS)
    assert cheap.allowed == D("100.00")


G3 = table(rvu("35301", "1043.48", work="20.63"), rvu("35201", "922.90", work="16.51"),
           rvu("35261", "1010.60", work="18.49"))


@pytest.mark.parametrize("order", [("35301", "35201", "35261"), ("35201", "35261", "35301")])
def test_g3_standard_multiple_surgery_ranks_35301_first_whatever_the_claim_order(order: tuple[str, ...]):
    # 35301 100% $1,043.48; 35261 50% $505.30; 35201 50% $461.45; total $2,010.23.
    result = price(G3, *(line(code) for code in order), cf=DOLLARS)
    paid = {x.code: x.allowed for x in result.lines}
    assert paid == {"35301": D("1043.48"), "35261": D("505.30"), "35201": D("461.45")}
    assert {x.code: x.rank for x in result.lines} == {"35301": 1, "35261": 2, "35201": 3}
    assert result.allowed == D("2010.23")


G4 = table(rvu("29870", "365.31", bilat="1"), rvu("29345", "115.04", bilat="1", glob="000"))


def test_g4_bilateral_50_pays_150_percent():
    # 365.31 × 1.5 = 547.965: half-up gives $547.97, the MAC printed $547.96 (within a cent).
    assert near(price(G4, line("29870", "50"), cf=DOLLARS).allowed, "547.96")


def test_g5_two_bilateral_procedures_adjust_first_then_rank():
    # 29870-50 $547.96 at 100%; 29345-50: 115.04 × 1.5 = $172.56 → 50% = $86.28
    result = price(G4, line("29345", "50"), line("29870", "50"), cf=DOLLARS)
    assert near(result.lines[1].allowed, "547.96")
    assert result.lines[0].allowed == D("86.28")


def test_bilateral_1_on_rt_and_lt_lines_is_one_procedure_at_150_percent():
    # RT and LT lines of 29870: 365.31 × 75% = 273.98 each ($547.96 together), ranked as one unit.
    result = price(G4, line("29870", "RT"), line("29345"), line("29870", "LT"), cf=DOLLARS)
    assert allowed(result) == [D("273.98"), D("57.52"), D("273.98")]
    assert [x.rank for x in result.lines] == [1, 2, 1]


def test_bilateral_1_billed_as_two_units_is_paid_as_50():
    result = price(G4, line("29870", units=2), cf=DOLLARS)
    assert result.allowed == D("547.97")
    assert any("50 with 1 unit" in f for f in result.lines[0].flags)


def test_50_on_a_bilateral_2_code_pays_one_fee_and_is_flagged():
    rows = table(rvu("X0019", "200.00", bilat="2"))
    result = price(rows, line("X0019", "50"), cf=DOLLARS)
    assert result.allowed == D("200.00")
    assert any("50 is not allowed on this code (BILAT SURG 2" in f for f in result.lines[0].flags)


def test_g6_endoscopy_family_on_rvus():
    # AAPC, non-facility RVUs: 45385 13.03, 45380 10.58, base 45378 9.95 → 45380 credited 10.58 − 9.95 = 0.63.
    # Total 13.03 + 0.63 = 13.66. (The published "13.64" does not add up from its own inputs.)
    rows = table(rvu("45385", "13.03", work="13.03", mult="3", endo="45378", glob="000"),
                 rvu("45380", "10.58", work="10.58", mult="3", endo="45378", glob="000"),
                 rvu("45378", "9.95", work="9.95", glob="000"))
    result = price(rows, line("45385"), line("45380"), setting=OFFICE, cf=DOLLARS)
    assert [x.credited_wrvu for x in result.lines] == [D("13.03"), D("0.63")]
    assert result.allowed == D("13.66") and result.credited_wrvu == D("13.66")


G7 = table(rvu("29805", "200.00", work="5.88"),
           *(rvu(code, total, mult="3", endo="29805")
             for code, total in [("29807", "310.02"), ("29819", "275.12"), ("29820", "270.13")]),
           rvu("X0020", "1000.00"))


def test_g7_shoulder_arthroscopy_family():
    # 310.02 + (275.12 − 200) + (270.13 − 200) = 310.02 + 75.12 + 70.13 = $455.27
    result = price(G7, line("29807"), line("29819"), line("29820"), cf=DOLLARS)
    assert allowed(result) == [D("310.02"), D("75.12"), D("70.13")]
    assert result.allowed == D("455.27")
    # Behind a higher unrelated procedure the family is paid 50%: 455.27 / 2 = 227.635 (thread: $227.65);
    # per line 155.01 + 37.56 + 35.07 = $227.64.
    behind = price(G7, line("29807"), line("29819"), line("29820"), line("X0020"), cf=DOLLARS)
    assert near(behind.allowed - D("1000"), "227.635")


def test_g9_as_assistant_is_13_6_percent():
    rows = table(rvu("X0021", "1000.00"))
    assert price(rows, line("X0021", "AS"), cf=DOLLARS).allowed == D("136.00")


def test_g11_indicator_0_is_never_reduced_synthetic():
    # DWC example: 64718 100%, 28307 50%, 22614 (MULT PROC 0 add-on) 100%
    rows = table(rvu("64718", "575.16"), rvu("28307", "497.34"), rvu("22614", "349.37", mult="0", glob="ZZZ"))
    result = price(rows, line("22614"), line("28307"), line("64718"), cf=DOLLARS)
    assert allowed(result) == [D("349.37"), D("248.67"), D("575.16")]
    assert result.lines[0].rank is None and result.lines[0].adjustments == ()


# --- status, rows, setting -------------------------------------------------------------------------

STATUS = table(rvu("X0030", "10.00"), rvu("X0031", "3.00", status="B"), rvu("X0032", "0.00", status="C"),
               rvu("X0033", "0.00", status="J"), rvu("X0034", "2.00", status="I"),
               rvu("X0035", "1.00", status="T", glob="XXX", mult="0"), rvu("X0036", "4.00", status="R"),
               rvu("X0037", "3.00", status="N"))


def test_bundled_noncovered_and_invalid_codes_pay_nothing_and_say_why():
    result = price(STATUS, line("X0030"), line("X0031"), line("X0037"), line("X0034"), line("X0033"))
    assert allowed(result)[1:] == [D("0")] * 4
    assert result.lines[1].flags[0].startswith("Status B (bundled)")
    assert result.lines[2].flags[0].startswith("Status N (non-covered")
    assert result.lines[3].flags[0].startswith("Status I (not valid for Medicare)")
    assert result.lines[4].flags[0].startswith("Status J (anesthesia)")
    assert result.lines[0].rank == 1  # the $0 lines take no rank slot: X0030 is paid in full
    assert result.lines[0].allowed == D("334.01")


def test_contractor_priced_and_restricted_codes_are_by_report():
    result = price(STATUS, line("X0032"), line("X0036"))
    assert result.lines[0].by_report and result.lines[0].allowed == D("0")
    assert result.lines[1].by_report and result.lines[1].allowed == D("133.60")  # 4.00 × 33.4009, estimate


def test_status_t_pays_only_when_alone():
    assert price(STATUS, line("X0035")).allowed == D("33.40")
    both = price(STATUS, line("X0035"), line("X0030"))
    assert allowed(both) == [D("0"), D("334.01")]
    assert "line 2 (X0030) is" in both.lines[0].flags[0]


def test_26_on_a_code_that_cannot_be_split_is_flagged_and_not_paid():
    result = price(EXAMPLE_1, line("X0001", "26"))
    assert result.allowed == D("0")
    assert result.lines[0].flags[0] == ("26 is not allowed on X0001 (PC/TC indicator 0: physician service "
                                        "that cannot be split); remove 26.")


def test_office_na_is_priced_at_the_facility_amount_with_a_warning():
    rows = table(rvu("X0038", "10.00", office="14.00", office_na="NA"))
    result = price(rows, line("X0038"), setting=OFFICE)
    assert (result.lines[0].setting, result.allowed) == (FAC, D("334.01"))
    assert "non-facility NA" in result.lines[0].flags[0]


def test_locality_gpcis_weight_each_component():
    # work 10.00 × 1.050 + PE 6.00 × 1.100 (+ MP 0) = 17.10 RVUs × 33.4009 = 571.155... → $571.16
    rows = table(rvu("X0091", "16.00", work="10.00"))
    gpci = Gpci(D("1.050"), D("1.100"), D("0.800"))
    assert price(rows, line("X0091"), gpci=gpci).allowed == D("571.16")


def test_53_uses_the_discontinued_row_where_one_exists():
    rows = table(rvu("45378", "4.93", work="3.18", glob="000"), rvu("45378", "2.47", work="1.59", mod="53"),
                 rvu("X0039", "4.00", glob="000"))
    # 45378-53 facility: 2.47 × 33.4009 = $82.50
    assert price(rows, line("45378", "53")).lines[0].row_modifier == "53"
    assert price(rows, line("45378", "53")).allowed == D("82.50")
    other = price(rows, line("X0039", "53")).lines[0]
    assert other.by_report and other.allowed == D("0")


# --- ranking rules ---------------------------------------------------------------------------------

RANKS = table(*(rvu(f"X00{40 + n}", f"{100 - n}.00") for n in range(7)),
              *(rvu(f"X00{50 + n}", f"{100 - n}.00", mult="1") for n in range(5)))


def test_sixth_procedure_and_later_are_by_report_with_a_50_percent_estimate():
    result = price(RANKS, *(line(f"X00{40 + n}") for n in range(7)), cf=DOLLARS)
    assert allowed(result) == [D("100.00"), D("49.50"), D("49.00"), D("48.50"), D("48.00"), D("47.50"),
                               D("47.00")]
    assert [x.by_report for x in result.lines] == [False] * 5 + [True] * 2
    assert "by report (operative note required)" in result.lines[5].adjustments[-1].reason


def test_mult_proc_1_pays_100_50_25_25_25():
    result = price(RANKS, *(line(f"X00{50 + n}") for n in range(5)), cf=DOLLARS)
    assert allowed(result) == [D("100.00"), D("49.50"), D("24.50"), D("24.25"), D("24.00")]


def test_59_does_not_exempt_a_line_from_the_multiple_procedure_reduction():
    result = price(EXAMPLE_1, line("X0001"), line("X0002", "59"))
    assert result.lines[1].allowed == D("283.91")
    assert any("does not exempt" in f for f in result.lines[1].flags)


def test_two_units_of_a_surgery_code_are_two_ranked_procedures():
    result = price(EXAMPLE_1, line("X0002", units=2))
    # 567.82 at 100% + 567.82 at 50% = 567.82 + 283.91 = $851.73
    assert result.allowed == D("851.73")
    assert "unit 2: MULT PROC 2, rank 2 → 50%" in [a.reason for a in result.lines[0].adjustments]


def test_equal_fees_are_ranked_in_entry_order_and_flagged():
    rows = table(rvu("X0060", "10.00"), rvu("X0061", "10.00"))
    result = price(rows, line("X0061"), line("X0060"))
    assert [x.rank for x in result.lines] == [1, 2]
    assert any("equal fees" in f for f in result.flags)


def test_denied_line_gets_nothing_and_takes_no_rank():
    result = price(EXAMPLE_1, line("X0002"), line("X0001"), denied={1: "X0001 is column 2 of X0002 (MI 0)"})
    assert allowed(result) == [D("567.82"), D("0")]
    assert result.lines[1].rank is None and result.lines[1].credited_wrvu == D("0")
    assert result.lines[1].flags[0].startswith("Denied by an NCCI edit: X0001 is column 2")


def test_team_surgery_66_is_by_report_only():
    rows = table(rvu("X0062", "40.00", team="2"))
    result = price(rows, line("X0062", "66"))
    assert result.lines[0].by_report and result.allowed == D("0")


def test_22_is_paid_at_100_percent_with_a_documentation_flag_and_52_is_by_report():
    result = price(EXAMPLE_1, line("X0001", "22"), line("X0002", "52", reduction=D("0.5")))
    assert allowed(result) == [D("851.72"), D("141.96")]  # 567.82 × 0.5 = 283.91 → rank 2 × 0.5 = 141.96
    assert result.lines[0].flags[0].startswith("22 (increased services)")
    assert result.lines[1].by_report


def test_add_on_without_a_primary_is_flagged():
    rows = table(rvu("X0063", "5.00", mult="0", glob="ZZZ"))
    assert "Add-on code with no payable primary" in price(rows, line("X0063")).lines[0].flags[0]


# --- component reductions --------------------------------------------------------------------------

def test_cardiovascular_tc_is_paid_75_percent_and_ophthalmology_tc_80_percent_after_the_first():
    rows = table(*(rvu(code, total, mod=mod, mult=mult, pctc="1", glob="XXX")
                   for code, mult in [("X0070", "6"), ("X0071", "6"), ("X0072", "7"), ("X0073", "7")]
                   for mod, total in [("", "100.00"), ("26", "20.00"), ("TC", "80.00")]))
    result = price(rows, line("X0070"), line("X0071", "TC"), line("X0072", "TC"), line("X0073"),
                   setting=OFFICE, cf=DOLLARS)
    # cardio: X0070 TC $80 first in full, X0071-TC $80 × 75% = $60; ophth: X0072-TC $80 in full,
    # X0073 global: PC $20 kept + TC $80 × 80% = $64 → $84.
    assert allowed(result) == [D("100.00"), D("60.00"), D("80.00"), D("84.00")]


def test_therapy_pays_half_the_pe_after_the_unit_with_the_highest_pe():
    rows = table(rvu("X0074", "1.00", work="0.45", mult="5", glob="XXX"),
                 rvu("X0075", "0.90", work="0.50", mult="5", glob="XXX"))
    # X0074 PE 0.55 → $18.37 (0.55 × 33.4009); fee 1.00 → $33.40. X0075 PE 0.40 → $13.36, fee $30.06.
    # unit 1 of X0074 full $33.40; unit 2: 33.40 − (18.37 − 9.19) = $24.22; X0075: 30.06 − (13.36 − 6.68) = $23.38
    result = price(rows, line("X0075"), line("X0074", units=2), setting=OFFICE)
    assert allowed(result) == [D("23.38"), D("57.62")]


# --- credit policies -------------------------------------------------------------------------------

def test_full_credit_keeps_100_percent_wrvu_for_secondary_procedures():
    result = price(EXAMPLE_1, line("X0001"), line("X0002"), line("X0003"), policy=CreditPolicy("full_credit"))
    assert result.credited_wrvu == D("31.00")
    assert result.allowed == D("1306.81")  # payment is still Medicare's


def test_full_credit_still_subtracts_the_endoscopy_base():
    rows = table(rvu("45385", "6.69", work="4.46", mult="3", endo="45378", glob="000"),
                 rvu("45380", "5.32", work="3.47", mult="3", endo="45378", glob="000"),
                 rvu("45378", "4.93", work="3.18", glob="000"), rvu("X0080", "20.00", work="10.00"))
    result = price(rows, line("45385"), line("45380"), line("X0080"), policy=CreditPolicy("full_credit"))
    assert result.credited_wrvu == D("14.75")  # 10.00 + 4.46 + (3.47 − 3.18)


def test_custom_policy_uses_the_plan_percentages():
    policy = CreditPolicy("custom", secondary=D("0.75"), bilateral=D("2"), assistant=D("0.2"),
                          co_surgeon=D("0.5"))
    result = price(EXAMPLE_1, line("X0001"), line("X0002"), policy=policy)
    assert result.credited_wrvu == D("22.50")  # 15.00 + 0.75 × 10.00
    assert price(EXAMPLE_1, line("X0001", "80"), policy=policy).credited_wrvu == D("3.00")
    assert price(EXAMPLE_1, line("X0001", "AS"), policy=policy).credited_wrvu == D("2.55")  # 15 × 0.2 × 0.85


# --- input errors, helpers, JSON -------------------------------------------------------------------

@pytest.mark.parametrize(("lines", "message"), [
    ((line("X0001"), line("47562")), "line 2 (47562): 47562 is not in this fee schedule release"),
    ((line("X0001", "5"),), "line 1 (X0001): modifier '5' is not a two-character modifier"),
    ((line("X0001", units=0),), "line 1 (X0001): units must be 1–999, not 0"),
    ((line("X0001", "26", "TC"),), "line 1 (X0001): 26 and TC cannot be on one line; bill the global code instead"),
    ((line("X0001", "80", "AS"),), "line 1 (X0001): use one assistant modifier (80, 81, 82 or AS), not several"),
    (tuple(line("X0001") for _ in range(51)), "a case holds at most 50 lines; this one has 51"),
    ((), "the case has no lines; add at least one code"),
])
def test_bad_input_raises_case_error_naming_the_line(lines: tuple[CaseLine, ...], message: str):
    with pytest.raises(CaseError) as err:
        price(EXAMPLE_1, *lines)
    assert err.value.message == message


def test_needed_codes_asks_for_the_lines_then_their_endoscopy_bases():
    lines = [line("45385"), line("X0001")]
    assert needed_codes(lines, {}) == {"45385", "X0001"}
    loaded = {k: v for k, v in {**ENDO, **EXAMPLE_1}.items() if k[0] in ("45385", "X0001")}
    assert needed_codes(lines, loaded) == {"45378"}
    assert needed_codes(lines, {**loaded, **table(ENDO[("45378", "")])}) == set()


def test_missing_base_row_is_flagged_and_members_rank_one_by_one():
    rows = {k: v for k, v in ENDO.items() if k[0] != "45378"}
    result = price(rows, line("45385"), line("45380"), cf=DOLLARS)
    assert allowed(result) == [D("374.56"), D("142.99")]
    assert result.flags[0].startswith("The base endoscopy 45378 was not supplied")


@pytest.mark.parametrize(("pos", "setting"), [("11", OFFICE), ("22", FAC), ("19", FAC), ("21", FAC),
                                              ("24", FAC), ("31", FAC), ("32", OFFICE), ("12", OFFICE),
                                              ("2", OFFICE)])
def test_place_of_service_decides_the_setting(pos: str, setting: Setting):
    assert setting_for_pos(pos) is setting


def test_as_dict_is_plain_json_values():
    data = price(EXAMPLE_1, line("X0001"), line("X0002", "51")).as_dict()
    assert data["totals"] == {"allowed": 1135.63, "wrvu": 25.0, "credited_wrvu": 20.0}
    second = data["lines"][1]
    assert {k: second[k] for k in ("code", "modifiers", "units", "rank", "fee", "allowed", "wrvu",
                                   "credited_wrvu")} == {
        "code": "X0002", "modifiers": ["51"], "units": 1, "rank": 2, "fee": 567.82, "allowed": 283.91,
        "wrvu": 10.0, "credited_wrvu": 5.0}
    assert second["adjustments"] == [{"rule": "MPPR", "factor": 0.5, "reason": "MULT PROC 2, rank 2 → 50%",
                                      "amount": -283.91}]
    assert data["flags"] == [] and second["flags"] == []


# --- real RVU26C rows, read in place ---------------------------------------------------------------

DATA = Path(os.environ.get("RVUDESK_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
RVU26C = DATA / "pfs" / "rvu26c" / "PPRRVU2026_Jul_nonQPP.csv"
FIELDS = {"HCPCS": str, "MOD": str, "DESCRIPTION": str, "STATUS CODE": str, "NOT USED FOR MEDICARE PAYMENT": str,
          "WORK RVU": D, "NON-FAC PE RVU": D, "NON-FAC NA INDICATOR": str, "FACILITY PE RVU": D,
          "FACILITY NA INDICATOR": str, "MP RVU": D, "NON-FACILITY TOTAL": D, "FACILITY TOTAL": D,
          "PCTC IND": str, "GLOB DAYS": str, "PRE OP": D, "INTRA OP": D, "POST OP": D, "MULT PROC": str,
          "BILAT SURG": str, "ASST SURG": str, "CO- SURG": str, "TEAM SURG": str, "PRIC IND": str,
          "ENDO BASE": str, "CONV FACTOR": D, "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES": str,
          "CALCULATION FLAG": str, "DIAGNOSTIC IMAGING FAMILY INDICATOR": str,
          "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT": D, "FACILITY PE USED FOR OPPS PAYMENT AMOUNT": D,
          "MP USED FOR OPPS PAYMENT AMOUNT": D}


@cache
def rvu26c() -> dict[tuple[str, str], RvuRow]:
    """Every RVU26C row, by (HCPCS, MOD). The header is stacked over several lines: each column's name
    is its cells joined from the title block down to the row whose first cell is "HCPCS"."""
    with RVU26C.open(newline="", encoding="latin-1") as f:  # fails loudly when the data is missing
        lines = list(csv.reader(f))
    at = next(n for n, cells in enumerate(lines) if cells and cells[0] == "HCPCS")
    names = [" ".join(c.strip() for c in column if c.strip()) for column in zip(*lines[at - 4:at + 1], strict=False)]
    where = [names.index(name) for name in FIELDS]
    rows = {}
    for cells in lines[at + 1:]:
        r = RvuRow(*(kind(cells[i].strip()) for i, kind in zip(where, FIELDS.values(), strict=True)))
        rows[r.key] = r
    return rows


def real(*lines: CaseLine, setting: Setting = FAC) -> CaseResult:
    rows = rvu26c()
    codes = set()
    while missing := needed_codes(lines, {k: v for k, v in rows.items() if k[0] in codes}):
        codes |= missing
    return price_case(CaseInput(setting, CF, lines), {k: v for k, v in rows.items() if k[0] in codes})


def test_real_47562_with_bilateral_49505_in_a_facility():
    # 49505 (BILAT SURG 1) facility 15.21 × 33.4009 = 508.03 → -50 × 1.5 = 762.045 → $762.05, rank 1.
    # 47562 facility 18.92 × 33.4009 = $631.95 is now rank 2: × 50% = 315.975 → $315.98. Total $1,078.03.
    result = real(line("47562"), line("49505", "50"))
    assert [x.fee for x in result.lines] == [D("631.95"), D("508.03")]
    assert allowed(result) == [D("315.98"), D("762.05")]
    assert result.allowed == D("1078.03")
    # wRVU: 10.21 × 0.5 = 5.105 → 5.11; 7.76 × 1.5 = 11.64 (a bilateral line may exceed its raw wRVU)
    assert [x.credited_wrvu for x in result.lines] == [D("5.11"), D("11.64")]


def test_real_colonoscopy_family_45385_45380_45378():
    # facility: 45385 6.69 × 33.4009 = $223.45 in full; 45380 5.32 → $177.69 − base 45378 4.93 → $164.67
    # = $13.02; 45378 itself $0. Total $236.47. wRVU 4.46 + (3.47 − 3.18) + 0 = 4.75.
    result = real(line("45385"), line("45380"), line("45378"))
    assert allowed(result) == [D("223.45"), D("13.02"), D("0.00")]
    assert result.allowed == D("236.47")
    assert result.credited_wrvu == D("4.75")


def test_real_27447_bilateral_total_knee():
    # facility 34.71 × 33.4009 = $1,159.35; × 150% = 1,739.025 → $1,739.03; wRVU 19.11 × 1.5 = 28.665 → 28.67
    result = real(line("27447", "50"))
    assert (result.allowed, result.credited_wrvu) == (D("1739.03"), D("28.67"))


def test_real_g8_22554_co_surgery():
    # 22554 facility 36.40 × 33.4009 = $1,215.79; each co-surgeon 62.5% = 759.86875 → $759.87
    assert real(line("22554", "62")).allowed == D("759.87")


def test_real_g10_27759_split_care():
    # 27759 facility 27.49 × 33.4009 = $918.19; 54: (0.10 + 0.69) × 918.19 = $725.37;
    # 55 for 45 of 90 days: 0.21 × 45/90 × 918.19 = 96.40995 → $96.41
    assert real(line("27759", "54")).allowed == D("725.37")
    assert real(line("27759", "55", postop_days=45)).allowed == D("96.41")


def test_real_g11_64718_28307_22614():
    # facility: 64718 17.22 → $575.16 at 100%; 28307 14.89 → $497.34 at 50% = $248.67;
    # 22614 (ZZZ, MULT PROC 0) 10.46 → $349.37 at 100%, no rank.
    result = real(line("64718"), line("28307"), line("22614"))
    assert allowed(result) == [D("575.16"), D("248.67"), D("349.37")]
    assert [x.rank for x in result.lines] == [1, 2, None]


def test_real_g12a_unrelated_endoscopies_use_ordinary_rules():
    # 43217 (family 43200) 4.26 → $142.29 at 100%; 46606 (family 46600) 2.13 → $71.14 at 50% = $35.57
    result = real(line("46606"), line("43217"))
    assert allowed(result) == [D("35.57"), D("142.29")]


def test_real_g12b_two_sets_of_related_endoscopies_rank_as_two_units():
    # {43217 $142.29 + (43202 $93.19 − base 43200 $79.49 = $13.70)} = $155.99, rank 1;
    # {46608 $81.50 + (46606 $71.14 − base 46600 $40.42 = $30.72)} = $112.22, rank 2 → 40.75 + 15.36.
    result = real(line("43202"), line("43217"), line("46606"), line("46608"))
    assert allowed(result) == [D("13.70"), D("142.29"), D("15.36"), D("40.75")]
    assert [x.rank for x in result.lines] == [1, 1, 2, 2]
    assert result.allowed == D("212.10")


def test_real_g12c_related_pair_plus_an_unrelated_endoscopy():
    # {43217 $142.29 + (43215 $127.59 − $79.49 = $48.10)} = $190.39, rank 1; 45305 2.07 → $69.14 × 50% = $34.57
    result = real(line("43215"), line("43217"), line("45305"))
    assert allowed(result) == [D("48.10"), D("142.29"), D("34.57")]
    assert result.allowed == D("224.96")


def test_real_mri_abdomen_and_pelvis_in_one_office_session():
    # 74183 global: TC 7.02 → $234.47, PC 3.04 → $101.54, global 10.06 → $336.01 in full.
    # 72196 global $268.21: TC 5.65 → 188.72 × 50% (−$94.36), PC 2.38 → 79.49 × 95% (−$3.97) → $169.88.
    result = real(line("74183"), line("72196"), setting=OFFICE)
    assert allowed(result) == [D("336.01"), D("169.88")]
