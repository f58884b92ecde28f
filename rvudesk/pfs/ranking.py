"""Multiple-surgery ranking: MULT PROC 1/2/3 and endoscopy families (payment-rules.md 3.2, 3.3, 3.10).

Pieces are ranked per billing role (3.1: the surgeon's, a co-surgeon's and an assistant's lines
rank separately). An endoscopy family (pieces sharing one ENDO BASE, plus the base code itself)
and an RT+LT pair each rank as one unit. Payment always ranks by the setting fee, as Medicare
does (2.4); the wRVU credit ranks by the chosen basis ("fee" or "wrvu").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rvudesk.pfs.piece import ONE, ZERO, Piece, percent

STANDARD = (ONE, Decimal("0.5"), Decimal("0.5"), Decimal("0.5"), Decimal("0.5"))
PRE_1995 = (ONE, Decimal("0.5"), Decimal("0.25"), Decimal("0.25"), Decimal("0.25"))  # MULT PROC 1
SURGICAL = ("1", "2", "3")
ROLE_NAMES = {"co_surgeon": "co-surgeon (62)", "assistant": "assistant (80/81/82)",
              "assistant_npp": "AS assistant", "team": "team (66)"}

# Base code -> (fee of one unit in the case's setting, work RVU), or None when the base row is missing.
Bases = Mapping[str, tuple[Decimal, Decimal] | None]


@dataclass(slots=True)
class Unit:
    """What takes one rank slot: a piece, an RT+LT pair or an endoscopy family."""

    pieces: list[Piece]
    family: str = ""  # base code when the unit is an endoscopy family

    def value(self, key: Callable[[Piece], Decimal]) -> Decimal:
        """The unit's worth by `key` (payment or wRVU): the sum over its pieces."""
        return sum((key(p) for p in self.pieces), ZERO)

    @property
    def schedule(self) -> tuple[Decimal, ...]:
        """Rank percentages for the unit: 100/50/50/50/50, or 100/50/25/25/25 for MULT PROC 1."""
        # MULT PROC 1 (pre-1995 rule) only when every piece of the unit carries it; handled defensively.
        return PRE_1995 if all(p.mult_proc == "1" for p in self.pieces) else STANDARD


def rank_surgery(pieces: Sequence[Piece], bases: Bases, basis: str, secondary: Decimal | None) -> list[str]:
    """Rank and reduce the surgical pieces in place; return case-level flags.

    `secondary` is the wRVU credit factor for ranks 2+ (None = the Medicare factors).
    """
    flags: list[str] = []
    surgical = [p for p in pieces if p.mult_proc in SURGICAL]
    for group in dict.fromkeys(p.group for p in surgical):
        units, missing = _units([p for p in surgical if p.group == group], bases)
        flags += missing
        for unit in units:
            if unit.family:
                _settle_family(unit, bases, basis)
        flags += _rank_payment(units, group)
        _rank_credit(units, basis, secondary)
    return flags


def _units(pieces: list[Piece], bases: Bases) -> tuple[list[Unit], list[str]]:
    heads = {p.family for p in pieces if p.family}
    keyed: dict[str, list[Piece]] = {}
    for n, p in enumerate(pieces):
        fam = p.family or (p.code if p.code in heads else "")
        key = f"endo:{fam}" if fam else (p.unit or f"piece:{n}")
        keyed.setdefault(key, []).append(p)
    units: list[Unit] = []
    flags: list[str] = []
    for key, members in keyed.items():
        base = key.removeprefix("endo:") if key.startswith("endo:") else ""
        if base and len(members) > 1 and bases.get(base) is None:
            flags.append(f"The base endoscopy {base} was not supplied, so its family could not be reduced; "
                         "its codes are ranked one by one.")
            units += [Unit([p]) for p in members]
        elif base and len(members) > 1:
            units.append(Unit(members, base))
        else:
            units.append(Unit(members))
    return units, flags


