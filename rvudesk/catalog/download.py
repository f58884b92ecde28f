"""Bulk downloads: every row of a release, normalised and stamped with its release, as CSV or
JSON, streamed row by row (never built in memory), with the AMA notice."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from rvudesk.catalog.codepage import AMA_NOTICE
from rvudesk.catalog.models import RVU_FIELDS, Release, Rvu
from rvudesk.catalog.rendering import plain

FIELDS = ("release", *RVU_FIELDS)
CHUNK = 2000


class _Line:
    """A file-like sink for csv.writer that hands back the line just written."""

    def write(self, text: str) -> str:
        return text


def _rows(release: Release) -> Iterator[dict[str, Any]]:
    rows = Rvu.objects.filter(release=release).order_by("hcpcs", "modifier").values_list(*RVU_FIELDS)
    for values in rows.iterator(chunk_size=CHUNK):
        yield {"release": release.id, **dict(zip(RVU_FIELDS, values, strict=True))}


def csv_lines(release: Release) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow([f"# {release.label}, conversion factor {release.conversion_factor}. {AMA_NOTICE}"])
    yield writer.writerow(FIELDS)
    for row in _rows(release):
        yield writer.writerow([row[name] for name in FIELDS])


def json_chunks(release: Release) -> Iterator[str]:
    head = {"release": release.id, "label": release.label, "conversion_factor": release.conversion_factor,
            "effective_from": release.effective_from.isoformat(), "notice": AMA_NOTICE}
    yield json.dumps(plain(head))[:-1] + ', "rows": ['
    for index, row in enumerate(_rows(release)):
        yield ("," if index else "") + "\n" + json.dumps(plain(row))
    yield "\n]}\n"


def etag(release: Release) -> str:
    return f'"{release.id}-{int(release.imported_at.timestamp())}"'
