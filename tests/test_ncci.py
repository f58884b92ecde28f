"""NCCI edit files and case checks, as a coder would state them.

Synthetic files under tests/fixtures/ncci use made-up codes (99991, X9999 …). Tests that need the
real numbers read CMS's files in place from RVUDESK_DATA (default ../shared/data) and fail, not
skip, when they are missing.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from datetime import date
from functools import cache
from itertools import chain
from pathlib import Path

import pytest

from rvudesk.pfs.ncci import (
    BYPASS_MODIFIERS,
    AddOnEdit,
    EditLine,
    EditResult,
    EditTables,
    Mue,
    PtpEdit,
    check_case,
)
from rvudesk.pfs.ncci_files import NcciFileError, detect_kind, read_aoc, read_mue, read_ptp
from rvudesk.pfs.ncci_versions import version_label, version_of

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ncci"
DATA = Path(os.environ.get("RVUDESK_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
NCCI = DATA / "ncci"
PTP_EXCERPT = NCCI / "ptp" / "ccipra-v322r0-f1.excerpt.txt"
PTP_COMMON = NCCI / "ptp" / "ccipra-v301r0.common-col1.partial.csv"
PTP_RANGES = NCCI / "ptp" / "ccipra-v301r0.col1-ranges.partial.csv"
MUE_EXCERPT = NCCI / "mue" / "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"
MUE_APR_2024 = NCCI / "mue" / "MCR_MUE_PractitionerServices_Eff_04-01-2024.rebuilt.csv"
MUE_JUL_2024 = NCCI / "mue" / "MCR_MUE_PractitionerServices_Eff_07-01-2024.rebuilt.csv"
AOC_2024Q2 = NCCI / "aoc" / "AOC_V2024Q2-MCR.rebuilt.csv"
AOC_ACTIVE = NCCI / "aoc" / "ncci_aoc_2024-06-03.active.partial.csv"
JULY_2024 = date(2024, 7, 1)


def fixture(name: str) -> Path:
    return FIXTURES / name


def error_of(records: Iterable[object]) -> NcciFileError:
    with pytest.raises(NcciFileError) as caught:
        list(records)
    return caught.value


# --- PTP files ------------------------------------------------------------------------------------


def test_cms_ptp_text_with_notice_and_four_line_header():
    reader = read_ptp(fixture("ptp_cms.txt"))
    edits = list(reader)
    assert reader.warnings == [] and reader.count == 4
    assert edits[0] == PtpEdit(
        "99991", "99992", True, date(1996, 1, 1), None, "0", "Standards of medical/surgical practice"
    )
    assert edits[1].deleted == date(2022, 12, 31) and edits[1].modifier_indicator == "1"
    assert edits[2].modifier_indicator == "9" and edits[2].effective == edits[2].deleted


def test_simplified_ptp_csv_has_no_effective_date_and_skips_blank_lines():
    edits = list(read_ptp(fixture("ptp_simple.csv")))
    assert [(e.column1, e.column2) for e in edits] == [
        ("99991", "99992"), ("99991", "99993"), ("X9999", "99991"), ("99993", "99994"),
    ]  # fmt: skip
    assert all(e.effective is None for e in edits)
    assert edits[0].pre_1996 and not edits[1].pre_1996
    assert edits[2].rationale == "Misuse of Column Two code with Column One code"  # was quoted


def test_a_record_cut_mid_rationale_is_a_warning_and_the_rows_before_it_load():
    reader = read_ptp(fixture("ptp_truncated.txt"))
    edits = list(reader)
    assert [e.column2 for e in edits] == ["99992", "99993", "X9999"]
    assert len(reader.warnings) == 1
    warning = reader.warnings[0]
    assert warning.line == 10 and "truncated" in warning.message and "'More exten'" in warning.message


def test_a_record_cut_mid_date_is_a_warning_too():
    reader = read_ptp(fixture("ptp_truncated_fields.txt"))
    assert len(list(reader)) == 2
    assert reader.warnings[0].line == 9 and "truncated" in str(reader.warnings[0])


def test_a_bad_date_mid_file_names_file_line_and_column():
    error = error_of(read_ptp(fixture("ptp_bad_date.txt")))
    assert error.line == 8 and error.column == "Effective"
    assert "ptp_bad_date.txt, line 8, column 'Effective'" in str(error)
    assert "expected a date as YYYYMMDD" in str(error) and "'20201301'" in str(error)


def test_a_modifier_indicator_other_than_0_1_9_is_an_error():
    error = error_of(read_ptp(fixture("ptp_bad_modifier.csv")))
    assert error.line == 3 and error.column.startswith("Modifier")
    assert "expected one of 0, 1, 9, found '2'" in str(error)


def test_a_row_missing_a_column_is_an_error_not_a_shifted_guess():
    error = error_of(read_ptp(fixture("ptp_shifted.csv")))
    assert error.line == 3 and error.column == "Column 2"
    assert "five-character HCPCS/CPT code" in str(error)


def test_wrong_header_and_empty_file_are_errors():
    error = error_of(read_ptp(fixture("ptp_wrong_header.csv")))
    assert "no PTP header" in str(error) and "Column 1, Column 2" in str(error)
    assert "the file is empty" in str(error_of(read_ptp(fixture("empty.txt"))))
    assert "no MUE header" in str(error_of(read_mue(fixture("ptp_cms.txt"))))


def test_a_header_without_rows_loads_nothing_with_a_warning():
    reader = read_ptp(fixture("ptp_header_only.csv"))
    assert list(reader) == []
    assert reader.warnings[0].line == 1 and "no edit rows" in reader.warnings[0].message


def test_readers_take_an_open_binary_stream_such_as_a_zip_member():
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.write(fixture("ptp_cms.txt"), "ccipra-v301r0-f1.txt")
    with zipfile.ZipFile(packed) as archive, archive.open("ccipra-v301r0-f1.txt") as member:
        reader = read_ptp(member, name="ccipra-v301r0-f1.txt")
        assert len(list(reader)) == 4 and reader.path == "ccipra-v301r0-f1.txt"
        assert not member.closed  # the caller's stream stays the caller's


# --- MUE and AOC files ----------------------------------------------------------------------------


def test_cms_mue_csv_with_the_notice_in_a_multi_line_quoted_cell():
    mues = list(read_mue(fixture("mue_cms.csv")))
    assert mues[0] == Mue("99991", 1, "2", "Date of Service Edit: Policy", "Anatomic Consideration")
    assert mues[2] == Mue("X9999", 250, "1", "Line Edit", "Prescribing Information")
    assert mues[3].value == 0 and len(mues) == 4


def test_mue_with_byte_order_mark_windows_1252_and_another_value_column():
    assert [m.code for m in read_mue(fixture("mue_cp1252.csv"))] == ["99991", "99992"]
    assert [m.value for m in read_mue(fixture("mue_simple.csv"))] == [1, 3, 250, 0]


def test_a_non_numeric_mue_value_is_an_error():
    error = error_of(read_mue(fixture("mue_nonnumeric.csv")))
    assert error.line == 3 and error.column == "Practitioner Services MUE Values"
    assert "expected a whole number of units, found 'three'" in str(error)


def test_an_adjudication_indicator_without_its_number_is_an_error():
    error = error_of(read_mue(fixture("mue_bad_mai.csv")))
    assert error.line == 3 and "starting 1, 2 or 3" in str(error)


def test_aoc_tables_in_three_layouts():
    simple = list(read_aoc(fixture("aoc_simple.csv")))
    assert simple[0] == AddOnEdit("99991", "99995", "1", date(2013, 1, 1), None, "")
    # A year-only deletion (the rebuilt table) keeps the edit through 31 December of that year.
    assert simple[2].deleted == date(2023, 1, 1) and simple[2].in_force(date(2022, 12, 31))
    cms = list(read_aoc(fixture("aoc_cms.txt")))
    assert cms[1] == AddOnEdit("99992", "99995", "1", date(2013, 1, 1), date(2022, 12, 31), "Practitioner only")
    assert [(a.primary, a.addon) for a in read_aoc(fixture("aoc_three_columns.csv"))] == [
        ("99991", "99995"), ("99992", "99995"),
    ]  # fmt: skip


# --- kinds and versions ---------------------------------------------------------------------------


def test_detect_kind_reads_the_header_not_the_name():
    assert detect_kind(fixture("ptp_cms.txt")) == "ptp"
    assert detect_kind(fixture("ptp_simple.csv")) == "ptp"
    assert detect_kind(fixture("mue_cms.csv")) == "mue"
    assert detect_kind(fixture("aoc_cms.txt")) == "aoc"
    assert detect_kind(fixture("ccipra-v301r0-f9.actually-mue.csv")) == "mue"
    assert detect_kind(fixture("empty.txt")) is None
    assert detect_kind(fixture("ptp_wrong_header.csv")) is None


def test_version_labels_of_the_real_files():
    assert version_label(PTP_EXCERPT) == "PTP v32.2 (2026-07-01)"
    assert version_label(PTP_COMMON) == "PTP v30.1 (2024-04-01)"
    assert version_label(MUE_JUL_2024) == "MUE 2024-07-01"
    assert version_label(MUE_EXCERPT) == "MUE 2026-07-01"
    assert version_label(AOC_2024Q2) == "AOC 2024 Q2 (2024-04-01)"
    assert version_label(AOC_ACTIVE) == "AOC 2024-06-03"
    assert version_of(PTP_RANGES).effective == date(2024, 4, 1)
    # A name that lies about the contents does not win.
    assert version_label(fixture("ccipra-v301r0-f9.actually-mue.csv")) == "MUE (ccipra-v301r0-f9.actually-mue.csv)"


# --- the real CMS files ---------------------------------------------------------------------------


def test_cms_ptp_excerpt_v32_2_loads_154_edits_and_flags_the_cut_line_161():
    reader = read_ptp(PTP_EXCERPT)
    edits = list(reader)
    assert len(edits) == 154
    assert [w.line for w in reader.warnings] == [161]
    assert edits[0] == PtpEdit(
        "0001A", "0591T", False, date(2022, 1, 1), date(2023, 12, 31), "1",
        "CPT Manual or CMS manual coding instruction",
    )  # fmt: skip
    vaccine_admin = next(e for e in edits if e.column2 == "90473")
    assert vaccine_admin.modifier_indicator == "9" and vaccine_admin.deleted == date(2022, 1, 1)
    assert (edits[-1].column1, edits[-1].column2, edits[-1].deleted) == ("0001U", "81166", None)


def test_cms_mue_excerpt_july_2026_has_44_rows():
    mues = {m.code: m for m in read_mue(MUE_EXCERPT)}
    assert len(mues) == 44
    assert mues["0001U"] == Mue("0001U", 1, "2", "Date of Service Edit: Policy", "Code Descriptor / CPT Instruction")
    assert (mues["0009U"].value, mues["0009U"].adjudication) == (2, "3")


def test_rebuilt_2024_ptp_tables_row_counts():
    common, ranges = read_ptp(PTP_COMMON), read_ptp(PTP_RANGES)
    common_rows, range_rows = list(common), list(ranges)
    assert (len(common_rows), len(range_rows)) == (27_919, 45_199)
    assert common.warnings == [] and ranges.warnings == []
    # Lap cholecystectomy 47562 is column 1 of 354 edits in both files (the ranges overlap).
    assert sum(e.column1 == "47562" for e in common_rows) == 354
    assert sum(e.column1 == "47562" for e in range_rows) == 354


def test_rebuilt_2024_mue_values_for_lap_chole_and_total_knee():
    mues = {m.code: m for m in read_mue(MUE_JUL_2024)}
    assert len(mues) == 14_677
    assert mues["47562"] == Mue("47562", 1, "2", "Date of Service Edit: Policy", "Anatomic Consideration")
    assert mues["27447"] == Mue("27447", 1, "2", "Date of Service Edit: Policy", "CMS Policy")
    assert sum(1 for _ in read_mue(MUE_APR_2024)) == 14_679


def test_rebuilt_2024_aoc_tables():
    edits = list(read_aoc(AOC_2024Q2))
    assert len(edits) == 8_186
    assert [(a.primary, a.edit_type) for a in edits if a.addon == "64484"] == [("64483", "1")]
    assert sum(1 for _ in read_aoc(AOC_ACTIVE)) == 7_465


# --- check_case on synthetic edits ----------------------------------------------------------------


def synthetic() -> EditTables:
    return EditTables(
        ptp=[
            PtpEdit("99991", "99992", False, date(2020, 1, 1), None, "0", "More extensive procedure"),
            PtpEdit("99991", "99993", False, date(2020, 1, 1), None, "1", "Mutually exclusive procedures"),
            PtpEdit("99991", "99994", False, date(2020, 1, 1), date(2022, 12, 31), "1", "Sequential procedure"),
            PtpEdit("99991", "99995", False, date(2025, 1, 1), None, "0", "More extensive procedure"),
            PtpEdit("99991", "99996", False, date(2020, 1, 1), date(2020, 1, 1), "9", "Laboratory panel"),
        ],
        mue=[Mue("99991", 1, "2", "Date of Service Edit: Policy", "Anatomic Consideration")],
        aoc=[AddOnEdit("99991", "99997", "1"), AddOnEdit("CCCCC", "99998", "2")],
    )


def run(*lines: EditLine, on: date = JULY_2024, source: EditTables | None = None) -> EditResult:
    return check_case(lines, source or synthetic(), on)


def test_mi_0_denies_column_2_in_either_order_and_no_modifier_lifts_it():
    assert list(run(EditLine("99992"), EditLine("99991")).denied) == [0]
    result = run(EditLine("99991"), EditLine("99992", ("59",)))
    assert "modifier indicator 0" in result.denied[1] and "More extensive procedure" in result.denied[1]


def test_mi_1_is_lifted_by_a_bypass_modifier_on_either_line_but_not_by_51():
    assert 1 in run(EditLine("99991"), EditLine("99993")).denied
    assert 1 in run(EditLine("99991", ("51",)), EditLine("99993", ("51",))).denied
    lifted = run(EditLine("99991", ("XS",)), EditLine("99993"))
    assert lifted.denied == {} and "modifier XS on 99991" in lifted.flags_for(1)[0]
    assert "51" not in BYPASS_MODIFIERS and {"59", "XU", "RT", "F9", "T9", "E4", "91"} <= BYPASS_MODIFIERS


def test_edits_apply_only_between_effective_and_deletion_dates_and_mi_9_never():
    assert 1 in run(EditLine("99991"), EditLine("99994"), on=date(2022, 12, 30)).denied
    # payment-rules.md §5.4: in force while the deletion date is after the date of service.
    assert run(EditLine("99991"), EditLine("99994"), on=date(2022, 12, 31)).denied == {}
    assert run(EditLine("99991"), EditLine("99995"), on=date(2024, 12, 31)).denied == {}
    assert run(EditLine("99991"), EditLine("99996"), on=date(2020, 1, 1)).denied == {}


def test_edit_tables_keep_only_the_codes_of_a_case():
    kept = PtpEdit("99991", "99993", False, None, None, "1", "Mutually exclusive procedures")
    dropped = PtpEdit("99991", "99992", False, None, None, "0", "More extensive procedure")
    tables = EditTables(ptp=[kept, dropped, kept], codes={"99991", "99993"})
    assert tables.ptp("99991", "99993") == [kept] and tables.ptp("99991", "99992") == []


# --- check_case on the real 2024 edits (v30.1 PTP, July 2024 MUE, 2024 Q2 AOC) --------------------


@cache
def real_2024() -> EditTables:
    return EditTables(
        ptp=chain(read_ptp(PTP_COMMON), read_ptp(PTP_RANGES)),
        mue=read_mue(MUE_JUL_2024),
        aoc=read_aoc(AOC_2024Q2),
    )


def real(*lines: EditLine, on: date = JULY_2024) -> EditResult:
    return check_case(lines, real_2024(), on)


def test_lap_chole_with_cholangiography_47563_denies_47562_mi_0():
    # Both rebuilt files hold this row (their code ranges overlap); the tables keep it once.
    assert [e.modifier_indicator for e in real_2024().ptp("47563", "47562")] == ["0"]
    result = real(EditLine("47562", ("59",)), EditLine("47563"))
    assert list(result.denied) == [0]
    assert result.denied[0].startswith("47562 is not paid with 47563")
    assert "modifier indicator 0" in result.denied[0]
    assert "HCPCS/CPT procedure code definition" in result.denied[0]


def test_diagnostic_laparoscopy_49320_is_bundled_into_47562():
    assert list(real(EditLine("47562"), EditLine("49320")).denied) == [1]


def test_knee_arthroscopy_29881_with_joint_injection_20610_mi_1():
    [edit] = real_2024().ptp("29881", "20610")
    assert edit.pre_1996 and edit.deleted is None and edit.modifier_indicator == "1"
    plain = real(EditLine("29881"), EditLine("20610"))
    assert list(plain.denied) == [1]
    assert "modifier indicator 1" in plain.denied[1]
    assert "Misuse of Column Two code with Column One code" in plain.denied[1]
    assert "anatomic modifier" in plain.denied[1] and "XS (separate structure)" in plain.denied[1]
    with_59 = real(EditLine("29881"), EditLine("20610", ("59",)))
    assert with_59.denied == {}
    assert "modifier 59 on 20610" in with_59.flags_for(1)[0] and "CMS prefers" in with_59.flags_for(1)[0]
    with_xs = real(EditLine("29881"), EditLine("20610", ("XS",)))
    assert with_xs.denied == {} and "CMS prefers" not in with_xs.flags_for(1)[0]
    knee_vs_shoulder = real(EditLine("29881", ("RT",)), EditLine("20610", ("LT",)))
    assert knee_vs_shoulder.denied == {} and "modifier RT" in knee_vs_shoulder.flags_for(1)[0]
    with_51 = real(EditLine("29881"), EditLine("20610", ("51",)))
    assert "Modifier 51 does not bypass" in with_51.denied[1]


def test_colonoscopy_polypectomy_45385_with_biopsy_45380():
    result = real(EditLine("45385"), EditLine("45380"))
    assert list(result.denied) == [1] and "More extensive procedure" in result.denied[1]


def test_e_m_billed_with_lap_chole_suggests_modifier_25():
    result = real(EditLine("47562"), EditLine("99213"))
    assert "append 25 to 99213" in result.denied[1]


def test_hernia_repair_edit_deleted_end_of_2022():
    assert list(real(EditLine("49505"), EditLine("49568"), on=date(2022, 6, 1)).denied) == [1]
    assert real(EditLine("49505"), EditLine("49568"), on=JULY_2024).denied == {}


def test_mue_lap_chole_twice_cannot_be_paid():
    result = real(EditLine("47562"), EditLine("47562"))
    assert result.flags_for(0) == [
        "47562: 2 units on this date of service over 2 lines exceed the MUE of 1 (MAI 2: date-of-service "
        "policy edit, cannot be paid; no modifier or appeal overrides it; rationale: Anatomic Consideration)."
    ]


def test_mue_bilateral_knee_50_with_one_unit_counts_as_one():
    assert real(EditLine("27447", ("50",), 1)).flags == []
    assert "MAI 2" in real(EditLine("27447", (), 2)).flags_for(0)[0]


def test_mue_mai_3_lesion_excisions_can_be_appealed():
    flag = real(EditLine("11401", (), 4)).flags_for(0)[0]
    assert "exceed the MUE of 3" in flag and "appeal with records" in flag and "MAI 3" in flag


def test_mue_mai_1_counts_each_line_on_its_own():
    assert "MAI 1: line edit" in real(EditLine("99486", (), 5)).flags_for(0)[0]
    # 99486 is the add-on of 99485 (pediatric critical care transport), so the case carries both.
    assert real(EditLine("99485"), EditLine("99486", (), 4), EditLine("99486", ("76",), 4)).flags == []


def test_add_on_without_its_primary():
    alone = real(EditLine("64484"))
    assert alone.flags_for(0) == [
        "64484 is an add-on code and needs one of its primary codes: 64483 (NCCI AOC edit type 1: only "
        "the listed primary codes are eligible); none is in this case."
    ]
    assert real(EditLine("64483"), EditLine("64484")).flags_for(1) == []
    assert "22600, 22610, 22612, 22630, 22633" in real(EditLine("22614")).flags_for(0)[0]
    assert real(EditLine("47001")).flags == []  # type 2: the MAC keeps the primary list
    type_3 = real(EditLine("C9726")).flags_for(0)[0]
    assert "19301, 19302" in type_3 and "type 3" in type_3
