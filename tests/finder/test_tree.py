"""The Code Finder tree (rvudesk/content/data/finder/*.yaml) validated against the loaded data:
every leaf an active, payable RVU26C code, every diagnosis billable in FY2026, every path ending
at a code, labels unique among siblings, breadth across specialties."""

from __future__ import annotations

import collections

import pytest

from rvudesk.catalog.models import Rvu
from rvudesk.icd10.models import Icd10Code
from rvudesk.pfs import finder
from rvudesk.pfs.modifiers import guidance

pytestmark = pytest.mark.django_db
PAYABLE = ("A", "R", "T", "C")


def every_leaf():
    return [(path, leaf) for specialty in finder.specialties() for path, leaf in finder.leaves(specialty)]


def test_breadth_30_specialties_and_800_distinct_codes():
    counts = {s.label: len({leaf.code for _, leaf in finder.leaves(s)}) for s in finder.specialties()}
    print("\n" + "\n".join(f"{n:4} {label}" for label, n in counts.items()))
    distinct = {leaf.code for _, leaf in every_leaf()}
    print(f"{len(counts)} specialties, {len(distinct)} distinct leaf codes")
    assert len(counts) >= 30
    assert len(distinct) >= 800


def test_every_leaf_is_an_active_payable_code_of_the_newest_release():
    codes = {leaf.code for _, leaf in every_leaf()}
    status = dict(Rvu.objects.filter(release_id="RVU26C", modifier="", hcpcs__in=codes).values_list("hcpcs", "status"))
    bad = sorted((code, status.get(code, "missing")) for code in codes if status.get(code) not in PAYABLE)
    assert bad == []


def test_every_diagnosis_on_a_leaf_is_billable_in_fy2026():
    listed = {d for _, leaf in every_leaf() for d in leaf.icd10}
    billable = set(Icd10Code.objects.filter(code__in=listed, billable=True).values_list("code", flat=True))
    assert sorted(listed - billable) == []
    assert all(leaf.icd10 for _, leaf in every_leaf())


def test_leaf_modifiers_are_never_ones_the_codes_indicators_forbid():
    rows = collections.defaultdict(dict)
    codes = {leaf.code for _, leaf in every_leaf()}
    for rvu in Rvu.objects.filter(release_id="RVU26C", hcpcs__in=codes):
        rows[rvu.hcpcs][rvu.modifier] = rvu.to_row()
    bad = []
    for path, leaf in every_leaf():
        comp = rows[leaf.code]
        blocked = {n.modifier for n in guidance(comp[""], component_rows=frozenset(comp) - {""}).not_allowed}
        bad += [("/".join(path), m) for m in leaf.modifiers if m in blocked]
    assert bad == []


def test_every_path_ends_at_a_code_and_siblings_are_distinct():
    def walk(node, where):
        if node.is_leaf:
            assert node.code, where
            return
        assert node.question, f"{where}: a node with answers asks a question"
        for key in ("id", "label"):
            values = [getattr(c, key) for c in node.children]
            assert len(values) == len(set(values)), f"{where}: duplicate {key}s among answers"
        for child in node.children:
            walk(child, f"{where}/{child.id}")

    for specialty in finder.specialties():
        walk(specialty, specialty.id)
    ids = [s.id for s in finder.specialties()]
    assert len(ids) == len(set(ids))


def test_47562_is_at_most_five_clicks_from_the_specialty_list():
    paths = [path for path, leaf in every_leaf() if leaf.code == "47562" and path[0] == "general-surgery"]
    assert paths and min(len(p) for p in paths) <= 5
