"""The CPT/HCPCS section › subsection › family hierarchy, checked against the real RVU26C code list."""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from rvudesk.pfs import families
from rvudesk.pfs.families import Family, Group, code_key, codes_in, in_range, locate
from rvudesk.pfs.rvufile import read_rvu_file
from rvudesk.pfs.tabular import Source

DATA = Path(os.environ.get("RVUDESK_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
RVU26C = DATA / "pfs" / "rvu26c" / "PPRRVU2026_Jul_nonQPP.csv"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@cache
def rvu26c_codes() -> tuple[str, ...]:
    """Every distinct HCPCS code of RVU26C (read in place; a missing file fails the test)."""
    rows = read_rvu_file(Source.from_path(RVU26C)).rows
    return tuple(sorted({r.hcpcs for r in rows}))


def is_cpt(code: str) -> bool:
    """CPT proper: 5 digits (Category I), 4 digits + F (Category II) or + T (Category III)."""
    return bool(re.fullmatch(r"\d{5}|\d{4}[FT]", code))


def crumbs(code: str) -> list[str]:
    placement = locate(code)
    assert placement is not None, f"{code} is in no family"
    return [c.name for c in placement.breadcrumb]


def walk(groups: tuple[Group | Family, ...]) -> list[Group | Family]:
    out: list[Group | Family] = []
    for node in groups:
        out.append(node)
        if isinstance(node, Group):
            out.extend(walk(node.children))
    return out


def node_ranges(node: Group | Family) -> tuple[tuple[str, str], ...]:
    return node.ranges if isinstance(node, Group) else ((node.first, node.last),)


# --- the real code list ---------------------------------------------------------------------------


def test_every_cpt_code_in_rvu26c_falls_inside_a_family() -> None:
    cpt = [c for c in rvu26c_codes() if is_cpt(c)]
    outside = [c for c in cpt if locate(c) is None]
    print(f"\nRVU26C: {len(cpt)} CPT codes, {len(outside)} outside every family: {outside}")
    assert len(cpt) > 10_000
    assert outside == []


def test_every_well_formed_hcpcs_level_ii_code_in_rvu26c_has_a_letter_family() -> None:
    level2 = [c for c in rvu26c_codes() if not is_cpt(c)]
    malformed = [c for c in level2 if code_key(c) is None]
    outside = [c for c in level2 if code_key(c) is not None and locate(c) is None]
    print(f"\nRVU26C: {len(level2)} Level II codes; placeholders with no family: {malformed}")
    assert malformed == ["GXXX1"]  # CMS's placeholder for a code not yet numbered
    assert outside == []


def test_counts_per_section_in_rvu26c() -> None:
    counts: Counter[str] = Counter()
    fams_used: dict[str, set[str]] = {}
    for code in rvu26c_codes():
        placement = locate(code)
        if placement is not None:
            counts[placement.path[0].name] += 1
            fams_used.setdefault(placement.path[0].name, set()).add(placement.family.slug)
    print()
    for name, n in counts.most_common():
        print(f"  {name:<75} {n:>5} codes in {len(fams_used[name]):>4} families")
    assert counts["Surgery"] > 4_000
    assert counts["Evaluation and Management"] > 100
    assert counts["Category III Emerging Technology"] == sum(1 for c in rvu26c_codes() if c.endswith("T"))
    assert counts["Category II Performance Measurement"] == sum(1 for c in rvu26c_codes() if c.endswith("F"))


def test_families_are_coder_sized_not_whole_systems() -> None:
    sizes = Counter(p.family.slug for c in rvu26c_codes() if is_cpt(c) and (p := locate(c)))
    median = sorted(sizes.values())[len(sizes) // 2]
    print(f"\n{len(sizes)} CPT families in use; median {median} codes; largest {sizes.most_common(3)}")
    assert len(sizes) > 500
    assert 3 <= median <= 40
    assert max(sizes.values()) <= 100


def test_locate_is_fast_enough_for_every_page() -> None:
    codes = rvu26c_codes()
    start = time.perf_counter()
    for code in codes:
        locate(code)
    elapsed = time.perf_counter() - start
    print(f"\nlocated {len(codes)} codes in {elapsed * 1000:.0f} ms")
    assert elapsed < 1.0


# --- placements a coder recognises ----------------------------------------------------------------


def test_11401_is_a_benign_excision_of_the_skin() -> None:
    assert crumbs("11401") == [
        "Surgery", "Integumentary System", "Skin, Subcutaneous, and Accessory Structures",
        "Excision–Benign Lesions",
    ]
    fam = locate("11401").family  # type: ignore[union-attr]
    assert (fam.first, fam.last, fam.slug) == ("11400", "11471", "excision-benign-lesions")


def test_47562_laparoscopic_cholecystectomy_is_biliary_tract_laparoscopy() -> None:
    assert crumbs("47562") == ["Surgery", "Digestive System", "Biliary Tract", "Laparoscopy"]
    fam = locate("47562").family  # type: ignore[union-attr]
    assert (fam.first, fam.last) == ("47562", "47579")


def test_27447_total_knee_is_femur_and_knee_repair() -> None:
    assert crumbs("27447") == [
        "Surgery", "Musculoskeletal System", "Femur (Thigh Region) and Knee Joint",
        "Repair, Revision, and/or Reconstruction",
    ]


def test_99213_is_an_office_visit() -> None:
    assert crumbs("99213") == ["Evaluation and Management", "Office or Other Outpatient Services"]
    assert [c.slug for c in locate("99213").breadcrumb] == [  # type: ignore[union-attr]
        "evaluation-and-management", "office-or-other-outpatient-services"]


def test_71046_chest_x_ray_is_diagnostic_radiology_chest() -> None:
    assert crumbs("71046") == ["Radiology", "Diagnostic Radiology (Diagnostic Imaging)", "Chest"]


@pytest.mark.parametrize(("code", "family_name", "section"), [
    ("00790", "Upper Abdomen", "Anesthesia"),
    ("45385", "Endoscopy–Colonoscopy", "Surgery"),
    ("43239", "Endoscopy–Esophagogastroduodenoscopy", "Surgery"),
    ("29881", "Arthroscopy–Knee", "Surgery"),
    ("64483", "Nerve Blocks–Transforaminal Epidural", "Surgery"),
    ("66984", "Lens–Extracapsular Cataract Removal With Intraocular Lens", "Surgery"),
    ("33533", "Arterial Grafting for Coronary Artery Bypass", "Surgery"),
    ("36415", "Vascular Injection Procedures–Venous", "Surgery"),
    ("10060", "Incision and Drainage", "Surgery"),
    ("19301", "Mastectomy Procedures", "Surgery"),
    ("49505", "Repair–Hernioplasty, Herniorrhaphy, Herniotomy", "Surgery"),
    ("80053", "Organ or Disease-Oriented Panels", "Pathology and Laboratory"),
    ("93000", "Cardiography", "Medicine"),
    ("99500", "Home Health Procedures/Services", "Medicine"),
    ("99606", "Medication Therapy Management", "Medicine"),
    ("3044F", "Diagnostic/Screening Processes or Results 3006F–3049F", "Category II Performance Measurement"),
    ("0042T", "Category III Codes 0042T–0099T", "Category III Emerging Technology"),
    ("G0439", "Procedures/Professional Services G0400–G0449",
     "HCPCS Level II G Codes: Procedures/Professional Services (Temporary)"),
    ("J9035", "Chemotherapy Drugs J9000–J9049", "HCPCS Level II J Codes: Drugs Administered Other Than Oral Method"),
])
def test_more_placements(code: str, family_name: str, section: str) -> None:
    names = crumbs(code)
    assert (names[0], names[-1]) == (section, family_name)


def test_codes_outside_every_range_are_not_placed() -> None:
    # Made-up codes in gaps between headings, and strings that are not codes at all.
    for code in ("99991", "00001", "19999", "0000F", "W1234", "GXXX1", "", "1140", "114011"):
        assert locate(code) is None, code


def test_code_kinds_never_compare_across_kinds() -> None:
    assert code_key("11401") == ("cpt", 11401)
    assert code_key("0042t") == ("#T", 42)
    assert code_key("T1015") == ("T", 1015)
    assert code_key("J9035") == ("J", 9035)
    assert in_range("0050T", "0042T", "0099T")
    assert not in_range("0050F", "0042T", "0099T")
    assert not in_range("00050", "0042T", "0099T")
    assert not in_range("A0050", "J0042", "J0099")


# --- lookups --------------------------------------------------------------------------------------


def test_family_and_section_lookups_by_slug() -> None:
    fam = families.family("biliary-tract-laparoscopy")
    assert fam is not None and (fam.name, fam.first, fam.last) == ("Laparoscopy", "47562", "47579")
    assert [c.name for c in fam.path] == ["Surgery", "Digestive System", "Biliary Tract"]
    grp = families.section("integumentary-system")
    assert grp is not None and grp.ranges == (("10030", "19499"),)
    assert "excision-benign-lesions" in [f.slug for f in grp.families()]
    assert families.family("integumentary-system") is None  # a group, not a family
    assert families.section("excision-benign-lesions") is None
    assert families.family("no-such-family") is None


def test_medicine_has_two_ranges_around_evaluation_and_management() -> None:
    med = families.section("medicine")
    assert med is not None and med.ranges == (("90281", "99199"), ("99500", "99607"))


def test_codes_in_picks_the_members_of_a_family_or_section() -> None:
    given = ["11406", "11400", "11471", "11472", "11399", "0042T", "47562", "J9035"]
    assert codes_in("excision-benign-lesions", given) == ["11400", "11406", "11471"]
    assert codes_in("surgery", given) == ["11399", "11400", "11406", "11471", "11472", "47562"]
    assert codes_in("category-iii", given) == ["0042T"]
    assert codes_in("nothing-here", given) == []


# --- the data's own shape -------------------------------------------------------------------------


def test_slugs_are_unique_and_url_safe() -> None:
    nodes = walk(families.sections())
    slugs = [n.slug for n in nodes]
    assert len(slugs) == len(set(slugs))
    assert [s for s in slugs if not SLUG.match(s)] == []


def test_ranges_do_not_overlap_within_a_level() -> None:
    levels: list[tuple[str, tuple[Group | Family, ...]]] = [("(top)", families.sections())]
    levels += [(n.slug, n.children) for n in walk(families.sections()) if isinstance(n, Group)]
    clashes = []
    for parent, siblings in levels:
        spans = [(code_key(a), code_key(b), n.slug) for n in siblings for a, b in node_ranges(n)]
        for i, (lo1, hi1, s1) in enumerate(spans):
            for lo2, hi2, s2 in spans[i + 1:]:
                assert lo1 and hi1 and lo2 and hi2
                if lo1.kind == lo2.kind and lo1.number <= hi2.number and lo2.number <= hi1.number:
                    clashes.append((parent, s1, s2))
    assert clashes == []


def test_every_node_sits_inside_its_parents_range() -> None:
    strays = []
    for parent in walk(families.sections()):
        if isinstance(parent, Group):
            for child in parent.children:
                for first, last in node_ranges(child):
                    if not any(in_range(first, a, b) and in_range(last, a, b) for a, b in parent.ranges):
                        strays.append((parent.slug, child.slug, first, last))
    assert strays == []


def test_every_group_holds_at_least_one_family() -> None:
    empty = [n.slug for n in walk(families.sections()) if isinstance(n, Group) and not n.families()]
    assert empty == []
