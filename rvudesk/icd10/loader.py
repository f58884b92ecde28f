"""Load the ICD-10-CM code set shipped by the simple-icd-10-cm package (FY2026, April 2026 update)."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import simple_icd_10_cm as cm
from django.db import transaction

from rvudesk.icd10.models import CodeSetVersion, Icd10Code

BATCH = 5000


def code_set_label() -> str:
    """The release the package ships, from its data file name, e.g. "ICD-10-CM April 2026 (FY2026)"."""
    data = Path(cm.__file__).with_name("data")
    found = [re.search(r"code-list-(\w+)-(\d{4})", p.name) for p in data.glob("code-list-*")]
    month, year = next((m[1], int(m[2])) for m in found if m)
    fiscal = year + 1 if month in ("October", "November", "December") else year
    return f"ICD-10-CM {month} {year} update (FY{fiscal})"


def _kind(code: str) -> str:
    if cm.is_chapter(code):
        return "chapter"
    if cm.is_category(code):  # before blocks: a one-category block (B10) shares its category's code
        return "category"
    return "block" if cm.is_block(code) else "code"


def _parent(code: str) -> str:
    """The item above; a category that is its own one-category block (B10) hangs from the chapter."""
    return next((a for a in cm.get_ancestors(code) if a != code), "")


def load() -> int:
    """Replace the stored code set with the package's, in one transaction; return the item count."""
    items = [
        Icd10Code(code=code, description=cm.get_description(code), kind=_kind(code), parent=_parent(code),
                  billable=cm.is_leaf(code), position=position)
        for position, code in enumerate(dict.fromkeys(cm.get_all_codes(True)))
    ]
    with transaction.atomic():
        Icd10Code.objects.all().delete()
        Icd10Code.objects.bulk_create(items, batch_size=BATCH)
        CodeSetVersion.objects.all().delete()
        CodeSetVersion.objects.create(label=code_set_label(), package_version=importlib.metadata.version(
            "simple-icd-10-cm"), code_count=len(items))
    return len(items)
