"""The Case Builder engine: case lines in, ranked, adjusted and explained lines out.

Implements payment-rules.md 1.3, 2 and 3 in the order of 3.18: per line status, row (26/TC/53)
and setting fee; line factors (bilateral, 54/55/56, 78, 52); endoscopy families; ranking per
billing role (100/50/50/50/50, by report from the 6th); imaging, cardiovascular, ophthalmology
and therapy component cuts; role factors (62, 80/81/82, AS; 66 by report); status T; and the
wRVU credit under a policy. Every percentage step rounds to cents (2.1).

Rows: `price_case` needs every PPRRVU row ("", "26", "TC", "53") of the case's codes plus the
global rows of the endoscopy base codes. `needed_codes(lines, rows)` returns the codes still
missing: call it with the rows loaded so far until it returns an empty set (two queries at
most). A base row that is still missing is reported as a flag, and its family is not reduced.

Status D/F/G/H/I (invalid codes) are flagged on the line and priced $0 rather than raised, so
the rest of the case still prices; CaseError is kept for input that cannot be read at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rvudesk.pfs import caseline
from rvudesk.pfs.caseline import CaseLine, LinePlan, Pricing, Rows
from rvudesk.pfs.components import cut_components
from rvudesk.pfs.fees import NATIONAL, Gpci, Setting, cents, fee, is_na
from rvudesk.pfs.piece import ONE, ZERO, Adjustment, CaseError, Piece
from rvudesk.pfs.ranking import Bases, rank_surgery

__all__ = ["Adjustment", "CaseError", "CaseInput", "CaseLine", "CaseResult", "CreditPolicy", "LineResult",
           "needed_codes", "price_case", "setting_for_pos"]

MAX_LINES = 50
MAX_UNITS = 999
# [M] CPM12 20.4.2 as summarised in payment-rules.md 2.2; check POS 19/22 and 32 against the manual.
FACILITY_POS = frozenset({"19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53",
                          "56", "61"})
ROLE_FACTORS = {
    "co_surgeon": (Decimal("0.625"), "CO-SURGERY 62", "62: each co-surgeon is paid 62.5% of the ranked amount"),
    "assistant": (Decimal("0.16"), "ASSISTANT", "80/81/82: the assistant is paid 16% of the ranked amount"),
    "assistant_npp": (Decimal("0.136"), "ASSISTANT AS", "AS: 85% × 16% = 13.6% of the ranked amount (NPP assistant)"),
}
CREDIT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class CreditPolicy:
    """How wRVU credit is reduced: "medicare" mirrors payment, "full_credit" keeps 100% for
    secondary procedures, "custom" uses the factors given (fractions: 0.5 = 50%)."""

    name: str = "medicare"
    secondary: Decimal = Decimal("0.5")
    bilateral: Decimal = Decimal("1.5")
    assistant: Decimal = Decimal("0.16")
    co_surgeon: Decimal = Decimal("0.625")

    def __post_init__(self) -> None:
        if self.name not in ("medicare", "full_credit", "custom"):
            raise CaseError(None, f"unknown wRVU credit policy {self.name!r}")
        for value in (self.secondary, self.bilateral, self.assistant, self.co_surgeon):
            if not ZERO <= value <= 2:
                raise CaseError(None, f"credit factors are fractions between 0 and 2, not {value}")

    @property
    def secondary_factor(self) -> Decimal | None:
        """Credit factor for ranks 2+; None means the Medicare schedule (50%, or 25% for MULT PROC 1)."""
        return {"medicare": None, "full_credit": ONE}.get(self.name, self.secondary)


@dataclass(frozen=True, slots=True)
class CaseInput:
    """A case to price: the lines and how to price them."""

    setting: Setting
    conversion_factor: Decimal
    lines: tuple[CaseLine, ...]
    gpci: Gpci = NATIONAL
    policy: CreditPolicy = field(default_factory=CreditPolicy)
    ranking_basis: str = "fee"  # "fee" (Medicare) or "wrvu" (wRVU credit only; payment stays by fee)
    denied: Mapping[int, str] = field(default_factory=dict)  # line index -> NCCI denial reason
    extra_flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LineResult:
    """One priced line, in input order."""

    code: str
    modifiers: tuple[str, ...]
    units: int
    row_modifier: str
    setting: Setting  # the setting actually priced (facility when the office is NA)
    fee: Decimal  # unadjusted setting fee of one unit
    rank: int | None  # payment rank in its pool; None when not ranked
    credit_rank: int | None  # rank used for the wRVU credit (differs only with ranking_basis="wrvu")
    adjustments: tuple[Adjustment, ...]
    allowed: Decimal
    wrvu: Decimal  # work RVU × units
    credited_wrvu: Decimal
    flags: tuple[str, ...]
    by_report: bool


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The priced case: lines, totals and case-level flags."""

    lines: tuple[LineResult, ...]
    allowed: Decimal
    wrvu: Decimal
    credited_wrvu: Decimal
    flags: tuple[str, ...]
    ranking_basis: str
    policy: CreditPolicy
    setting: Setting
    conversion_factor: Decimal

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready plain values: money and RVUs as floats to 2 decimals, factors to 4."""
        return {
            "lines": [_line_dict(line) for line in self.lines],
            "totals": {"allowed": _f(self.allowed), "wrvu": _f(self.wrvu),
                       "credited_wrvu": _f(self.credited_wrvu)},
            "flags": list(self.flags),
            "ranking_basis": self.ranking_basis,
            "policy": {"name": self.policy.name, "secondary": _f(self.policy.secondary, 4),
                       "bilateral": _f(self.policy.bilateral, 4), "assistant": _f(self.policy.assistant, 4),
                       "co_surgeon": _f(self.policy.co_surgeon, 4)},
            "setting": self.setting.value,
            "conversion_factor": _f(self.conversion_factor, 4),
        }


def _f(value: Decimal, places: int = 2) -> float:
    return round(float(value), places)


def _line_dict(line: LineResult) -> dict[str, Any]:
    return {
        "code": line.code, "modifiers": list(line.modifiers), "units": line.units,
        "row_modifier": line.row_modifier, "setting": line.setting.value, "rank": line.rank,
        "credit_rank": line.credit_rank, "fee": _f(line.fee), "allowed": _f(line.allowed),
        "wrvu": _f(line.wrvu), "credited_wrvu": _f(line.credited_wrvu), "by_report": line.by_report,
        "adjustments": [{"rule": a.rule, "factor": _f(a.factor, 4), "reason": a.reason, "amount": _f(a.amount)}
                        for a in line.adjustments],
        "flags": list(line.flags),
    }


def setting_for_pos(pos: str) -> Setting:
    """Facility or non-facility pricing for a two-digit place-of-service code (2.2)."""
    code = pos.strip().zfill(2)
    if len(code) != 2 or not code.isdigit():
        raise ValueError(f"place of service must be a two-digit code, not {pos!r}")
    return Setting.FACILITY if code in FACILITY_POS else Setting.NONFACILITY


def needed_codes(lines: Sequence[CaseLine], rows: Rows) -> set[str]:
    """Codes whose rows `price_case` still needs: the lines' codes, then their endoscopy bases."""
    codes = {line.code.strip().upper() for line in lines}
    have = {code for code, _ in rows}
    bases = {row.endo_base.strip() for (code, _), row in rows.items()
             if code in codes and row.mult_proc == "3" and row.endo_base.strip()}
    return (codes | bases) - have


