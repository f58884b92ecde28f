"""Time the NCCI readers: the rebuilt 2024 PTP tables, and a full-size CMS-format PTP part file.

Run: .venv/bin/python bench/bench_ncci.py  (reads RVUDESK_DATA, default ../shared/data)
The full-size file is made in a temporary folder by repeating the rows of the CMS excerpt
(about 460,000 rows, the size of one quarterly part file); it is deleted afterwards.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from rvudesk.pfs.ncci_files import read_aoc, read_mue, read_ptp

DATA = Path(os.environ.get("RVUDESK_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
NCCI = DATA / "ncci"
MUE_JULY_2024 = "MCR_MUE_PractitionerServices_Eff_07-01-2024.rebuilt.csv"
FULL_SIZE_COPIES = 3_000  # × 154 excerpt rows ≈ 462,000 rows


def timed(label: str, records: Iterable[object]) -> None:
    start = time.perf_counter()
    count = sum(1 for _ in records)
    seconds = time.perf_counter() - start
    print(f"{label:58} {count:>9,} rows {seconds:7.2f} s {count / seconds:>10,.0f} rows/s")


def full_size_ptp(folder: Path) -> Path:
    """A CMS-format PTP text file of about 460,000 rows made from the excerpt's header and rows."""
    lines = (NCCI / "ptp" / "ccipra-v322r0-f1.excerpt.txt").read_bytes().split(b"\r\n")
    header, body = lines[:6], lines[6:-1]  # the last line of the excerpt is cut off: leave it out
    path = folder / "ccipra-v322r0-f1.txt"
    with open(path, "wb") as out:
        out.write(b"\r\n".join(header) + b"\r\n")
        block = b"\r\n".join(body) + b"\r\n"
        for _ in range(FULL_SIZE_COPIES):
            out.write(block)
    return path


def main() -> None:
    common = NCCI / "ptp" / "ccipra-v301r0.common-col1.partial.csv"
    ranges = NCCI / "ptp" / "ccipra-v301r0.col1-ranges.partial.csv"
    timed("PTP v30.1 common column-1 codes (rebuilt CSV)", read_ptp(common))
    timed("PTP v30.1 column-1 ranges (rebuilt CSV, the largest here)", read_ptp(ranges))
    timed("PTP v30.1 both rebuilt files", chain(read_ptp(common), read_ptp(ranges)))
    timed("MUE practitioner 2024-07-01 (rebuilt CSV)", read_mue(NCCI / "mue" / MUE_JULY_2024))
    timed("AOC 2024 Q2 (rebuilt CSV)", read_aoc(NCCI / "aoc" / "AOC_V2024Q2-MCR.rebuilt.csv"))
    with tempfile.TemporaryDirectory() as folder:
        timed("PTP full-size CMS text part file (synthetic repeat)", read_ptp(full_size_ptp(Path(folder))))


if __name__ == "__main__":
    main()
