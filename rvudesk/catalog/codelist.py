"""A page of codes of a release by range, family or section, for /api/codes."""

from __future__ import annotations

from typing import Any

from rvudesk.catalog.codepage import PageError
from rvudesk.catalog.models import Release, Rvu
from rvudesk.pfs import families

MAX_PER_PAGE = 500


def codes(release: Release, first: str = "", last: str = "", group: str = "", page: int = 1,
          per_page: int = 100) -> dict[str, Any]:
    """Global rows of the release inside first..last and/or a family or section slug, paged."""
    if not 1 <= per_page <= MAX_PER_PAGE or page < 1:
        raise PageError(f"'page' must be 1 or more and 'per_page' 1–{MAX_PER_PAGE}.", 400)
    rows = Rvu.objects.filter(release=release, modifier="")
    found = list(rows.values_list("hcpcs", flat=True))
    if group:
        if families.family(group) is None and families.section(group) is None:
            raise PageError(f"{group[:60]!r} is not a family or section slug.", 400)
        found = families.codes_in(group, found)
    if first or last:
        for bound in (first, last):
            if bound and families.code_key(bound) is None:
                raise PageError(f"{bound[:20]!r} is not a 5-character code.", 400)
        found = [c for c in found if families.in_range(c, first or c, last or c)]
    found.sort(key=_order)
    chosen = found[(page - 1) * per_page: page * per_page]
    by_code = {r.hcpcs: r for r in rows.filter(hcpcs__in=chosen)}
    return {
        "release": release.id, "count": len(found), "page": page, "per_page": per_page,
        "results": [{"code": c, "descriptor": by_code[c].description, "status": by_code[c].status,
                     "work_rvu": by_code[c].work, "total_nonfacility": by_code[c].total_nonfacility,
                     "total_facility": by_code[c].total_facility, "global_days": by_code[c].global_days,
                     "url": f"/cpt/{c}"} for c in chosen],
    }


def _order(code: str) -> tuple[str, int, str]:
    """Book order within each kind of code; anything else last."""
    key = families.code_key(code)
    return (key.kind, key.number, code) if key else ("~", 0, code)