def _settle_family(unit: Unit, bases: Bases, basis: str) -> None:
    """Highest member in full, others minus the base, the base itself $0 (3.3)."""
    # [M] CPM12 40.6.C as paraphrased in payment-rules.md; the $0 floor is defensive, not CMS-stated.
    entry = bases.get(unit.family)
    assert entry is not None
    base_fee, base_work = entry
    heads = [p for p in unit.pieces if p.code == unit.family]
    members = [p for p in unit.pieces if p.code != unit.family]
    pay_top = max(members, key=lambda p: p.amount)
    credit_top = pay_top if basis == "fee" else max(members, key=lambda p: p.credit)
    for p in heads:
        p.reduce("ENDO BASE", ZERO, f"base {unit.family} is not paid when billed with its family", p.amount)
        p.credit = ZERO
    for p in members:
        if p is pay_top:
            p.reduce("ENDO FAMILY", ONE, f"highest-valued endoscopy of family {unit.family}: paid in full", ZERO)
        else:
            floor = " (floored at $0)" if base_fee > p.amount else ""
            p.reduce("ENDO FAMILY", ONE, f"fee minus base {unit.family} ${base_fee:,}{floor}", base_fee)
        if p is not credit_top:
            p.credit = max(ZERO, p.credit - base_work)


def _order(units: list[Unit], key: Callable[[Piece], Decimal]) -> list[Unit]:
    def sort_key(unit: Unit) -> tuple[Decimal, Decimal, int]:
        charges = [p.charge for p in unit.pieces]
        charge = sum((c for c in charges if c is not None), ZERO) if None not in charges else ZERO
        return (-unit.value(key), -charge, unit.pieces[0].line)  # Medicare: ties by billed charge [M]

    return sorted(units, key=sort_key)


def _factor(unit: Unit, rank: int) -> Decimal:
    return unit.schedule[min(rank, 5) - 1]  # rank 6+ is by report; the rank-5 rate is the estimate


def _rank_payment(units: list[Unit], group: str) -> list[str]:
    ordered = _order(units, lambda p: p.amount)
    if len(units) < 2:
        for p in units[0].pieces:
            p.rank = 1  # alone in its pool: nothing to reduce against
        return []
    flags = _tie_flags(ordered)  # before the cuts change the values
    whose = f" among the {ROLE_NAMES[group]} lines" if group in ROLE_NAMES else ""
    for rank, unit in enumerate(ordered, 1):
        factor = _factor(unit, rank)
        what = (f"endoscopy family {unit.family} ranked as one procedure" if unit.family
                else "RT+LT pair ranked as one procedure" if unit.pieces[0].unit
                else f"MULT PROC {unit.pieces[0].mult_proc}")
        pct = percent(factor)
        why = (f"{what}, rank {rank}{whose} → by report (operative note required); {pct} shown as an estimate"
               if rank > 5 else f"{what}, rank {rank}{whose} → {pct}")
        for p in unit.pieces:
            p.rank = rank
            p.by_report = p.by_report or rank > 5
            p.scale("MPPR", factor, why, ONE)
    return flags


def _tie_flags(ordered: list[Unit]) -> list[str]:
    flags = []
    for rank, (a, b) in enumerate(itertools.pairwise(ordered), 1):
        same = a.value(lambda p: p.amount) == b.value(lambda p: p.amount)
        if same and _factor(a, rank) != _factor(b, rank + 1):
            flags.append(f"Lines {a.pieces[0].line + 1} and {b.pieces[0].line + 1} have equal fees; they "
                         "are ranked in entry order. Medicare breaks the tie by billed charge: enter charges.")
    return flags


def _rank_credit(units: list[Unit], basis: str, secondary: Decimal | None) -> None:
    if basis == "fee":
        ordered = sorted(units, key=lambda u: u.pieces[0].rank or 0)  # the payment ranks
    else:
        ordered = _order(units, lambda p: p.credit)  # wRVU after line factors and family subtraction
    for rank, unit in enumerate(ordered, 1):
        factor = _factor(unit, rank) if secondary is None else (ONE if rank == 1 else secondary)
        for p in unit.pieces:
            p.credit_rank = rank
            p.credit *= factor