def price_case(case: CaseInput, rows: Rows) -> CaseResult:
    """Price a case line by line and explain every adjustment."""
    _check(case, rows)
    pricing = Pricing(case.setting, case.conversion_factor, case.gpci)
    plans = [caseline.plan_line(i, line, rows, pricing, case.denied.get(i)) for i, line in enumerate(case.lines)]
    caseline.pair_sides(plans)
    caseline.condition_status_t(plans)
    caseline.check_add_ons(plans)
    pieces = [p for plan in plans for p in caseline.make_pieces(plan, case.policy.bilateral)]
    flags = list(case.extra_flags)
    flags += rank_surgery(pieces, _bases(plans, rows, pricing), case.ranking_basis,
                          case.policy.secondary_factor)
    cut_components(pieces, reduce_pc_credit=case.policy.name != "full_credit")
    _apply_roles(pieces, case.policy)
    lines = tuple(_result(plan, [p for p in pieces if p.line == plan.index]) for plan in plans)
    flags += _basis_flags(lines, case.ranking_basis)
    return CaseResult(lines, sum((x.allowed for x in lines), ZERO), sum((x.wrvu for x in lines), ZERO),
                      sum((x.credited_wrvu for x in lines), ZERO), tuple(flags), case.ranking_basis,
                      case.policy, case.setting, case.conversion_factor)


def _check(case: CaseInput, rows: Rows) -> None:
    if not case.lines:
        raise CaseError(None, "the case has no lines; add at least one code")
    if len(case.lines) > MAX_LINES:
        raise CaseError(None, f"a case holds at most {MAX_LINES} lines; this one has {len(case.lines)}")
    if case.ranking_basis not in ("fee", "wrvu"):
        raise CaseError(None, f"ranking basis must be 'fee' or 'wrvu', not {case.ranking_basis!r}")
    if case.conversion_factor <= 0:
        raise CaseError(None, "the conversion factor must be positive")
    for index in case.denied:
        if not 0 <= index < len(case.lines):
            raise CaseError(None, f"a denial names line index {index}, which is not in the case")
    have = {code for code, _ in rows}
    for index, line in enumerate(case.lines):
        _check_line(index, line, have)


