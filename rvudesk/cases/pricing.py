"""A Case Builder request (a JSON-shaped dict) priced against a stored release.

Thin on purpose: this module checks the request's shape, loads the rows and the locality, and
hands everything to rvudesk.pfs.case, which owns the payment rules and most line messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from rvudesk.catalog import codepage
from rvudesk.catalog.models import Locality, Release, Rvu
from rvudesk.catalog.rendering import plain
from rvudesk.edits import lookup
from rvudesk.pfs.case import (
    MAX_LINES,
    MAX_UNITS,
    CaseError,
    CaseInput,
    CaseLine,
    CreditPolicy,
    needed_codes,
    price_case,
    setting_for_pos,
)
from rvudesk.pfs.caseline import Rows
from rvudesk.pfs.fees import NATIONAL, Setting
from rvudesk.pfs.ncci import EditLine, check_case
from rvudesk.pfs.rvurow import RvuRow

POLICIES = ("medicare", "full_credit", "custom")
RANKING = ("fee", "wrvu")
# Custom credit factors are given in percent, e.g. {"secondary": 75, "bilateral": 150}; the rest default.
CREDIT_KEYS = ("secondary", "bilateral", "assistant", "co_surgeon")


class CaseRequestError(Exception):
    """A case request that cannot be priced; status is the HTTP status to send."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def price_request(data: Any) -> dict[str, Any]:
    """Price a case request and return the JSON-ready answer (release, setting, locality, lines, totals)."""
    if not isinstance(data, Mapping):
        raise CaseRequestError("the request body must be a JSON object with a 'lines' list")
    lines = _lines(data.get("lines"))
    setting = _setting(data)
    policy = _policy(data.get("policy"), data.get("credit"))
    ranking = data.get("ranking", "fee")
    if ranking not in RANKING:
        raise CaseRequestError(f"'ranking' must be \"fee\" (Medicare) or \"wrvu\", not {ranking!r}")
    try:
        on = _text(data, "date")
        release = codepage.release_for(_text(data, "release"), on)
        locality = codepage.locality_for(release, _text(data, "locality"), _text(data, "zip"))
        cf = release.cf(codepage.qp_for(release, _text(data, "cf")))
        labels, denied, flags = _ncci(lines, codepage.service_date(on) if on else release.effective_from)
        case = CaseInput(setting, cf, lines, locality.gpci if locality else NATIONAL, policy,
                         ranking_basis=ranking, denied=denied, extra_flags=flags)
        result = price_case(case, _rows(release, lines))
    except codepage.PageError as exc:
        raise CaseRequestError(exc.message, exc.status) from exc
    except CaseError as exc:
        raise CaseRequestError(exc.message) from exc
    return {
        "release": plain({"id": release.id, "label": release.label, "conversion_factor": cf}),
        "date_of_service": on,
        "setting": setting.value,
        "locality": _locality(locality),
        **result.as_dict(),
        "ncci": labels,
    }


def _ncci(lines: tuple[CaseLine, ...], on: date) -> tuple[list[str], dict[int, str], tuple[str, ...]]:
    """Loaded NCCI version labels, the lines NCCI denies on the date and its flags ("line N (code): …")."""
    labels = lookup.loaded_labels()
    if not labels:
        return [], {}, ()
    # Without a date of service the release's first day stands in for it.
    edits = check_case([EditLine(x.code, x.modifiers, x.units) for x in lines],
                       lookup.tables_for({x.code for x in lines}, on), on)
    flags = tuple(f"line {i + 1} ({lines[i].code}): {text}" for i, text in edits.flags)
    return labels, dict(edits.denied), flags


def _rows(release: Release, lines: tuple[CaseLine, ...]) -> Rows:
    """Every row of the lines' codes, then of their endoscopy bases: one query each."""
    rows: dict[tuple[str, str], RvuRow] = {}
    for _ in range(2):
        codes = needed_codes(lines, rows)
        if not codes:
            break
        for rvu in Rvu.objects.filter(release=release, hcpcs__in=codes):
            rows[(rvu.hcpcs, rvu.modifier)] = rvu.to_row()
    return rows


def _lines(raw: Any) -> tuple[CaseLine, ...]:
    if not isinstance(raw, list):
        raise CaseRequestError("'lines' must be a list of {code, modifiers, units}")
    if not raw:
        raise CaseRequestError("the case has no lines; add at least one code")
    if len(raw) > MAX_LINES:
        raise CaseRequestError(f"a case holds at most {MAX_LINES} lines; this one has {len(raw)}")
    return tuple(_line(n, item) for n, item in enumerate(raw, start=1))


def _line(number: int, item: Any) -> CaseLine:
    if not isinstance(item, Mapping):
        raise CaseRequestError(f"line {number}: each line must be an object with a code")
    code = item.get("code")
    if not isinstance(code, str) or not code.strip():
        raise CaseRequestError(f"line {number}: enter a CPT/HCPCS code")
    label = f"line {number} ({code.strip().upper()[:10]})"
    modifiers = item.get("modifiers", [])
    if not isinstance(modifiers, list) or not all(isinstance(m, str) for m in modifiers) or len(modifiers) > 4:
        raise CaseRequestError(f"{label}: modifiers must be a list of up to four two-character strings")
    units = item.get("units", 1)
    # bool is an int subclass; true/false are not unit counts
    if isinstance(units, bool) or not isinstance(units, int) or not 1 <= units <= MAX_UNITS:
        raise CaseRequestError(f"{label}: units must be a whole number 1–{MAX_UNITS}, not {units!r}")
    return CaseLine(code.strip().upper(), tuple(m.strip().upper() for m in modifiers), units)


def _setting(data: Mapping[str, Any]) -> Setting:
    setting, pos = data.get("setting"), data.get("pos")
    if setting is None and pos is not None:
        if not isinstance(pos, str):
            raise CaseRequestError("'pos' must be a two-digit place-of-service code as a string, like \"11\"")
        try:
            return setting_for_pos(pos)
        except ValueError as exc:
            raise CaseRequestError(str(exc)) from exc
    if setting not in (Setting.FACILITY.value, Setting.NONFACILITY.value):
        raise CaseRequestError("'setting' must be \"facility\" or \"nonfacility\" (or give \"pos\", like \"11\")")
    return Setting(setting)


def _policy(raw: Any, credit: Any) -> CreditPolicy:
    if raw is None:
        return CreditPolicy()
    if raw not in POLICIES:
        raise CaseRequestError(f"'policy' must be one of {', '.join(POLICIES)}, not {raw!r}")
    if raw != "custom":
        if credit is not None:
            raise CaseRequestError("'credit' percentages go with \"policy\": \"custom\"")
        return CreditPolicy(raw)
    if not isinstance(credit, Mapping) or not credit or set(credit) - set(CREDIT_KEYS):
        raise CaseRequestError(f"a custom policy needs 'credit': percentages for any of {', '.join(CREDIT_KEYS)}, "
                               "e.g. {\"secondary\": 75}")
    factors = {}
    for key, value in credit.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 200:
            raise CaseRequestError(f"credit '{key}' must be a percentage from 0 to 200, not {value!r}")
        factors[key] = (Decimal(str(value)) / 100).quantize(Decimal("0.0001"))
    return CreditPolicy("custom", **factors)


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise CaseRequestError(f"'{key}' must be a string")
    return value


def _locality(locality: Locality | None) -> dict[str, Any] | None:
    if locality is None:
        return None
    return plain({"id": locality.locality_id, "name": locality.name, "state": locality.state,
                  "gpci_work": locality.gpci_work, "gpci_pe": locality.gpci_pe, "gpci_mp": locality.gpci_mp})
