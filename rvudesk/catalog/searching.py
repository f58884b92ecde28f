"""The site's search index, built in memory from the database once per process and rebuilt when
a release or the ICD-10-CM code set is re-imported (about 5 s for ~115,000 entries)."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from rvudesk.catalog.models import Release, Rvu
from rvudesk.icd10.models import CodeSetVersion, Icd10Code
from rvudesk.pfs import searchentries
from rvudesk.pfs.searchindex import Entry, SearchIndex

KIND_LABELS = {"cpt": "CPT", "hcpcs": "HCPCS Level II", "icd10": "ICD-10-CM"}
_lock = threading.Lock()


def index() -> SearchIndex:
    """The current index (built on first use)."""
    releases = tuple(Release.objects.values_list("id", "imported_at"))
    icd = CodeSetVersion.objects.values_list("loaded_at", flat=True).first()
    with _lock:
        return _build(releases, icd)


@lru_cache(maxsize=1)
def _build(releases: tuple[tuple[str, Any], ...], _icd_stamp: Any) -> SearchIndex:
    synonyms = searchentries.load_synonyms()
    entries: list[Entry] = []
    seen: set[str] = set()
    for position, (release_id, _) in enumerate(releases):  # newest first
        rows = [r for r in Rvu.rows(Rvu.objects.filter(release_id=release_id, modifier="")) if r.hcpcs not in seen]
        seen.update(r.hcpcs for r in rows)
        # Codes gone from the newest release stay findable, inactive, on the last release that had them.
        suffix = f"?release={release_id}" if position else ""
        entries += searchentries.code_entries(rows, synonyms, active=position == 0, url_suffix=suffix)
    items = Icd10Code.objects.exclude(kind__in=("chapter", "block")).values_list("code", "description", "billable")
    entries += searchentries.icd_entries(items)
    return SearchIndex(entries, searchentries.load_alternates())


def search(query: str, limit: int = 10) -> list[dict[str, str]]:
    """Results best first, as the API returns them."""
    return [{"kind": e.kind, "code": e.code, "descriptor": e.descriptor, "url": e.url, "active": e.active}
            for e in index().search(query[:200], limit)]


def grouped(results: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Results grouped by kind (CPT, HCPCS, ICD-10-CM) in order of each kind's best result."""
    groups: dict[str, list[dict[str, str]]] = {}
    for result in results:
        groups.setdefault(result["kind"], []).append(result)
    return [{"kind": kind, "label": KIND_LABELS[kind], "results": items} for kind, items in groups.items()]