def _check_line(index: int, line: CaseLine, have: set[str]) -> None:
    code = line.code.strip().upper()
    label = f"line {index + 1} ({code or 'blank'})"
    if not code:
        raise CaseError(index, f"{label}: enter a CPT/HCPCS code")
    if code not in have:
        raise CaseError(index, f"{label}: {code} is not in this fee schedule release")
    if not 1 <= line.units <= MAX_UNITS:
        raise CaseError(index, f"{label}: units must be 1–{MAX_UNITS}, not {line.units}")
    if line.charge is not None and line.charge < 0:
        raise CaseError(index, f"{label}: the billed charge cannot be negative")
    if line.reduction is not None and not ZERO < line.reduction <= ONE:
        raise CaseError(index, f"{label}: the 52 reduction factor must be above 0 and at most 1")


def _bases(plans: Sequence[LinePlan], rows: Rows, pricing: Pricing) -> Bases:
    """Fee and work RVU of each endoscopy base named by a MULT PROC 3 line."""
    out: dict[str, tuple[Decimal, Decimal] | None] = {}
    for plan in plans:
        base = plan.row.endo_base.strip()
        if plan.row.mult_proc != "3" or not base or base in out:
            continue
        row = rows.get((base, ""))
        if row is None:
            out[base] = None
            continue
        setting = Setting.FACILITY if is_na(row, pricing.setting) else pricing.setting
        out[base] = (fee(row, setting, pricing.cf, pricing.gpci), row.work)
    return out


def _apply_roles(pieces: Sequence[Piece], policy: CreditPolicy) -> None:
    """Co-surgeon and assistant factors, after ranking (3.11, 3.12)."""
    # [M] CPM12 20.4.3 (16%; AS = 85% of it) and 40.8.B (62.5%), as summarised by MACs.
    credit = {"co_surgeon": policy.co_surgeon, "assistant": policy.assistant,
              "assistant_npp": policy.assistant * Decimal("0.85")}
    for p in pieces:
        if p.group in ROLE_FACTORS:
            factor, rule, reason = ROLE_FACTORS[p.group]
            p.scale(rule, factor, reason, credit[p.group], whole_line=True)


STAGES = ("BILATERAL", "SPLIT CARE", "RETURN TO OR 78", "REDUCED 52", "ENDO BASE", "ENDO FAMILY", "MPPR",
          "IMAGING TC", "IMAGING PC", "CARDIOVASCULAR TC", "OPHTHALMOLOGY TC", "THERAPY PE",
          "CO-SURGERY 62", "ASSISTANT", "ASSISTANT AS", "CHARGE")


def _merge(pieces: Sequence[Piece]) -> list[Adjustment]:
    """One list of steps for the line: equal steps of several pieces summed, in rule order."""
    merged: dict[tuple[str, Decimal, str], Decimal] = {}
    for p in pieces:
        for step in p.steps:
            key = (step.rule, step.factor, step.reason)
            merged[key] = merged.get(key, ZERO) + step.amount
    ordered = sorted(merged.items(), key=lambda kv: STAGES.index(kv[0][0]))
    return [Adjustment(rule, factor, reason, amount) for (rule, factor, reason), amount in ordered]


def _result(plan: LinePlan, pieces: list[Piece]) -> LineResult:
    line = plan.line
    allowed = sum((p.amount for p in pieces), ZERO)
    steps = _merge(pieces)
    if line.charge is not None and pieces and line.charge < allowed:
        steps.append(Adjustment("CHARGE", ONE, f"lower of the allowed amount and the billed charge "
                                               f"${line.charge:,}", cents(line.charge) - allowed))
        allowed = cents(line.charge)
    # wRVU credit rounds per piece, like payment, so that the case total does not depend on line order
    credit = sum((p.credit.quantize(CREDIT, ROUND_HALF_UP) for p in pieces), ZERO)
    ranks = [p.rank for p in pieces if p.rank is not None]
    credit_ranks = [p.credit_rank for p in pieces if p.credit_rank is not None]
    return LineResult(
        code=plan.row.hcpcs, modifiers=plan.modifiers, units=line.units, row_modifier=plan.row_modifier,
        setting=plan.setting, fee=plan.fee, rank=min(ranks) if ranks else None,
        credit_rank=min(credit_ranks) if credit_ranks else None, adjustments=tuple(steps),
        allowed=allowed, wrvu=plan.row.work * line.units, credited_wrvu=credit,
        flags=tuple(dict.fromkeys(plan.flags)), by_report=plan.by_report or any(p.by_report for p in pieces))


def _basis_flags(lines: Sequence[LineResult], basis: str) -> list[str]:
    if basis != "wrvu":
        return []
    moved = [n + 1 for n, x in enumerate(lines) if x.rank != x.credit_rank]
    note = "wRVU credit ranked by work RVU (a plan option); payment is still ranked by fee as Medicare does."
    if moved:
        note += f" The credit ranks differ from the payment ranks on lines {', '.join(map(str, moved))}."
    return [note]
