"""One row of the CMS PPRRVU national relative value file, as typed values."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class RvuRow:
    """A PPRRVU record keyed by HCPCS + modifier ("" global, "26", "TC" or "53").

    Every column of the CMS file is kept. Indicators stay strings exactly as CMS prints them
    ("0".."9", "XXX", "090", "09", "88"); RVUs, shares and the conversion factor are Decimals.
    """

    hcpcs: str
    modifier: str
    description: str
    status: str
    not_used_for_medicare: str  # "+" when CMS marks the RVUs as not used for Medicare payment
    work: Decimal
    pe_nonfacility: Decimal
    nonfacility_na: str  # "NA" or ""
    pe_facility: Decimal
    facility_na: str  # "NA" or ""
    mp: Decimal
    total_nonfacility: Decimal
    total_facility: Decimal
    pctc: str
    global_days: str
    pre_op: Decimal
    intra_op: Decimal
    post_op: Decimal
    mult_proc: str
    bilateral: str
    assistant: str
    co_surgeon: str
    team: str
    pricing_indicator: str  # "PRIC IND", new in 2026; "" for files without the column
    endo_base: str
    conversion_factor: Decimal
    supervision: str
    calculation_flag: str
    imaging_family: str
    opps_pe_nonfacility: Decimal
    opps_pe_facility: Decimal
    opps_mp: Decimal

    @property
    def key(self) -> tuple[str, str]:
        return (self.hcpcs, self.modifier)
