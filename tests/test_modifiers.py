"""Modifier guidance read off real RVU26C rows (PPRRVU2026_Jul_nonQPP.csv, read in place).

Each test states the code's indicators as the July 2026 file prints them, then what a coder
should see offered or blocked. The file is read with a tiny reader of its own so these tests do
not depend on the importer; a missing data folder fails the tests, it never skips them.
"""

from __future__ import annotations

import csv
import dataclasses
import os
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from rvudesk.pfs.modifiers import Guidance, ModifierNote, guidance
from rvudesk.pfs.rvurow import RvuRow

DATA = Path(os.environ.get("RVUDESK_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
RVU26C = DATA / "pfs" / "rvu26c" / "PPRRVU2026_Jul_nonQPP.csv"

# Header names as the stacked header lines spell them -> RvuRow fields.
COLUMNS = {
    "HCPCS": "hcpcs", "MOD": "modifier", "DESCRIPTION": "description", "STATUS CODE": "status",
    "NOT USED FOR MEDICARE PAYMENT": "not_used_for_medicare", "WORK RVU": "work",
    "NON-FAC PE RVU": "pe_nonfacility", "NON-FAC NA INDICATOR": "nonfacility_na",
    "FACILITY PE RVU": "pe_facility", "FACILITY NA INDICATOR": "facility_na", "MP RVU": "mp",
    "NON-FACILITY TOTAL": "total_nonfacility", "FACILITY TOTAL": "total_facility", "PCTC IND": "pctc",
    "GLOB DAYS": "global_days", "PRE OP": "pre_op", "INTRA OP": "intra_op", "POST OP": "post_op",
    "MULT PROC": "mult_proc", "BILAT SURG": "bilateral", "ASST SURG": "assistant",
    "CO-SURG": "co_surgeon", "TEAM SURG": "team", "PRIC IND": "pricing_indicator",
    "ENDO BASE": "endo_base", "CONV FACTOR": "conversion_factor",
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES": "supervision",
    "CALCULATION FLAG": "calculation_flag", "DIAGNOSTIC IMAGING FAMILY INDICATOR": "imaging_family",
    "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "opps_pe_nonfacility",
    "FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "opps_pe_facility",
    "MP USED FOR OPPS PAYMENT AMOUNT": "opps_mp",
}
DECIMALS = {f.name for f in dataclasses.fields(RvuRow) if f.type in ("Decimal", Decimal)}


def _column_names(lines: list[list[str]], header: int) -> list[str]:
    """Join each column's words from the header row up through the title block above it."""
    top = header
    # Title lines put text in the description column only; column headings start further right.
    while top > 0 and any(cell.strip() for cell in lines[top - 1][3:]):
        top -= 1
    width = len(lines[header])
    words = [" ".join(ln[i].strip() for ln in lines[top : header + 1] if i < len(ln) and ln[i].strip())
             for i in range(width)]
    return [w.replace("- ", "-") for w in words]


@cache
def rvu26c() -> dict[str, dict[str, RvuRow]]:
    """Every row of the RVU26C file, by HCPCS then modifier."""
    with RVU26C.open(newline="", encoding="latin-1") as handle:
        lines = list(csv.reader(handle))
    header = next(i for i, line in enumerate(lines) if line and line[0].strip() == "HCPCS")
    names = _column_names(lines, header)
    assert set(COLUMNS) <= set(names), f"columns not found: {set(COLUMNS) - set(names)}"
    codes: dict[str, dict[str, RvuRow]] = {}
    for line in lines[header + 1 :]:
        if not line or not line[0].strip():
            continue
        cells = {COLUMNS[n]: line[i].strip() for i, n in enumerate(names) if n in COLUMNS}
        values = {k: Decimal(v or "0") if k in DECIMALS else v for k, v in cells.items()}
        row = RvuRow(**values)  # type: ignore[arg-type]
        codes.setdefault(row.hcpcs, {})[row.modifier] = row
    return codes


def advice(code: str, *, has_ptp_edits: bool = False) -> Guidance:
    """Guidance for the code's global row, told which 26/TC/53 rows the file has for it."""
    rows = rvu26c()[code]
    return guidance(rows[""], has_ptp_edits=has_ptp_edits, component_rows=frozenset(rows) - {""})


def offered(g: Guidance) -> list[str]:
    return [n.modifier for n in g.typical]


def blocked(g: Guidance) -> list[str]:
    return [n.modifier for n in g.not_allowed]


def note(notes: tuple[ModifierNote, ...], modifier: str) -> ModifierNote:
    return next(n for n in notes if n.modifier == modifier)


def row(code: str) -> RvuRow:
    return rvu26c()[code][""]


def test_the_reader_sees_the_july_2026_values() -> None:
    knee = row("27447")
    assert (knee.status, knee.global_days, knee.pctc) == ("A", "090", "0")
    assert (knee.pre_op, knee.intra_op, knee.post_op) == (Decimal("0.10"), Decimal("0.69"), Decimal("0.21"))
    assert (knee.mult_proc, knee.bilateral, knee.assistant, knee.co_surgeon, knee.team) == (
        "2", "1", "2", "1", "0")
    assert knee.conversion_factor == Decimal("33.4009")
    assert knee.pricing_indicator == "9"
    assert set(rvu26c()["71046"]) == {"", "26", "TC"}
    assert set(rvu26c()["45378"]) == {"", "53"}


class TestTotalKneeArthroplasty27447:
    """27447: bilateral 1, assistant 2, co-surgeon 1, team 0, global 090 with a 10/69/21 split."""

    def test_50_comes_first_at_150_percent(self) -> None:
        g = advice("27447")
        assert offered(g)[0] == "50"
        fifty = note(g.typical, "50")
        assert fifty.reason == ("Bilateral indicator 1: bilateral surgery is paid at 150% of the fee "
                                "when billed once with 50")
        assert fifty.effect.startswith("150% of the fee")

    def test_assistants_are_paid_16_percent_and_as_13_6_percent(self) -> None:
        g = advice("27447")
        assert {"80", "81", "82", "AS"} <= set(offered(g))
        assert note(g.typical, "80").effect == "16% of the surgeon's fee"
        assert note(g.typical, "82").effect == "16% of the surgeon's fee"
        assert note(g.typical, "AS").effect.startswith("13.6% of the surgeon's fee")
        assert "Assistant indicator 2" in note(g.typical, "80").reason

    def test_co_surgery_needs_documentation_and_pays_62_5_percent_each(self) -> None:
        co = note(advice("27447").typical, "62")
        assert co.reason.startswith("Co-surgeon indicator 1")
        assert "with documentation" in co.reason
        assert co.effect == "62.5% of the fee to each surgeon"

    def test_team_surgery_is_not_permitted(self) -> None:
        assert "Team-surgery indicator 0" in note(advice("27447").not_allowed, "66").reason

    def test_the_90_day_global_offers_24_57_58_78_79_54_55(self) -> None:
        g = advice("27447")
        assert {"24", "57", "58", "78", "79", "54", "55"} <= set(offered(g))
        assert "25" not in offered(g)  # 57, not 25, marks the decision for major surgery

    def test_78_pays_the_intra_operative_share_69_percent(self) -> None:
        g = advice("27447")
        assert note(g.typical, "78").effect == "pays the intra-operative share only (69%); no new global period"
        assert note(g.typical, "54").effect == "pays the pre- and intra-operative shares (79%)"
        assert note(g.typical, "55").effect.startswith("pays the post-operative share (21%)")
        assert note(g.typical, "58").effect == "100% of the fee; a new global period starts"

    def test_51_is_informational_and_components_are_not_allowed(self) -> None:
        g = advice("27447")
        assert "informational" in note(g.typical, "51").reason
        assert {"26", "TC"} <= set(blocked(g))
        assert not g.none_required


class TestChestXray71046:
    """71046: PC/TC 1 with its own 26 and TC rows, global XXX, multiple-procedure 0."""

    def test_26_and_tc_come_first_priced_from_their_rows(self) -> None:
        g = advice("71046")
        assert offered(g)[:2] == ["26", "TC"]
        assert note(g.typical, "26").effect == "paid from the code's own 71046-26 row"
        assert note(g.typical, "TC").effect == "paid from the code's own 71046-TC row"
        assert note(g.typical, "26").reason.startswith("PC/TC indicator 1")

    def test_no_global_period_modifiers(self) -> None:
        g = advice("71046")
        assert not {"24", "25", "57", "58", "78", "79", "54", "55", "56"} & set(offered(g))
        assert "Global XXX" in note(g.not_allowed, "78").reason

    def test_surgical_team_modifiers_are_not_offered_on_an_xray(self) -> None:
        # Its assistant/co-surgeon/team/bilateral indicators are the default 0.
        g = advice("71046")
        assert not {"50", "80", "AS", "62", "66", "RT", "LT"} & set(offered(g) + blocked(g))

    def test_without_the_component_rows_the_contractor_prices_them(self) -> None:
        g = guidance(row("71046"))
        assert note(g.typical, "26").effect == "no 71046-26 row in this release: contractor priced"


class TestBenignLesionExcision11401:
    """11401: global 010 (10/80/10), bilateral 0, assistant 1, co-surgeon 0, team 0."""

    def test_the_10_day_global_offers_24_25_58_78_79(self) -> None:
        g = advice("11401")
        assert {"24", "25", "58", "78", "79"} <= set(offered(g))
        assert note(g.typical, "78").effect.startswith("pays the intra-operative share only (80%)")
        assert "57" in blocked(g)  # the decision for a minor procedure is part of it

    def test_50_pays_nothing_extra_and_sites_take_anatomic_modifiers(self) -> None:
        g = advice("11401")
        assert note(g.not_allowed, "50").effect == "both sides together get 100% of one fee"
        assert "Bilateral indicator 0" in note(g.not_allowed, "50").reason
        assert {"RT", "LT"} <= set(offered(g))

    def test_assistant_is_a_statutory_bar(self) -> None:
        g = advice("11401")
        assert {"80", "81", "82", "AS"} <= set(blocked(g))
        assert "statutory bar" in note(g.not_allowed, "80").reason
        assert {"62", "66"} <= set(blocked(g))

    def test_discontinued_procedure_is_contractor_priced(self) -> None:
        assert note(advice("11401").typical, "53").effect == "contractor priced from the operative note"


class TestOfficeVisit99213:
    """99213: an E/M visit; global XXX, every surgical indicator 0."""

    def test_25_comes_first_then_24_and_57(self) -> None:
        g = advice("99213")
        assert offered(g) == ["25", "24", "57"]
        assert "separately identifiable" in note(g.typical, "25").reason

    def test_no_bilateral_assistant_or_co_surgeon_modifiers(self) -> None:
        g = advice("99213")
        assert not {"50", "80", "62"} & set(offered(g) + blocked(g))
        assert {"26", "TC", "51"} <= set(blocked(g))


class TestDiagnosticColonoscopy45378:
    """45378: has its own 45378-53 row; global 000, multiple-procedure 2, assistant 1."""

    def test_53_is_priced_from_its_own_row(self) -> None:
        g = advice("45378")
        assert note(g.typical, "53").effect == "paid from the code's own 45378-53 row"

    def test_000_global_offers_25_and_blocks_split_care(self) -> None:
        g = advice("45378")
        assert "25" in offered(g)
        assert {"54", "55"} <= set(blocked(g))
        assert not {"24", "58", "78", "79"} & set(offered(g))

    def test_assistant_barred_and_no_bilateral_payment(self) -> None:
        g = advice("45378")
        assert "80" in blocked(g)
        assert "50" in blocked(g)


class TestBilateralIndicator1Injections:
    """64483 (transforaminal epidural) and 20610 (joint injection): bilateral 1, global 000."""

    @pytest.mark.parametrize("code", ["64483", "20610"])
    def test_50_is_first_and_pays_150_percent(self, code: str) -> None:
        g = advice(code)
        assert row(code).bilateral == "1"
        assert offered(g)[0] == "50"
        assert note(g.typical, "50").effect.startswith("150% of the fee")
        assert {"54", "55"} <= set(blocked(g))
        assert "80" in blocked(g)  # assistant indicator 1 on both

    def test_ptp_edits_bring_the_x_modifiers_and_59_last(self) -> None:
        without = advice("20610")
        assert not {"59", "XS", "XE", "XP", "XU"} & set(offered(without))
        g = advice("20610", has_ptp_edits=True)
        assert {"59", "XS", "XE", "XP", "XU"} <= set(offered(g))
        assert offered(g).index("XS") < offered(g).index("59")
        assert "multiple-procedure reduction still applies" in note(g.typical, "59").effect


class TestPartialMastectomy19301:
    """19301: global 090 (10/71/19), bilateral 1, assistant 0, co-surgeon 0."""

    def test_assistant_needs_documentation(self) -> None:
        g = advice("19301")
        assert "documentation required" in note(g.typical, "80").reason
        assert "62" in blocked(g)

    def test_split_care_uses_its_own_shares(self) -> None:
        g = advice("19301")
        assert note(g.typical, "78").effect.startswith("pays the intra-operative share only (71%)")
        assert note(g.typical, "54").effect == "pays the pre- and intra-operative shares (81%)"
        assert note(g.typical, "56").effect == "pays the pre-operative share only (10%)"

    def test_bilateral_offer_precedes_documented_assistant(self) -> None:
        mods = offered(advice("19301"))
        assert mods[0] == "50"
        assert mods.index("78") < mods.index("80")


class TestOtherIndicatorValues:
    def test_bilateral_3_pays_each_side(self) -> None:
        g = advice("73030")  # shoulder x-ray: bilateral 3, PC/TC 1
        assert note(g.typical, "RT").effect == "100% of the fee for each side (200% for both)"
        assert "50" in blocked(g)

    def test_bilateral_2_blocks_50(self) -> None:
        g = advice("77067")  # screening mammography, valued as bilateral
        assert "Bilateral indicator 2" in note(g.not_allowed, "50").reason

    def test_co_surgeon_2_needs_no_documentation(self) -> None:
        g = advice("22633")
        assert note(g.typical, "62").reason.startswith("Co-surgeon indicator 2")

    def test_add_on_follows_its_primary(self) -> None:
        g = advice("64484")  # ZZZ, multiple-procedure 0
        assert "51" in blocked(g)
        assert "add-on" in note(g.not_allowed, "51").reason
        assert any("ZZZ" in line for line in g.notes)
        assert not {"58", "78", "79", "54", "55"} & set(offered(g) + blocked(g))

    def test_imaging_indicator_4_reduces_without_51(self) -> None:
        g = advice("76700")
        assert "51" in blocked(g)
        assert "XE" in offered(g)

    def test_a_professional_only_code_needs_no_modifier(self) -> None:
        g = advice("93010")  # ECG interpretation only: PC/TC 2
        assert g.none_required
        assert {"26", "TC"} <= set(blocked(g))


    def test_team_surgery_2_is_by_report(self) -> None:
        g = advice("22818")  # kyphectomy: team 2, co-surgeon 2
        assert note(g.typical, "66").effect == "by report (no fixed percentage)"
        assert note(g.typical, "62").reason.startswith("Co-surgeon indicator 2")

    def test_a_090_code_without_a_published_split_is_contractor_priced(self) -> None:
        g = advice("77750")  # 090 global, pre/intra/post all 0.00 in the file
        assert (row("77750").pre_op, row("77750").intra_op, row("77750").post_op) == (Decimal(0),) * 3
        assert "contractor priced" in note(g.typical, "78").effect
        assert "contractor priced" in note(g.typical, "54").effect


class TestStatusCodes:
    def test_status_i_has_no_modifiers(self) -> None:
        g = advice("0001F")
        assert g.notes == ("Not valid for Medicare (status I): another code is used; no modifiers apply.",)
        assert (g.typical, g.not_allowed, g.payable, g.none_required) == ((), (), False, False)

    @pytest.mark.parametrize(("code", "status"), [("99100", "B"), ("J1100", "E"), ("80053", "X"),
                                                   ("00100", "J")])
    def test_unpayable_statuses_get_one_short_answer(self, code: str, status: str) -> None:
        g = advice(code)
        assert row(code).status == status
        assert not g.payable and len(g.notes) == 1 and f"status {status}" in g.notes[0]

    def test_a_lab_test_paid_outside_the_pfs_still_offers_its_26_row(self) -> None:
        g = advice("83020")  # global row status X; the 83020-26 row is status A, PC/TC 6
        assert (row("83020").status, rvu26c()["83020"]["26"].status) == ("X", "A")
        assert g.payable and offered(g) == ["26"]
        assert note(g.typical, "26").effect == "paid from the code's own 83020-26 row"
        assert blocked(g) == ["TC"]

    def test_an_unknown_status_is_not_payable(self) -> None:
        made_up = dataclasses.replace(row("99213"), hcpcs="99991", status="Z")
        assert guidance(made_up).notes == ("Status Z: not paid under the PFS.",)

    def test_status_t_warns_about_same_day_services(self) -> None:
        g = advice("36598")
        assert g.payable
        assert g.notes[0].startswith("Status T: paid only when no other PFS-payable service")


@pytest.mark.parametrize("code", ["27447", "71046", "11401", "99213", "45378", "64483", "20610", "19301",
                                  "73030", "64484", "22633"])
def test_no_modifier_is_both_offered_and_blocked(code: str) -> None:
    g = advice(code)
    mods = offered(g) + blocked(g)
    assert len(mods) == len(set(mods))
