"""What the search index holds: one Entry per CPT/HCPCS code (CMS descriptor, plain-English
expansion, reviewed lay synonyms, family name) and per ICD-10-CM category or code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from rvudesk.pfs import descriptors, families, yamldata
from rvudesk.pfs.rvurow import RvuRow
from rvudesk.pfs.searchindex import Entry

DATA = Path(__file__).resolve().parents[1] / "content" / "data"
SYNONYMS = DATA / "synonyms.yaml"
ALTERNATES = DATA / "search_alternates.yaml"
ACTIVE_STATUSES = frozenset("ARTC")
# Weights of the texts beside the descriptor (1.0): synonyms are written to be found.
PLAIN, SYNONYM, FAMILY = 1.0, 1.5, 0.5


def load_synonyms(path: Path = SYNONYMS) -> dict[str, list[str]]:
    """code -> lay and professional phrases (reviewed data)."""
    doc = yamldata.load(path) or {}
    return {str(code).strip().upper(): [str(p) for p in phrases] for code, phrases in doc.items()}


def load_alternates(path: Path = ALTERNATES) -> dict[str, list[str]]:
    """lay word -> clinical words also looked up for it (reviewed data)."""
    return {str(word): [str(w) for w in words] for word, words in (yamldata.load(path) or {}).items()}


def code_entries(rows: Iterable[RvuRow], synonyms: Mapping[str, list[str]], active: bool = True,
                 url_suffix: str = "") -> list[Entry]:
    """One entry per global row; active when the row's status is payable and `active` is set
    (codes only found in older releases are indexed inactive, linking to that release)."""
    out = []
    for row in rows:
        if row.modifier:
            continue
        code = row.hcpcs
        texts = [(descriptors.expand(row.description), PLAIN)] + [(p, SYNONYM) for p in synonyms.get(code, [])]
        if placement := families.locate(code):
            texts.append((placement.family.name, FAMILY))
        kind = "cpt" if code[:4].isdigit() else "hcpcs"
        out.append(Entry(kind, code, row.description, f"/cpt/{code}{url_suffix}",
                         active and row.status in ACTIVE_STATUSES, tuple(texts)))
    return out


def icd_entries(items: Iterable[tuple[str, str, bool]]) -> list[Entry]:
    """One entry per ICD-10-CM (code, description, billable); billable codes rank as active."""
    return [Entry("icd10", code, description, f"/icd10/{code}", billable) for code, description, billable in items]
