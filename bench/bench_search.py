"""Benchmark and relevance report for the code search (rvudesk.pfs.searchindex) on the real data.

Run: .venv/bin/python bench/bench_search.py   (no Django, no database)

The index holds every global row of the RVU26C PPRRVU file (CMS short descriptor, its plain-English
expansion, the family name and the reviewed lay synonyms) and every ICD-10-CM code below the block
level from the simple_icd_10_cm package. The queries come from tests/search/queries.yaml (a list
of {q, expect, kind}); each is timed as typed in full and at every keystroke, and counts as
relevant when the expected code is in the top 5.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import simple_icd_10_cm as cm

from rvudesk.pfs import searchentries, yamldata
from rvudesk.pfs.rvufile import read_rvu_file
from rvudesk.pfs.searchindex import Entry, SearchIndex
from rvudesk.pfs.tabular import Source

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("RVUDESK_DATA", ROOT.parent / "shared" / "data"))
RVU26C = DATA / "pfs" / "rvu26c" / "PPRRVU2026_Jul_nonQPP.csv"
QUERIES = ROOT / "tests" / "search" / "queries.yaml"
TOP = 5

@dataclass(frozen=True, slots=True)
class Query:
    q: str
    expect: tuple[str, ...]
    kind: str


def load_queries() -> list[Query]:
    """The relevance queries of tests/search/queries.yaml."""
    doc: Any = yamldata.load(QUERIES) or []
    if isinstance(doc, dict):
        doc = doc.get("queries", [])
    out = []
    for item in doc:
        expect = item.get("expect")
        codes = tuple(str(c) for c in expect) if isinstance(expect, list) else (str(expect),)
        out.append(Query(str(item["q"]), codes, str(item.get("kind", ""))))
    return out


def keystrokes(text: str) -> list[str]:
    """What the search box holds after each keystroke of text, full text excluded."""
    return [text[:n] for n in range(1, len(text))]


def timed(index: SearchIndex, query: str, limit: int) -> tuple[float, list[Entry]]:
    started = time.perf_counter()
    found = index.search(query, limit)
    return (time.perf_counter() - started) * 1000, found


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux), 0 elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    synonyms = searchentries.load_synonyms()
    started = time.perf_counter()
    rows = read_rvu_file(Source.from_path(RVU26C)).rows
    items = [(c, cm.get_description(c), cm.is_leaf(c)) for c in cm.get_all_codes(with_dots=True)
             if not (cm.is_chapter(c) or cm.is_block(c))]
    entries = searchentries.code_entries(rows, synonyms) + searchentries.icd_entries(items)
    loaded = time.perf_counter() - started
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    index = SearchIndex(entries, searchentries.load_alternates())
    built = time.perf_counter() - started
    gc.collect()
    print(f"entries {len(index):,} ({sum(e.kind != 'icd10' for e in entries):,} CPT/HCPCS, "
          f"{sum(e.kind == 'icd10' for e in entries):,} ICD-10-CM); synonyms for {len(synonyms):,} codes")
    print(f"data loaded in {loaded:.1f} s; index built in {built:.1f} s; index memory about {rss_mb() - before:.0f} MB")

    queries = load_queries()
    for q in queries[:20]:  # warm up
        index.search(q.q, 10)
    full: list[float] = []
    typing: list[float] = []
    failures: list[tuple[Query, list[Entry]]] = []
    worst: list[tuple[float, str]] = []
    for q in queries:
        ms, found = timed(index, q.q, 10)
        full.append(ms)
        worst.append((ms, q.q))
        if not set(q.expect) & {e.code for e in found[:TOP]}:
            failures.append((q, found[:TOP]))
        for prefix in keystrokes(q.q):
            ms, _ = timed(index, prefix, 10)
            typing.append(ms)
            worst.append((ms, prefix))
    both = full + typing
    for label, values in (("full queries", full), ("keystrokes", typing), ("all", both)):
        print(f"{label:13} n={len(values):5}  p50 {percentile(values, 0.5):6.2f} ms  "
              f"p95 {percentile(values, 0.95):6.2f} ms  max {max(values):6.2f} ms")
    print("slowest:", ", ".join(f"{q!r} {ms:.1f} ms" for ms, q in sorted(worst, reverse=True)[:8]))
    relevant = len(queries) - len(failures)
    share = relevant / len(queries)
    print(f"relevance: {relevant}/{len(queries)} = {share:.1%} with the expected code in the top {TOP}")
    for q, found in failures:
        shown = ", ".join(f"{e.code} {e.descriptor[:40]!r}" for e in found) or "(nothing)"
        print(f"  MISS {q.q!r} expect {'/'.join(q.expect)} ({q.kind}): {shown}")


if __name__ == "__main__":
    main()
