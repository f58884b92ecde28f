"""Search relevance, measured: every query of queries.yaml (lay phrases, professional phrases,
abbreviations, typos, codes, ICD-10-CM descriptions) must find its code in the top 5, for at
least 95% of them, over the index the site serves (built from the test database)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rvudesk.catalog import searching
from rvudesk.pfs import yamldata

pytestmark = pytest.mark.django_db
QUERIES = yamldata.load(Path(__file__).with_name("queries.yaml"))


def test_at_least_150_queries_of_every_kind():
    kinds = Counter(q["kind"] for q in QUERIES)
    assert len(QUERIES) >= 150
    assert set(kinds) == {"lay", "professional", "abbreviation", "typo", "code", "icd10"}


def test_95_percent_find_the_expected_code_in_the_top_5():
    failures = []
    for query in QUERIES:
        found = [r["code"] for r in searching.search(query["q"], 5)]
        if str(query["expect"]) not in found:
            failures.append(f"{query['kind']:12} {query['q']!r}: expected {query['expect']}, got {found}")
    passed = 1 - len(failures) / len(QUERIES)
    print(f"\nrelevance: {len(QUERIES) - len(failures)}/{len(QUERIES)} = {passed:.1%} in the top 5")
    print("\n".join(failures))
    assert passed >= 0.95
