"""A piece of a Case Builder line: one payable unit (or one bilateral pair) and its priced steps.

Medicare ranks and cuts units, not claim lines: two units of an indicator-2 code are two
procedures, and a bilateral pair is one. The engine therefore splits each line into pieces,
prices each piece step by step (every step rounds to cents, payment-rules.md 2.1) and adds the
pieces back into the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rvudesk.pfs.fees import cents

ZERO = Decimal("0")
ONE = Decimal("1")


def percent(factor: Decimal) -> str:
    """A factor as a readable percentage: 0.5 -> "50%", 0.136 -> "13.6%"."""
    return f"{float(factor * 100):g}%"


class CaseError(ValueError):
    """Bad Case Builder input; `line_index` is the 0-based line it concerns, or None."""

    def __init__(self, line_index: int | None, message: str) -> None:
        super().__init__(message)
        self.line_index = line_index
        self.message = message


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One priced step of a line: the rule, its factor, why it applies and the dollars it moved."""

    rule: str
    factor: Decimal
    reason: str
    amount: Decimal = ZERO  # change this step made to the line's allowed amount (negative = cut)


@dataclass(slots=True)
class Piece:
    """One payable unit of a line, with its payment, its wRVU credit and its components."""

    line: int
    label: str  # "" for a one-piece line, else "unit 2" etc., used in the reasons
    mult_proc: str
    amount: Decimal  # payment so far, cents
    credit: Decimal  # credited wRVU so far, full precision
    tc: Decimal = ZERO  # technical-component dollars inside `amount` (imaging, cardio, ophth)
    pc: Decimal = ZERO  # professional-component dollars inside `amount` (imaging)
    pe: Decimal = ZERO  # practice-expense dollars inside `amount` (therapy)
    code: str = ""
    family: str = ""  # ENDO BASE of a MULT PROC 3 code, "" otherwise
    group: str = "surgeon"  # billing role that ranks the piece (3.1: rank per practitioner/role)
    unit: str = ""  # ranking unit shared with other pieces (an RT+LT pair), "" = its own
    session: str = ""  # imaging session; "separate" for an XE/59 study
    charge: Decimal | None = None  # billed charge of the line, for Medicare's tie-break
    steps: list[Adjustment] = field(default_factory=list)
    rank: int | None = None
    credit_rank: int | None = None
    by_report: bool = False

    def scale(self, rule: str, factor: Decimal, reason: str, credit_factor: Decimal | None = None,
              *, whole_line: bool = False) -> None:
        """Multiply the piece (and its components) by `factor`, rounding to cents."""
        new = cents(self.amount * factor)
        why = reason if whole_line else self._why(reason)
        self.steps.append(Adjustment(rule, factor, why, new - self.amount))
        self.amount = new
        self.tc = cents(self.tc * factor)
        self.pc = cents(self.pc * factor)
        self.pe = cents(self.pe * factor)
        self.credit *= factor if credit_factor is None else credit_factor

    def reduce(self, rule: str, factor: Decimal, reason: str, by: Decimal) -> None:
        """Take `by` dollars off the piece (a component cut or a family subtraction)."""
        new = max(ZERO, self.amount - by)
        self.steps.append(Adjustment(rule, factor, self._why(reason), new - self.amount))
        self.amount = new

    def _why(self, reason: str) -> str:
        return f"{self.label}: {reason}" if self.label else reason
