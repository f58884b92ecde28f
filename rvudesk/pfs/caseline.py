"""One Case Builder line: which row prices it, whether it pays, and its line-level factors.

Covers payment-rules.md 1.3.1 (status), 2.2 (setting and NA), 3.16 (26/TC/53 rows) and the
line factors applied before ranking (3.9 bilateral, 3.15 split care, 3.17 modifier 78, 3.14
modifier 52). Cross-line rules that need the whole case (RT+LT pairs, status T, add-ons without
a primary) are here too; ranking lives in ranking.py and components.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rvudesk.pfs import indicators as ind
from rvudesk.pfs import surgmods
from rvudesk.pfs.fees import Gpci, Setting, cents, fee, is_na, practice_expense
from rvudesk.pfs.piece import ONE, ZERO, CaseError, Piece
from rvudesk.pfs.rvurow import RvuRow

Rows = Mapping[tuple[str, str], RvuRow]
HALF = Decimal("0.5")


@dataclass(frozen=True, slots=True)
class CaseLine:
    """A code as entered: modifiers, units, and the optional inputs some rules need."""

    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    postop_days: int | None = None  # 55: days of post-op care given; None = the whole global
    charge: Decimal | None = None  # billed charge; Medicare pays the lower of fee and charge
    reduction: Decimal | None = None  # 52: the factor you expect the MAC to apply (e.g. 0.5)


@dataclass(frozen=True, slots=True)
class Pricing:
    """Where and at what rate the case is priced."""

    setting: Setting
    cf: Decimal
    gpci: Gpci


@dataclass(frozen=True, slots=True)
class LineFactor:
    """A line-level factor; `bilateral_share` marks a 150% step whose wRVU credit follows the policy."""

    rule: str
    factor: Decimal
    reason: str
    bilateral_share: Decimal | None = None


@dataclass(slots=True)
class LinePlan:
    """Everything decided about one line before the lines are ranked against each other."""

    index: int
    label: str
    line: CaseLine
    modifiers: tuple[str, ...]
    row: RvuRow
    row_modifier: str
    setting: Setting
    fee: Decimal
    role: str
    flags: list[str] = field(default_factory=list)
    blocked: str | None = None  # why the line pays $0 (status, NCCI denial, modifier not allowed)
    denied: bool = False  # an NCCI edit denied it (computed outside the engine)
    by_report: bool = False
    pieces: int = 1
    factors: list[LineFactor] = field(default_factory=list)
    unit: str = ""  # shared ranking unit of an RT+LT pair
    tc: Decimal = ZERO
    pc: Decimal = ZERO
    pe: Decimal = ZERO

    def block(self, reason: str, *, by_report: bool = False) -> None:
        """Make the line pay $0 for `reason` (the first reason wins)."""
        if self.blocked is None:
            self.blocked = reason
            self.flags.insert(0, reason)
        self.by_report = self.by_report or by_report


def plan_line(index: int, line: CaseLine, rows: Rows, pricing: Pricing, denied: str | None) -> LinePlan:
    """Choose the row, price one unit, and settle status, role and line factors."""
    code = line.code.strip().upper()
    label = f"line {index + 1} ({code})"
    mods = surgmods.normalise_modifiers(label, index, line.modifiers)
    row, row_mod, row_problem = _choose_row(code, mods, rows, label, index)
    setting, notes = _setting(row, pricing.setting)
    plan = LinePlan(index, label, line, mods, row, row_mod, setting,
                    fee(row, setting, pricing.cf, pricing.gpci), surgmods.role_of(mods), notes)
    if denied is not None:
        plan.denied = True
        plan.block(f"Denied by an NCCI edit: {denied}. Not ranked, $0.")
    if row_problem:
        plan.block(row_problem, by_report="53" in mods and row_mod != "53")
    _status(plan)
    reason, role_flags = surgmods.role_block(row, mods)
    if reason:
        plan.block(reason, by_report=plan.role == "team")
    plan.flags += role_flags + surgmods.guidance(row, mods)
    _line_factors(plan)
    _components(plan, rows, pricing)
    return plan


def _choose_row(code: str, mods: tuple[str, ...], rows: Rows, label: str,
                index: int) -> tuple[RvuRow, str, str | None]:
    glob = rows.get((code, ""))
    for want in ("26", "TC"):
        if want in mods:
            comp = rows.get((code, want))
            if comp is not None:
                return comp, want, None
            if glob is None:
                break
            meaning = ind.PCTC[glob.pctc].label if glob.pctc in ind.PCTC else ""
            return glob, "", (f"{want} is not allowed on {code} (PC/TC indicator {glob.pctc}: {meaning}); "
                              f"remove {want}.")
    if glob is None:
        raise CaseError(index, f"{label}: the release has no global row for {code}; bill it with 26 or TC")
    if "53" in mods:
        if (code, "53") in rows:
            return rows[(code, "53")], "53", None
        return glob, "", ("53 on this code is contractor priced (only 44388, 45378, G0105 and G0121 have "
                          "-53 rows); the MAC prices it by report.")
    return glob, "", None


def _setting(row: RvuRow, wanted: Setting) -> tuple[Setting, list[str]]:
    if wanted is Setting.NONFACILITY and is_na(row, Setting.NONFACILITY):
        return Setting.FACILITY, ["CMS did not value this service in the office (non-facility NA); it is "
                                  "priced at the facility amount. Check the place of service."]
    if wanted is Setting.FACILITY and is_na(row, Setting.FACILITY):
        extra = " A TC done in a facility is billed by the facility, not the physician." \
            if row.modifier == "TC" else ""
        return wanted, [f"CMS did not value this service in a facility (facility NA).{extra}"]
    return wanted, []


def _status(plan: LinePlan) -> None:
    status = plan.row.status
    if status == "R":
        plan.by_report = True
        plan.flags.append("Status R (restricted coverage): paid only if covered, and the MAC prices it "
                          "by report; the amount shown is an estimate from the file's RVUs.")
    elif status in surgmods.ZERO_STATUS:
        plan.block(surgmods.ZERO_STATUS[status], by_report=status == "C")
    elif status not in ("A", "T"):
        plan.block(f"Status {status!r} is not a PFS payment status; $0.")


def _line_factors(plan: LinePlan) -> None:
    row, mods, line = plan.row, plan.modifiers, plan.line
    bil = surgmods.bilateral(row, mods, line.units)
    plan.pieces = bil.pieces
    plan.flags += bil.flags
    if bil.reason:
        share = ONE if bil.factor > ONE else None
        plan.factors.append(LineFactor("BILATERAL", bil.factor, bil.reason, share))
    share, why, flags = surgmods.split_care(row, mods, line.postop_days, plan.label, plan.index)
    plan.flags += flags
    if share is not None:
        plan.factors.append(LineFactor("SPLIT CARE", share, why))
    intra, flags = surgmods.return_to_or(row, mods)
    plan.flags += flags
    if intra is not None:
        plan.factors.append(LineFactor("RETURN TO OR 78", intra, f"78: intra-op share {intra} only"))
    if "52" in mods:
        plan.by_report = True
        if line.reduction is None:
            plan.flags.append("52 (reduced services) is contractor priced: shown at 100% as an upper "
                              "bound; enter the reduction you expect.")
        else:
            plan.flags.append("52 (reduced services) is contractor priced: the amount uses your factor.")
            plan.factors.append(LineFactor("REDUCED 52", line.reduction, "52: reduction factor you entered"))


def _components(plan: LinePlan, rows: Rows, pricing: Pricing) -> None:
    """TC, PC and PE dollars of one unit, for the component reductions (3.4-3.6)."""
    row, mp = plan.row, plan.row.mult_proc
    if mp == "5":
        plan.pe = cents(practice_expense(row, plan.setting) * pricing.gpci.pe * pricing.cf)
    if mp not in ("4", "6", "7"):
        return
    technical = plan.row_modifier == "TC" or row.pctc == "3"
    professional = plan.row_modifier == "26" or row.pctc == "2"
    plan.tc = plan.fee if technical else ZERO
    plan.pc = plan.fee if professional and mp == "4" else ZERO
    if plan.row_modifier == "" and row.pctc == "1":
        tc_row, pc_row = rows.get((row.hcpcs, "TC")), rows.get((row.hcpcs, "26"))
        if tc_row is None or pc_row is None:
            plan.flags.append("The 26/TC rows of this code were not supplied, so its component reduction "
                              "could not be worked out.")
            return
        plan.tc = fee(tc_row, plan.setting, pricing.cf, pricing.gpci)
        plan.pc = fee(pc_row, plan.setting, pricing.cf, pricing.gpci) if mp == "4" else ZERO


def pair_sides(plans: Sequence[LinePlan]) -> None:
    """Fold RT and LT lines of one BILAT SURG 0/1/2 code into one bilateral procedure (3.9)."""
    open_sides: dict[tuple[str, str, str, str], LinePlan] = {}
    for plan in plans:
        mods = plan.modifiers
        if (plan.blocked or plan.row.bilateral not in ("0", "1", "2") or "50" in mods
                or plan.line.units != 1 or ("RT" in mods) == ("LT" in mods)):
            continue
        side = "RT" if "RT" in mods else "LT"
        other = "LT" if side == "RT" else "RT"
        key = (plan.row.hcpcs, plan.row_modifier, plan.role, other)
        partner = open_sides.pop(key, None)
        if partner is None:
            open_sides.setdefault((plan.row.hcpcs, plan.row_modifier, plan.role, side), plan)
        else:
            _fold(partner, plan)


def _fold(first: LinePlan, second: LinePlan) -> None:
    ind = first.row.bilateral
    where = f"RT+LT on lines {first.index + 1} and {second.index + 1}"
    if ind == "1":
        factor, why = Decimal("0.75"), f"{where}: one bilateral procedure at 150% (BILAT SURG 1), 75% per line"
    else:
        factor, why = HALF, f"{where}: both sides get 100% of one fee (BILAT SURG {ind}), 50% per line"
    for plan in (first, second):
        plan.factors.insert(0, LineFactor("BILATERAL", factor, why, HALF if ind == "1" else None))
        plan.unit = f"pair:{first.index}"
    first.flags.append("Medicare prefers one line with 50 and 1 unit for a bilateral procedure.")


def condition_status_t(plans: Sequence[LinePlan]) -> None:
    """Status T pays only when no other PFS-payable service is in the case (1.3.1)."""
    for plan in plans:
        if plan.row.status != "T" or plan.blocked:
            continue
        other = next((p for p in plans if p is not plan and p.row.status in ("A", "C", "R")
                      and not p.denied), None)
        if other is not None:
            plan.block(f"Status T: paid only when no other PFS-payable service is billed that day; "
                       f"{other.label} is, so this line is bundled ($0).")


def check_add_ons(plans: Sequence[LinePlan]) -> None:
    """Flag a ZZZ add-on that has no payable primary procedure in the case (3.7, 5.3)."""
    for plan in plans:
        if plan.row.global_days != "ZZZ" or plan.blocked:
            continue
        if not any(p is not plan and not p.blocked and p.row.global_days != "ZZZ" for p in plans):
            plan.flags.append("Add-on code with no payable primary procedure in the case: it is denied "
                              "without one. Add the primary code.")


def make_pieces(plan: LinePlan, bilateral_credit: Decimal) -> list[Piece]:
    """Split a payable line into pieces and apply its line factors to each."""
    if plan.blocked:
        return []
    pieces = []
    separate = plan.row.mult_proc == "4" and any(m in plan.modifiers for m in ("59", "XE"))
    for n in range(plan.pieces):
        piece = Piece(plan.index, f"unit {n + 1}" if plan.pieces > 1 else "", plan.row.mult_proc,
                      plan.fee, plan.row.work, plan.tc, plan.pc, plan.pe,
                      code=plan.row.hcpcs, family=plan.row.endo_base.strip() if plan.row.mult_proc == "3" else "",
                      group=plan.role, unit=plan.unit, session="separate" if separate else "",
                      charge=plan.line.charge)
        for f in plan.factors:
            credit = None if f.bilateral_share is None else bilateral_credit * f.bilateral_share
            piece.scale(f.rule, f.factor, f.reason, credit, whole_line=True)
        pieces.append(piece)
    return pieces
