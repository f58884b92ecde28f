"""The PPRRVU reader: CMS's three formats, header matching by name, and clear errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rvudesk.pfs.rvufile import COLUMNS, read_rvu_file
from rvudesk.pfs.tabular import CmsFileError, Source
from tests.cmsfiles import pprrvu_csv, pprrvu_txt, row
from tests.conftest import PFS

ROWS = [
    row(),
    row(hcpcs="99992", description="Synthetic imaging study", pctc="1", global_days="XXX",
        pre_op="0.00", intra_op="0.00", post_op="0.00", mult_proc="4", imaging_family="88"),
    row(hcpcs="99992", modifier="26", description="Synthetic imaging study", pctc="1", global_days="XXX",
        work="0.50", pe_nonfacility="0.20", pe_facility="0.20", mp="0.02", total_nonfacility="0.72",
        total_facility="0.72"),
    row(hcpcs="X9999", description="Synthetic level II service", status="N", not_used_for_medicare="+",
        nonfacility_na="NA", global_days="YYY"),
]


FIRST_DATA_LINE = 11  # 3 title lines and 7 stacked header rows in the synthetic file


def csv_source(rows=ROWS, name="PPRRVU2030_Jul_nonQPP.csv", **kwargs) -> Source:
    return Source(name, pprrvu_csv(rows, **kwargs).encode())


def test_a_synthetic_csv_reads_every_column_as_typed_values():
    parsed = read_rvu_file(csv_source())
    assert len(parsed.rows) == 4
    first = parsed.rows[0]
    assert (first.hcpcs, first.modifier, first.status) == ("99991", "", "A")
    assert first.work == Decimal("1.00") and first.total_nonfacility == Decimal("3.10")
    assert first.conversion_factor == Decimal("33.4009")
    assert first.pre_op + first.intra_op + first.post_op == Decimal("1.00")
    assert parsed.rows[2].key == ("99992", "26")
    assert parsed.rows[3].not_used_for_medicare == "+" and parsed.rows[3].nonfacility_na == "NA"
    assert parsed.title.startswith("2030 National Physician Fee Schedule")


def test_columns_are_found_by_header_name_not_position():
    shuffled = list(reversed(list(COLUMNS)))
    assert read_rvu_file(csv_source(fields=shuffled)).rows == read_rvu_file(csv_source()).rows


def test_a_file_without_the_2026_pricing_indicator_column_reads_it_as_blank():
    fields = [f for f in COLUMNS if f != "pricing_indicator"]
    parsed = read_rvu_file(csv_source(fields=fields))
    assert {r.pricing_indicator for r in parsed.rows} == {""}


def test_the_fixed_width_text_form_gives_the_same_rows_as_the_csv():
    text = Source("PPRRVU2030_Jul.txt", pprrvu_txt(ROWS).encode())
    assert read_rvu_file(text).rows == read_rvu_file(csv_source()).rows


def test_lf_line_endings_read_like_crlf():
    crlf = pprrvu_csv(ROWS)
    lf = Source("PPRRVU2030_Jul.csv", crlf.replace("\r\n", "\n").encode())
    assert read_rvu_file(lf).rows == read_rvu_file(csv_source()).rows


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"name,value\r\nalpha,1\r\n", "no header row with HCPCS"),
        ("HCPCS,MOD\r\n".encode("utf-16"), "wrong encoding"),
    ],
)
def test_files_that_are_not_cms_rvu_files_are_refused(data, expected):
    with pytest.raises(CmsFileError, match=expected):
        read_rvu_file(Source("PPRRVU2030_Jul.csv", data))


def test_a_missing_column_is_named():
    fields = [f for f in COLUMNS if f != "work"]
    with pytest.raises(CmsFileError, match="missing column 'WORK RVU'"):
        read_rvu_file(csv_source(fields=fields))


def test_a_non_numeric_rvu_names_file_line_and_column():
    bad = [row(), row(hcpcs="99993", work="1.O0")]
    with pytest.raises(CmsFileError) as caught:
        read_rvu_file(csv_source(bad))
    error = caught.value
    assert (error.source, error.line, error.column) == ("PPRRVU2030_Jul_nonQPP.csv", FIRST_DATA_LINE + 1, "WORK RVU")
    assert "expected a number, got '1.O0'" in str(error)


def test_a_truncated_last_line_is_reported_with_its_line_number():
    text = pprrvu_csv([row(), row(hcpcs="99993")])
    cut = text[: text.rindex("\r\n", 0, len(text) - 2) + 2] + "99994,,Synthetic cut,A,,1.00,2.0"
    expected = rf"line {FIRST_DATA_LINE + 1}: the record has 7 fields, expected 32 \(truncated line\?\)"
    with pytest.raises(CmsFileError, match=expected):
        read_rvu_file(Source("PPRRVU2030_Jul.csv", cut.encode()))


def test_a_truncated_fixed_width_record_is_reported():
    text = pprrvu_txt([row()])[:-60]
    with pytest.raises(CmsFileError, match=r"line 2: the record is .* characters long"):
        read_rvu_file(Source("PPRRVU2030_Jul.txt", text.encode()))


def test_a_duplicate_hcpcs_and_modifier_is_refused_naming_both_lines():
    expected = rf"line {FIRST_DATA_LINE + 1}: duplicate row for HCPCS 99991 modifier \(none\) \(first on line 11\)"
    with pytest.raises(CmsFileError, match=expected):
        read_rvu_file(csv_source([row(), row()]))


def test_an_unknown_status_code_is_refused():
    with pytest.raises(CmsFileError, match="column 'STATUS CODE': expected a status code letter, got 'Q'"):
        read_rvu_file(csv_source([row(status="Q")]))


# Real files: CMS's RVU25D in its three formats, and the 2026 files.

def real(name: str) -> Source:
    return Source.from_path(PFS / name)


def test_the_three_rvu25d_formats_give_identical_rows():
    csv_rows = read_rvu_file(real("rvu25d/PPRRVU2025_Oct.csv")).rows
    assert len(csv_rows) == 19090
    assert read_rvu_file(real("rvu25d/PPRRVU2025_Oct.txt")).rows == csv_rows
    assert read_rvu_file(real("rvu25d/PPRRVU2025_Oct.xlsx")).rows == csv_rows


def test_rvu26c_11401_reads_as_cms_prints_it():
    parsed = read_rvu_file(real("rvu26c/PPRRVU2026_Jul_nonQPP.csv"))
    assert len(parsed.rows) == 19356
    assert parsed.released == "06/30/2026"
    r = next(r for r in parsed.rows if r.key == ("11401", ""))
    assert (r.work, r.pe_nonfacility, r.pe_facility, r.mp) == tuple(map(Decimal, ("1.25", "3.23", "1.42", "0.16")))
    assert (r.total_nonfacility, r.total_facility, r.global_days) == (Decimal("4.64"), Decimal("2.83"), "010")
    assert (r.mult_proc, r.bilateral, r.assistant, r.co_surgeon, r.team) == ("2", "0", "1", "0", "0")
    assert r.pricing_indicator == "9"
