"""Benchmark: import RVU26C with its GPCI file into a fresh SQLite database (target: under 10 s).

Run: make bench   (or .venv/bin/python bench/bench_import.py)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(os.environ.get("RVUDESK_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
RVUDESK = Path(sys.executable).with_name("rvudesk")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        subprocess.run([str(RVUDESK), "migrate", "-v0"], env=env, check=True)
        started = time.perf_counter()
        subprocess.run([str(RVUDESK), "import", str(DATA / "pfs" / "rvu26c")], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
    print(f"import RVU26C + GPCI2026 (whole command, SQLite): {seconds:.2f} s (target < 10 s)")


if __name__ == "__main__":
    main()
