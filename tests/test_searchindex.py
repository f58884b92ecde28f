"""The code search engine on a small made-up code set: codes, typos, word order, typing, ranking.

Every code and text here is invented for the test; none is a CMS or ICD-10-CM row.
"""

from __future__ import annotations

import random
import string
import time
from functools import cache

import pytest

from rvudesk.pfs.searchindex import Entry, SearchIndex, distance, fold, words


def cpt(code: str, descriptor: str, *texts: tuple[str, float], active: bool = True) -> Entry:
    return Entry("cpt", code, descriptor, f"/cpt/{code}", active, texts)


def icd(code: str, descriptor: str, *, active: bool = True) -> Entry:
    return Entry("icd10", code, descriptor, f"/icd10/{code}", active)


ENTRIES = [
    cpt("91010", "Gallbladder removal open", ("Open cholecystectomy", 1.0)),
    cpt("91011", "Lap gallbladder removal", ("Laparoscopic cholecystectomy", 1.0), ("lap chole", 1.5)),
    cpt("91012", "Lap gallbladder removal w/xray", ("Laparoscopic cholecystectomy with cholangiography", 1.0)),
    cpt("91013", "Appendix removal open", ("Open appendectomy", 1.0)),
    cpt("91014", "Knee joint total repl", ("Total knee arthroplasty", 1.0), ("knee replacement", 1.5)),
    cpt("91015", "Hip joint total repl", ("Total hip arthroplasty", 1.0), ("hip replacement", 1.5)),
    cpt("91016", "Knee scope", ("Knee arthroscopy", 1.0)),
    cpt("91017", "Knee joint injection", ("Knee joint injection", 1.0)),
    cpt("91018", "Shoulder scope", ("Shoulder arthroscopy", 1.0)),
    cpt("91019", "Ear tube insertion", ("Ear tubes", 1.0), ("grommets", 1.5)),
    cpt("91020", "Kidney biopsy w/stone analysis", ("Kidney biopsy with stone analysis", 1.0)),
    cpt("91021", "Shock wave lithotripsy", ("crushing kidney stones with shock waves", 1.5)),
    cpt("91022", "Chest xray 2 views", ("Chest x-ray 2 views", 1.0)),
    cpt("91023", "Hernia repair groin", ("Groin hernia repair", 1.0)),
    cpt("91024", "Skin lesion removal", ("Skin lesion removal", 1.0), ("Excision", 0.5)),
    cpt("91025", "Skin excision small", ("Skin excision small", 1.0)),
    cpt("91026", "Retired gallbladder code", ("Laparoscopic cholecystectomy", 1.0), active=False),
    cpt("91027", "Tubes in sinuses", ("Tubes in sinuses", 1.0)),
    cpt("91030", "Widget placement", ("Widget placement", 1.0), active=False),
    cpt("91031", "Widget placement", ("Widget placement", 1.0)),
    Entry("hcpcs", "V0771", "Wellness visit yearly", "/cpt/V0771", True, (("Yearly wellness visit", 1.0),)),
    icd("V07.71", "Made-up condition of the left ear"),
    icd("R99", "Stones of the imaginary duct", active=False),
    icd("R99.2", "Stones of the imaginary duct, with blockage", active=False),
    icd("R99.20", "Stones of the imaginary duct, with blockage, left side"),
    icd("R99.21", "Stones of the imaginary duct, with blockage, right side"),
    icd("R88.1", "Hepatitis type c, made up"),
    icd("R88.2", "Hepatitis chronic, made up"),
]


@cache
def index() -> SearchIndex:
    return SearchIndex(ENTRIES)


def codes(query: str, limit: int = 10) -> list[str]:
    return [e.code for e in index().search(query, limit)]


# --- codes ----------------------------------------------------------------------------------------


def test_an_exact_code_comes_first() -> None:
    assert codes("91014")[0] == "91014"
    assert codes("  91014 ")[0] == "91014"


@pytest.mark.parametrize("query", ["r99.20", "R99.20", "r9920", "R9920"])
def test_an_icd_code_is_found_with_or_without_its_dot(query: str) -> None:
    assert codes(query)[0] == "R99.20"


def test_a_code_typed_without_dot_prefers_the_code_spelled_that_way() -> None:
    assert codes("v0771")[:2] == ["V0771", "V07.71"]
    assert codes("v07.71")[:2] == ["V07.71", "V0771"]


def test_a_code_prefix_lists_the_codes_starting_with_it_in_code_order() -> None:
    assert codes("9101") == [f"9101{n}" for n in range(10)]
    assert codes("R99") == ["R99", "R99.2", "R99.20", "R99.21"]


def test_a_code_query_returns_only_codes() -> None:
    assert codes("91030") == ["91030"]


# --- words ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("cholecystectomey", "91010"),  # one letter too many
    ("laparoscopic cholecystectomey", "91011"),
    ("arthroplsty", "91014"),  # one letter missing
    ("apendectomy", "91013"),
    ("knee arthroplasyt", "91014"),  # two letters swapped
    ("gallbaldder removal", "91010"),
])
def test_typos_still_find_the_code(query: str, expected: str) -> None:
    assert expected in codes(query)[:2]


