"""Plain-English expansion of CMS short descriptors, checked on the real RVU26C descriptors."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

from rvudesk.pfs.descriptors import coverage, expand, scan, tokens, vocabulary
from rvudesk.pfs.rvufile import read_rvu_file
from rvudesk.pfs.tabular import Source

DATA = Path(os.environ.get("RVUDESK_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
RVU26C = DATA / "pfs" / "rvu26c" / "PPRRVU2026_Jul_nonQPP.csv"


@cache
def descriptors_26c() -> dict[str, tuple[str, str]]:
    """code -> (status, short descriptor) of the global rows of RVU26C (the file is read in place)."""
    rows = read_rvu_file(Source.from_path(RVU26C)).rows
    return {r.hcpcs: (r.status, r.description) for r in rows if r.modifier == ""}


def described(code: str) -> str:
    return expand(descriptors_26c()[code][1])


# --- the real descriptors -------------------------------------------------------------------------


def test_98_percent_of_active_cpt_descriptor_tokens_are_words_or_known_abbreviations() -> None:
    active = [d for code, (status, d) in descriptors_26c().items()
              if status == "A" and re.fullmatch(r"\d{5}|\d{4}[FT]", code)]
    ratio, unknown = coverage(active)
    print(f"\n{len(active)} active CPT descriptors in RVU26C: {ratio:.2%} of tokens known; "
          f"{sum(unknown.values())} unknown, {len(unknown)} distinct")
    print("top 40 unknown:", ", ".join(f"{t} ({n})" for t, n in unknown.most_common(40)))
    assert len(active) > 7000
    assert ratio >= 0.98


@pytest.mark.parametrize(("code", "plain"), [
    ("11401", "Excision trunk, arms or legs benign lesion including margins 0.6 to 1 cm"),
    ("47562", "Laparoscopic cholecystectomy"),
    ("27447", "Total knee arthroplasty"),
    ("99213", "Office outpatient established low 20 minutes"),
    ("71046", "X-ray examination chest 2 views"),
    ("45385", "Colonoscopy with lesion removal"),
    ("49505", "Repair inguinal hernia initial reducible more than 5 years"),
    ("19301", "Partial mastectomy"),
    ("29881", "Arthroscopy knee surgical meniscectomy medial or lateral"),
    ("64483", "Injection anesthetic agent and/or steroid transforaminal epidural lumbar/sacral 1"),
    ("66984", "Extracapsular cataract removal without endoscopic cyclophotocoagulation"),
    ("33533", "Coronary artery bypass graft arterial single"),
    ("36415", "Collection venous blood venipuncture"),
    ("10060", "Incision and drainage abscess simple/single"),
    ("43239", "Esophagogastroduodenoscopy biopsy single/multiple"),
    ("11600", "Excision trunk, arms or legs malignant lesion including margins 0.5 cm or less"),
    ("99284", "Emergency department visit moderate medical decision making"),
])
def test_real_descriptors_read_as_plain_english(code: str, plain: str) -> None:
    assert described(code) == plain


def test_every_descriptor_in_rvu26c_expands_without_error() -> None:
    for code, (_, short) in descriptors_26c().items():
        out = expand(short)
        assert out.strip() == out and "  " not in out, (code, out)


# --- rules, on made-up descriptors ----------------------------------------------------------------


def test_unknown_tokens_are_left_exactly_as_printed() -> None:
    assert expand("Zqx frobnicate w/o qqv") == "Zqx frobnicate without qqv"


def test_ambiguous_abbreviations_stay_unless_a_phrase_resolves_them() -> None:
    assert "mod" in vocabulary().ambiguous
    assert expand("Widget mod repair") == "Widget mod repair"
    assert expand("Mast mod rad") == "Mastectomy, modified radical"
    assert expand("Emergency dept visit mod mdm") == "Emergency department visit moderate medical decision making"


def test_longest_phrase_wins_and_phrases_do_not_match_inside_words() -> None:
    assert expand("Rpr w/o cath") == "Repair without catheter"
    assert expand("Exc tr-ext b9+marg") == "Excision trunk, arms or legs benign lesion including margins"
    assert tokens("Answer lwr") == ["answer", "lwr"]  # "w/" is not found inside "answer"


def test_sizes_and_ranges_are_reworded_not_invented() -> None:
    assert expand("Exc b9 les 2.1-3 cm") == "Excision benign lesion 2.1 to 3 cm"
    assert expand("Shave les 0.5 cm/<") == "Shave lesion 0.5 cm or less"
    assert expand("Trim les 15/>") == "Trim lesion 15 or more"


def test_tokens_split_words_numbers_and_phrases() -> None:
    assert tokens("Exc tr-ext b9+marg 0.6-1 cm") == ["exc", "tr-ext", "b9+marg", "0.6-1", "cm"]
    assert [t.kind for t in scan("I&d 2.5 cm")] == ["phrase", "sep", "number", "sep", "word"]
    assert tokens("Intmd rpr n-hf/genit2.6-7.5") == ["intmd", "rpr", "n-hf/genit", "2.6-7.5"]


def test_coverage_counts_numbers_as_known_and_reports_unknown_tokens() -> None:
    ratio, unknown = coverage(["Exc zzq 2.5 cm", "Zzq lesion"])
    assert unknown == {"zzq": 2}
    assert ratio == pytest.approx(4 / 6)
    assert coverage([]) == (1.0, {})


# --- the data's own shape -------------------------------------------------------------------------


def test_abbreviation_data_is_lower_case_and_never_empty() -> None:
    vocab = vocabulary()
    entries = {**vocab.phrases, **vocab.abbreviations}
    assert [k for k in entries if k != k.lower()] == []
    assert [k for k, v in entries.items() if not v.strip()] == []
    assert set(vocab.ambiguous).isdisjoint(entries)
    assert all(len(meanings) >= 2 for meanings in vocab.ambiguous.values())
    assert len(vocab.words) > 3000
