"""Fee schedule amounts: RVUs x GPCIs x CF, rounded half-up to cents (payment-rules.md 2.1)."""

from decimal import Decimal

from rvudesk.pfs.fees import Gpci, Setting, cents, fee
from rvudesk.pfs.rvufile import read_rvu_file
from rvudesk.pfs.rvurow import RvuRow
from rvudesk.pfs.tabular import Source
from tests.cmsfiles import pprrvu_csv, row

CF_2026 = Decimal("33.4009")


def synthetic(**values: str) -> RvuRow:
    return read_rvu_file(Source("PPRRVU2030_Jul.csv", pprrvu_csv([row(**values)]).encode())).rows[0]


def test_national_amount_is_total_rvus_times_cf():
    # 11401 in RVU26C: non-facility total 4.64 x 33.4009 = 154.980176 -> $154.98
    r = synthetic(work="1.25", pe_nonfacility="3.23", pe_facility="1.42", mp="0.16",
                  total_nonfacility="4.64", total_facility="2.83")
    assert fee(r, Setting.NONFACILITY, CF_2026) == Decimal("154.98")
    # facility: 2.83 x 33.4009 = 94.524547 -> $94.52
    assert fee(r, Setting.FACILITY, CF_2026) == Decimal("94.52")


def test_locality_amount_weights_each_component_by_its_gpci():
    # payment-rules.md 2.1: work 10, PE 6, MP 2; GPCIs 1.050/1.100/0.800 -> 18.70 x 33.4009 = $624.60
    r = synthetic(work="10.00", pe_nonfacility="6.00", mp="2.00", total_nonfacility="18.00")
    gpci = Gpci(Decimal("1.050"), Decimal("1.100"), Decimal("0.800"))
    assert fee(r, Setting.NONFACILITY, CF_2026, gpci) == Decimal("624.60")
    assert fee(r, Setting.NONFACILITY, CF_2026) == Decimal("601.22")


def test_cents_round_half_up():
    assert cents(Decimal("547.965")) == Decimal("547.97")
    assert cents(Decimal("0.004")) == Decimal("0.00")
