"""Benchmark: the whole diff between the two oldest and newest loaded releases, uncached, in-process.

Run: make bench   (or .venv/bin/python bench/bench_diff.py) after `make data`. Target: < 2 s.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rvudesk.settings")

import django

django.setup()

from rvudesk.catalog import history  # noqa: E402
from rvudesk.catalog.models import Release  # noqa: E402


def main() -> None:
    releases = list(Release.objects.all())
    old, new = releases[-1].id, releases[0].id
    times = []
    for _ in range(3):
        history._cached_diff.cache_clear()
        started = time.perf_counter()
        found = history.release_diff(old, new)
        times.append(time.perf_counter() - started)
    summary = found["summary"]
    print(f"diff {old}...{new}: {summary['new']} new, {summary['deleted']} deleted, {summary['changed']} changed; "
          f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s (uncached)")


if __name__ == "__main__":
    main()
