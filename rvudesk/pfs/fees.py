"""Fee schedule amounts: RVUs x GPCIs x conversion factor, rounded to cents.

CMS RVUPUF formula (payment-rules.md 2.1):
    NonFacility$ = [(Work x wGPCI) + (NonFacPE x peGPCI) + (MP x mpGPCI)] x CF
    Facility$    = [(Work x wGPCI) + (FacPE x peGPCI) + (MP x mpGPCI)] x CF
National amounts use GPCIs of 1.000. RVU and GPCI arithmetic is kept at full precision and
only the amount is rounded, half-up, to cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from rvudesk.pfs.rvurow import RvuRow

CENT = Decimal("0.01")
ONE = Decimal("1")


class Setting(StrEnum):
    """Place-of-service class that decides which practice-expense RVU applies."""

    FACILITY = "facility"
    NONFACILITY = "nonfacility"


@dataclass(frozen=True, slots=True)
class Gpci:
    """Geographic practice cost indices of one Medicare payment locality."""

    work: Decimal
    pe: Decimal
    mp: Decimal


NATIONAL = Gpci(ONE, ONE, ONE)

# From 2026 the PFS has two conversion factors: qualifying APM participants (QP) and everybody else
# (CY2026 final rule CMS-1832-F; payment-rules.md "CF2026", marked [V]). CMS ships one PPRRVU file
# per factor; this table stands in when only the non-QP file was imported. Before 2026 there is one.
QP_CONVERSION_FACTORS = {2026: Decimal("33.5675")}
FIRST_QP_YEAR = 2026


def qp_conversion_factor(year: int, non_qp: Decimal) -> Decimal | None:
    """The QP conversion factor of a year (the one factor before 2026); None when not known."""
    return non_qp if year < FIRST_QP_YEAR else QP_CONVERSION_FACTORS.get(year)


def cents(amount: Decimal) -> Decimal:
    """Round a dollar amount half-up to cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def practice_expense(row: RvuRow, setting: Setting) -> Decimal:
    """The PE RVU of the row for the setting."""
    return row.pe_facility if setting is Setting.FACILITY else row.pe_nonfacility


def total_rvu(row: RvuRow, setting: Setting) -> Decimal:
    """CMS's published total RVUs for the setting (national, unadjusted)."""
    return row.total_facility if setting is Setting.FACILITY else row.total_nonfacility


def geographic_rvu(row: RvuRow, setting: Setting, gpci: Gpci = NATIONAL) -> Decimal:
    """GPCI-weighted total RVUs at full precision."""
    if gpci == NATIONAL:
        return total_rvu(row, setting)
    return row.work * gpci.work + practice_expense(row, setting) * gpci.pe + row.mp * gpci.mp


def fee(row: RvuRow, setting: Setting, cf: Decimal, gpci: Gpci = NATIONAL) -> Decimal:
    """Fee schedule amount in dollars for the setting, rounded to cents."""
    return cents(geographic_rvu(row, setting, gpci) * cf)


def is_na(row: RvuRow, setting: Setting) -> bool:
    """True when CMS did not value the service in the setting (NA indicator)."""
    flag = row.facility_na if setting is Setting.FACILITY else row.nonfacility_na
    return flag.strip().upper() == "NA"
