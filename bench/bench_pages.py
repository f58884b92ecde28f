"""Benchmark: code page and JSON twin render time in-process (Django test client, loaded database).

Run: make bench   (or .venv/bin/python bench/bench_pages.py) after `make data`.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rvudesk.settings")

import django

django.setup()

from django.test import Client  # noqa: E402

CODES = ["11401", "27447", "71046", "47562", "99213", "45385", "G0439", "19301"]
SEARCHES = ["knee replacement", "gallbladder removal", "cholecystectomey", "k8020", "type 2 diabetes", "lap chole",
            "colonoscopy with polyp removal", "kne", "47562", "carpal tunnel release"]


def measure(url: str, rounds: int = 50) -> float:
    client = Client()
    client.get(url)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return statistics.median(times) * 1000


def main() -> None:
    for suffix in ("", ".json", "?zip=93301"):
        medians = [measure(f"/cpt/{code}{suffix}") for code in CODES]
        print(f"/cpt/<code>{suffix:12} median {statistics.median(medians):6.2f} ms, worst code {max(medians):6.2f} ms")
    medians = [measure(f"/api/search?limit=8&q={q}", rounds=20) for q in SEARCHES]  # the first call builds the index
    print(f"/api/search (suggestions) median {statistics.median(medians):6.2f} ms, worst query {max(medians):6.2f} ms")


if __name__ == "__main__":
    main()
