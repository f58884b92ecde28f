"""Benchmark: median time to price a 10-line case in the Case Builder engine (target < 2 ms).

Run: .venv/bin/python bench/bench_case.py
Synthetic rows with made-up codes: standard surgery, a bilateral line, an endoscopy family, an
assistant line, an add-on, imaging and therapy, so that every pass of the engine runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rvudesk.pfs.case import CaseInput, CaseLine, price_case
from rvudesk.pfs.fees import Setting
from rvudesk.pfs.rvurow import RvuRow

D = Decimal


def row(code: str, total: str, mult: str = "2", mod: str = "", endo: str = "", bilat: str = "1",
        glob: str = "090", pctc: str = "0") -> RvuRow:
    t = D(total)
    return RvuRow(code, mod, code, "A", "", t / 2, t / 2, "", t / 2, "", D(0), t, t, pctc, glob, D("0.10"),
                  D("0.69"), D("0.21"), mult, bilat, "2", "2", "0", "9", endo, D("33.4009"), "09", "0", "99",
                  D(0), D(0), D(0))


ROWS = {r.key: r for r in [
    row("X2001", "25.50"), row("X2002", "17.00"), row("X2003", "10.25"), row("X2004", "12.25"),
    row("X2010", "4.93", glob="000"), row("X2011", "6.69", "3", endo="X2010", glob="000"),
    row("X2012", "5.32", "3", endo="X2010", glob="000"), row("X2020", "5.00", "0", glob="ZZZ"),
    row("X2030", "10.06", "4", glob="XXX", pctc="1"), row("X2030", "3.04", "4", "26", glob="XXX", pctc="1"),
    row("X2030", "7.02", "4", "TC", glob="XXX", pctc="1"), row("X2040", "0.87", "5", glob="XXX"),
]}
CASE = CaseInput(Setting.FACILITY, D("33.4009"), (
    CaseLine("X2001"), CaseLine("X2002", ("51",)), CaseLine("X2003", ("59",)), CaseLine("X2004", ("50",)),
    CaseLine("X2011"), CaseLine("X2012"), CaseLine("X2010"), CaseLine("X2020"), CaseLine("X2001", ("80",)),
    CaseLine("X2030"),
))


def main(runs: int = 2000) -> None:
    price_case(CASE, ROWS)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        price_case(CASE, ROWS)
        times.append(time.perf_counter() - start)
    median = statistics.median(times) * 1000
    print(f"price_case, 10 lines: median {median:.3f} ms over {runs} runs (target < 2 ms)")


if __name__ == "__main__":
    main()