def test_word_order_does_not_matter() -> None:
    assert codes("total knee arthroplasty")[0] == "91014"
    assert codes("arthroplasty total knee")[0] == "91014"
    assert codes("hernia repair groin") == codes("groin hernia repair")


def test_stopwords_and_punctuation_are_ignored() -> None:
    assert codes("repair of the groin hernia")[0] == codes("groin, hernia; repair!")[0] == "91023"


def test_plurals_are_folded_in_index_and_query() -> None:
    assert fold("removals") == "removal"
    assert fold("tubes") == "tube"
    assert fold("biopsies") == "biopsy"
    assert fold("sinuses") == "sinus"
    assert fold("abscess") == "abscess"
    assert fold("diagnosis") == "diagnosis"
    assert codes("ear tube")[0] == "91019"
    assert codes("gallbladder removals") == codes("gallbladder removal")


def test_a_hyphenated_word_matches_written_apart_or_together() -> None:
    assert words("X-ray") == ["x", "ray", "xray"]
    for query in ("chest x-ray", "chest xray", "chest x ray"):
        assert codes(query)[0] == "91022", query


def test_the_last_word_is_completed_while_typing() -> None:
    assert codes("knee repl")[0] == "91014"
    assert codes("lap gallbl")[0] == "91011"
    assert codes("arthros")[:2] == ["91016", "91018"]


def test_a_lone_letter_starts_a_word_but_after_other_words_may_be_one() -> None:
    assert codes("k")[0] in {"91014", "91016", "91017", "91020", "91021"}
    assert codes("hepatitis c")[0] == "R88.1"


def test_a_text_made_of_exactly_the_query_words_comes_first() -> None:
    assert codes("lap chole")[0] == "91011"
    assert codes("yearly wellness visit")[0] == "V0771"


# --- ranking --------------------------------------------------------------------------------------


def test_active_entries_rank_above_inactive_ones() -> None:
    assert codes("widget placement")[:2] == ["91031", "91030"]
    found = codes("laparoscopic cholecystectomy")
    assert found.index("91026") > found.index("91011")
    assert codes("imaginary duct stones")[:2] == ["R99.20", "R99.21"]


def test_entries_matching_every_word_come_before_those_matching_some() -> None:
    found = codes("knee arthroscopy")
    assert found[0] == "91016"
    assert {"91017", "91018"} <= set(found[1:])


def test_a_weighty_synonym_beats_an_incidental_descriptor_match() -> None:
    assert codes("kidney stone")[:2] == ["91021", "91020"]


def test_a_light_family_name_loses_to_the_descriptor() -> None:
    assert codes("excision")[:2] == ["91025", "91024"]


def test_limit_caps_the_results() -> None:
    assert len(codes("knee", limit=2)) == 2
    assert len(codes("9101", limit=3)) == 3
    assert codes("knee", limit=0) == []
    assert len(codes("removal", limit=1)) == 1


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "!!!", "@#$%^&*()", "zzzzqqqq", "qwxzv plmkj"])
def test_an_empty_or_garbage_query_returns_nothing(query: str) -> None:
    assert index().search(query) == []


@pytest.mark.parametrize("query", ["of the", "\u00e9\u00e8\u00ea", "9.9.9", "-", "knee-", "'", "x" * 8 + ".1234"])
def test_odd_queries_do_not_raise(query: str) -> None:
    assert len(index().search(query)) <= 10


def test_a_very_long_query_does_not_blow_up() -> None:
    noise = random.Random(7)
    queries = [
        "knee " * 200,
        "".join(noise.choice(string.ascii_lowercase + " ") for _ in range(1000)),
        "x" * 1000,
        "9" * 1000,
        " ".join(["laparoscopic", "cholecystectomey"] * 100),
    ]
    for query in queries:
        started = time.perf_counter()
        found = index().search(query)
        assert time.perf_counter() - started < 1.0
        assert len(found) <= 10
    assert index().search("knee " * 200)[0].code in {"91014", "91016", "91017"}


def test_the_index_holds_every_entry() -> None:
    assert len(index()) == len(ENTRIES)


def test_edit_distance_counts_a_swap_as_one() -> None:
    assert distance("repair", "repiar", 2) == 1
    assert distance("apendectomy", "appendectomy", 2) == 1
    assert distance("kitten", "sitting", 2) == 3  # over the limit: limit + 1
    assert distance("same", "same", 1) == 0


def test_alternates_look_up_the_clinical_word_for_a_lay_one() -> None:
    entries = [Entry("icd10", "R99.90", "Calculus of imaginary organ", "/icd10/R99.90"),
               Entry("icd10", "R99.91", "Organ check", "/icd10/R99.91")]
    assert SearchIndex(entries).search("organ stone")[0].code == "R99.91"  # "organ" only: the shorter wins
    assert SearchIndex(entries, {"stone": ["calculus"]}).search("organ stone")[0].code == "R99.90"
