"""Release history: a code's values across the loaded releases, and the diff between two releases
(`/releases/RVU25D...RVU26C`, `/api/diff`)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from rvudesk.catalog.codepage import AMA_NOTICE, PageError
from rvudesk.catalog.models import Release, Rvu
from rvudesk.pfs import families, releasediff

SHOWN = ("work", "total_nonfacility", "total_facility", "payment_nonfacility", "payment_facility", "status",
         "global_days", "mult_proc", "bilateral", "assistant", "co_surgeon", "team", "pctc")
TOP = 10


def code_history(code: str) -> list[dict[str, Any]]:
    """The code's global row in every loaded release, oldest first, with the fields that changed."""
    releases = {r.id: r for r in Release.objects.all()}
    rows = sorted(Rvu.objects.filter(hcpcs=code, modifier=""), key=lambda r: releases[r.release_id].effective_from)
    out: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for rvu in rows:
        release = releases[rvu.release_id]
        now = releasediff.values(rvu.to_row(), release.conversion_factor)
        changed = sorted(releasediff.changes(previous, now)) if previous else []
        out.append({"release": release.id, "label": release.label, "effective_from": release.effective_from.isoformat(),
                    **{name: now[name] for name in SHOWN}, "changed": changed})
        previous = now
    return out


def release_diff(from_id: str, to_id: str) -> dict[str, Any]:
    """The whole diff as the API returns it, plus a summary; PageError when a release is not loaded."""
    old, new = (_release(i) for i in (from_id, to_id))
    return _cached_diff(old.id, old.imported_at.timestamp(), new.id, new.imported_at.timestamp())


def _release(release_id: str) -> Release:
    found = Release.objects.filter(id=release_id.strip().upper()[:8]).first()
    if found is None:
        loaded = ", ".join(Release.objects.values_list("id", flat=True))
        raise PageError(f"Release {release_id[:12]!r} is not loaded (loaded: {loaded}).", 400)
    return found


@lru_cache(maxsize=8)  # a release is immutable until re-imported, which changes imported_at
def _cached_diff(old_id: str, _old_stamp: float, new_id: str, _new_stamp: float) -> dict[str, Any]:
    old, new = Release.objects.get(id=old_id), Release.objects.get(id=new_id)
    old_rows = Rvu.rows(Rvu.objects.filter(release=old))
    new_rows = Rvu.rows(Rvu.objects.filter(release=new))
    found = releasediff.diff(old_rows, old.conversion_factor, new_rows, new.conversion_factor)
    names = {r.key: r.description for r in old_rows} | {r.key: r.description for r in new_rows}
    changed = [_changed(key, names[key], fields) for key, fields in found.changed]
    return {
        "from": old.id, "to": new.id,
        "conversion_factor": [old.conversion_factor, new.conversion_factor],
        "new": [_key(k, names[k]) for k in found.new],
        "deleted": [_key(k, names[k]) for k in found.deleted],
        "changed": changed,
        "summary": _summary(found, changed, old.conversion_factor, new.conversion_factor),
    }


def _key(key: releasediff.Key, descriptor: str) -> dict[str, Any]:
    return {"code": key[0], "modifier": key[1], "descriptor": descriptor}


def _changed(key: releasediff.Key, descriptor: str, fields: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    place = families.locate(key[0])
    return {**_key(key, descriptor), "changes": {name: list(pair) for name, pair in fields.items()},
            "percent": {name: p for name, (a, b) in fields.items() if (p := releasediff.percent(a, b)) is not None},
            "family": place.family.slug if place else None,
            "sections": [c.slug for c in place.path] if place else []}


def _summary(found: releasediff.Diff, changed: list[dict[str, Any]], old_cf: Decimal,
             new_cf: Decimal) -> dict[str, Any]:
    def top(name: str, reverse: bool) -> list[dict[str, Any]]:
        moved = [c for c in changed if name in c["changes"] and c["modifier"] == ""]
        moved.sort(key=lambda c: c["changes"][name][1] - c["changes"][name][0], reverse=reverse)
        return [{"code": c["code"], "descriptor": c["descriptor"], "before": c["changes"][name][0],
                 "after": c["changes"][name][1]} for c in moved[:TOP]]

    return {
        "new": len(found.new), "deleted": len(found.deleted), "changed": len(found.changed),
        "conversion_factor_percent": releasediff.percent(old_cf, new_cf),
        "work_increases": top("work", True), "work_cuts": top("work", False),
        "payment_increases": top("payment_nonfacility", True), "payment_cuts": top("payment_nonfacility", False),
    }


SORTS = {
    "code": lambda c: (c["code"], c["modifier"]),
    "work": lambda c: c["percent"].get("work", Decimal(0)),
    "payment_nonfacility": lambda c: c["percent"].get("payment_nonfacility", Decimal(0)),
    "payment_facility": lambda c: c["percent"].get("payment_facility", Decimal(0)),
    "fields": lambda c: len(c["changes"]),
}


def table(found: dict[str, Any], group: str = "", sort: str = "code", descending: bool = False) -> list[dict[str, Any]]:
    """The changed rows inside a section or family slug (all when blank), sorted by a SORTS key."""
    rows = [c for c in found["changed"] if not group or c["family"] == group or group in c["sections"]]
    return sorted(rows, key=SORTS.get(sort, SORTS["code"]), reverse=descending)


def csv_rows(found: dict[str, Any], rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The diff as CSV: one row per field change (new and deleted rows too), with the AMA notice."""
    out: list[list[Any]] = [["change", "code", "modifier", "descriptor", "field", "before", "after", "percent"]]
    out += [["new", k["code"], k["modifier"], k["descriptor"], "", "", "", ""] for k in found["new"]]
    out += [["deleted", k["code"], k["modifier"], k["descriptor"], "", "", "", ""] for k in found["deleted"]]
    for c in rows:
        out += [["changed", c["code"], c["modifier"], c["descriptor"], name, before, after, c["percent"].get(name, "")]
                for name, (before, after) in c["changes"].items()]
    out.append([f"CMS PFS {found['from']} to {found['to']}. {AMA_NOTICE}"])
    return out
