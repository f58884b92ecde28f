"""What changed between two fee schedule releases: rows keyed by (code, modifier), compared field
by field, with national payment recomputed under each release's conversion factor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rvudesk.pfs.fees import Setting, fee
from rvudesk.pfs.rvurow import RvuRow

Key = tuple[str, str]  # (HCPCS, modifier)

# Compared fields, in the order pages show them; payment is derived (RVUs × CF, national).
VALUE_FIELDS = ("work", "pe_nonfacility", "pe_facility", "mp", "total_nonfacility", "total_facility")
PAYMENT_FIELDS = ("payment_nonfacility", "payment_facility")
INDICATOR_FIELDS = ("status", "description", "pctc", "global_days", "mult_proc", "bilateral", "assistant",
                    "co_surgeon", "team", "endo_base", "supervision", "imaging_family",
                    "nonfacility_na", "facility_na")
FIELDS = VALUE_FIELDS + PAYMENT_FIELDS + INDICATOR_FIELDS


def values(row: RvuRow, cf: Decimal) -> dict[str, Any]:
    """The compared values of one row under a conversion factor."""
    out: dict[str, Any] = {name: getattr(row, name) for name in VALUE_FIELDS + INDICATOR_FIELDS}
    out["payment_nonfacility"] = fee(row, Setting.NONFACILITY, cf)
    out["payment_facility"] = fee(row, Setting.FACILITY, cf)
    return out


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """{field: (before, after)} for every compared field that differs."""
    return {name: (before[name], after[name]) for name in FIELDS if before[name] != after[name]}


@dataclass(frozen=True, slots=True)
class Diff:
    new: list[Key]
    deleted: list[Key]
    changed: list[tuple[Key, dict[str, tuple[Any, Any]]]]


def diff(old: Iterable[RvuRow], old_cf: Decimal, new: Iterable[RvuRow], new_cf: Decimal) -> Diff:
    """New, deleted and changed rows between two releases, each list sorted by code and modifier."""
    before = {r.key: r for r in old}
    after = {r.key: r for r in new}
    changed = []
    for key in sorted(before.keys() & after.keys()):
        found = changes(values(before[key], old_cf), values(after[key], new_cf))
        if found:
            changed.append((key, found))
    return Diff(sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys()), changed)


def percent(before: Any, after: Any) -> Decimal | None:
    """Percent change of a number, to 0.1; None when it does not apply (text, or from zero)."""
    if not isinstance(before, Decimal) or not isinstance(after, Decimal) or before == 0:
        return None
    return ((after - before) / before * 100).quantize(Decimal("0.1"))
