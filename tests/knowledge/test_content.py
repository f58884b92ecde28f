"""The reviewed family knowledge (rvudesk/content/data/knowledge/*.yaml) as stored for the pages:
valid billable diagnoses, specific notes, and the coverage the product promises."""

from __future__ import annotations

import collections
import re

import pytest

from rvudesk.catalog.models import Rvu
from rvudesk.icd10.models import Icd10Code
from rvudesk.knowledge.models import FamilyKnowledge, FamilyNote, RelatedDiagnosis
from rvudesk.knowledge.seed import read
from rvudesk.pfs import families

pytestmark = pytest.mark.django_db
HEADINGS = ["Documentation", "Choosing between codes", "Bundling and separate reporting", "Denials and audit checks"]


def test_every_listed_diagnosis_is_a_billable_fy2026_code():
    listed = set(RelatedDiagnosis.objects.values_list("icd10", flat=True))
    billable = set(Icd10Code.objects.filter(code__in=listed, billable=True).values_list("code", flat=True))
    assert sorted(listed - billable) == []
    assert len(listed) > 500


def test_per_code_lists_name_codes_of_their_own_family():
    wrong = [(d.family_id, d.code) for d in RelatedDiagnosis.objects.exclude(code="")
             if (p := families.locate(d.code)) is None or p.family.slug != d.family_id]
    assert wrong == []


def test_every_family_has_the_four_notes_in_order():
    headings = collections.defaultdict(list)
    for note in FamilyNote.objects.order_by("family", "order"):
        headings[note.family_id].append(note.heading)
    assert {slug: h for slug, h in headings.items() if h != HEADINGS} == {}


def test_no_sentence_is_pasted_across_families():
    seen = collections.defaultdict(set)
    for note in FamilyNote.objects.all():
        for sentence in re.split(r"(?<=[.!?])\s+", note.text):
            if len(sentence) > 25:
                seen[sentence].add(note.family_id)
    assert {s: sorted(f) for s, f in seen.items() if len(f) > 1} == {}


def test_at_least_90_percent_of_active_surgical_codes_show_two_or_more_diagnoses():
    by_family = collections.defaultdict(list)
    by_code = collections.defaultdict(list)
    for d in RelatedDiagnosis.objects.all():
        (by_code[d.code] if d.code else by_family[d.family_id]).append(d.icd10)
    codes = [c for c in Rvu.objects.filter(release_id="RVU26C", modifier="", status__in="ARTC",
                                           hcpcs__gte="10004", hcpcs__lte="69990").values_list("hcpcs", flat=True)
             if c.isdigit()]
    short = collections.Counter()
    for code in codes:
        place = families.locate(code)
        slug = place.family.slug if place else None
        if len(by_code.get(code) or by_family.get(slug) or []) < 2:
            short[slug] += 1
    covered = 1 - sum(short.values()) / len(codes)
    print(f"\nsurgical codes with >= 2 related diagnoses: {covered:.1%} of {len(codes)}; "
          f"families short: {short.most_common(10)}")
    assert covered >= 0.90


def test_the_yaml_and_the_database_agree():
    entries = read()
    assert FamilyKnowledge.objects.count() == len(entries)
    assert RelatedDiagnosis.objects.count() == sum(
        len(e.get("icd10") or []) + sum(len(v) for v in (e.get("codes") or {}).values()) for e in entries.values())


def test_bad_knowledge_files_are_refused_naming_the_file(tmp_path):
    from rvudesk.knowledge.seed import KnowledgeError

    (tmp_path / "a.yaml").write_text("families:\n  no-such-family: {icd10: [K80.20]}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"a\.yaml: 'no-such-family' is not a family slug"):
        read(tmp_path)
    (tmp_path / "a.yaml").write_text("families:\n  excision-benign-lesions: {}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("families:\n  excision-benign-lesions: {}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"b\.yaml: family 'excision-benign-lesions' is also defined"):
        read(tmp_path)
