"""An ICD-10-CM page as one dict: description, chapter › block › category path, children,
billable or not, and the procedure families that list the code among their related diagnoses."""

from __future__ import annotations

import re
from typing import Any

from rvudesk.catalog.codepage import PageError
from rvudesk.icd10.models import CodeSetVersion, Icd10Code
from rvudesk.knowledge.lookup import families_listing

ITEM_RE = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{0,9}$")


def normalise(raw: str) -> str:
    """Upper case; a code typed without its dot ("K8020") gets it back ("K80.20")."""
    code = raw.strip().upper()
    if not ITEM_RE.match(code):
        raise PageError("That is not an ICD-10-CM code.")
    if "." not in code and "-" not in code and len(code) > 3 and not code.isdigit():
        code = f"{code[:3]}.{code[3:]}"
    return code


def build(code: str) -> dict[str, Any]:
    item = Icd10Code.objects.filter(code=code).first()
    if item is None:
        raise PageError(f"{code} is not in the loaded ICD-10-CM code set.")
    version = CodeSetVersion.objects.first()
    return {
        "code": item.code,
        "description": item.description,
        "kind": item.kind,
        "billable": item.billable,
        "path": _path(item),
        "children": [_brief(c) for c in Icd10Code.objects.filter(parent=item.code)],
        "families": families_listing(item.code) if item.billable else [],
        "code_set": version.label if version else "",
    }


def _brief(item: Icd10Code) -> dict[str, Any]:
    return {"code": item.code, "description": item.description, "billable": item.billable, "url": item.url}


def _path(item: Icd10Code) -> list[dict[str, Any]]:
    """Chapter first, down to the item's parent."""
    path: list[dict[str, Any]] = []
    parent = item.parent
    while parent:
        above = Icd10Code.objects.filter(code=parent).first()
        if above is None:
            break
        path.insert(0, {"code": above.code, "description": above.description, "kind": above.kind, "url": above.url})
        parent = above.parent
    return path
