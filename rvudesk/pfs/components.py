"""Component reductions: imaging TC/PC, cardiovascular and ophthalmology TC, therapy PE.

payment-rules.md 3.4-3.6. These cut one component of the second and later services, ranked by
that component's own fee: imaging (MULT PROC 4) TC to 50% and PC to 95% per session; diagnostic
cardiovascular (6) TC to 75% and ophthalmology (7) TC to 80% per day; therapy (5) PE to 50%
after the unit with the highest PE payment. A global row is cut through its 26 and TC amounts.

An imaging line with XE or 59 is a separate session and is not reduced against the others
(payment-rules.md 3.4, Highmark policy following CMS [P/V]). The OPPS cap on imaging TCs (2.3,
order "verify with your MAC") is not applied here: it needs the OPPSCAP amounts per locality.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from rvudesk.pfs.fees import cents
from rvudesk.pfs.piece import ONE, Piece, percent

Getter = Callable[[Piece], Decimal]
Setter = Callable[[Piece, Decimal], None]


def _set_tc(p: Piece, value: Decimal) -> None:
    p.tc = value


def _set_pc(p: Piece, value: Decimal) -> None:
    p.pc = value


def _set_pe(p: Piece, value: Decimal) -> None:
    p.pe = value


TC: tuple[Getter, Setter, str] = (lambda p: p.tc, _set_tc, "TC")
PC: tuple[Getter, Setter, str] = (lambda p: p.pc, _set_pc, "PC")
PE: tuple[Getter, Setter, str] = (lambda p: p.pe, _set_pe, "PE")


def cut_components(pieces: Sequence[Piece], reduce_pc_credit: bool) -> None:
    """Apply the imaging, cardiovascular, ophthalmology and therapy reductions in place.

    Pools are per billing role, like the surgical ranking (an assistant is another practitioner).
    `reduce_pc_credit` also takes 5% off the wRVU credit of a secondary imaging PC (2.4).
    """
    for group in dict.fromkeys(p.group for p in pieces):
        _cut_group([p for p in pieces if p.group == group], reduce_pc_credit)


def _cut_group(pieces: Sequence[Piece], reduce_pc_credit: bool) -> None:
    imaging = [p for p in pieces if p.mult_proc == "4"]
    for session in dict.fromkeys(p.session for p in imaging):
        study = [p for p in imaging if p.session == session]
        # [M]/verify: the PC cut is same-physician only (8.2); one case = one billing physician here.
        _cut(study, TC, Decimal("0.5"), "IMAGING TC", "MULT PROC 4 (same session)", None)
        _cut(study, PC, Decimal("0.95"), "IMAGING PC", "MULT PROC 4 (same session)",
             Decimal("0.95") if reduce_pc_credit else None)
    _cut([p for p in pieces if p.mult_proc == "6"], TC, Decimal("0.75"), "CARDIOVASCULAR TC",
         "MULT PROC 6 (diagnostic cardiovascular, same day)", None)
    _cut([p for p in pieces if p.mult_proc == "7"], TC, Decimal("0.80"), "OPHTHALMOLOGY TC",
         "MULT PROC 7 (diagnostic ophthalmology, same day)", None)
    _cut([p for p in pieces if p.mult_proc == "5"], PE, Decimal("0.5"), "THERAPY PE",
         "MULT PROC 5 (always-therapy)", None)


def _cut(group: list[Piece], part: tuple[Getter, Setter, str], factor: Decimal, rule: str,
         what: str, credit_factor: Decimal | None) -> None:
    get, put, name = part
    pool = [p for p in group if get(p) > 0]
    if len(pool) < 2:
        return
    ordered = sorted(pool, key=lambda p: -get(p))  # stable: equal amounts keep entry order
    for rank, p in enumerate(ordered, 1):
        if p.rank is None:
            p.rank = rank
        value = get(p)
        if rank == 1:
            p.reduce(rule, ONE, f"{what}: highest {name} ${value:,} → {name} paid in full", value - value)
            continue
        kept = cents(value * factor)
        pct = percent(factor)
        p.reduce(rule, factor, f"{what}: {name} rank {rank} by {name} fee → {name} ${value:,} × {pct}",
                 value - kept)
        put(p, kept)
        if credit_factor is not None:
            p.credit *= credit_factor
