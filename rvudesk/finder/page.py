"""What a /finder step shows: the specialty list, a question with its answers, or the code card
(descriptor, wRVU, national payment, typical modifiers and diagnoses) at the end of a path."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rvudesk.catalog import codepage
from rvudesk.catalog.models import Release, Rvu
from rvudesk.icd10.models import Icd10Code
from rvudesk.pfs import descriptors, finder
from rvudesk.pfs import indicators as ind
from rvudesk.pfs.fees import Setting, fee, is_na
from rvudesk.pfs.rvurow import RvuRow


def build(path: list[str]) -> dict[str, Any] | None:
    """The context of /finder/<path>; None when the path names no node."""
    nodes = finder.trail(path)
    if nodes is None:
        return None
    crumbs = [{"label": n.label, "url": "/finder/" + "/".join(path[: i + 1])} for i, n in enumerate(nodes)]
    here = nodes[-1] if nodes else None
    children = here.children if here else finder.specialties()
    base = "/finder/" + "/".join(path) + "/" if path else "/finder/"
    return {
        "crumbs": crumbs,
        "node": here,
        "question": here.question if here else "Which specialty?",
        "answers": [{"label": c.label, "url": base + c.id, "code": c.code} for c in children],
        "card": _card(here) if here and here.is_leaf else None,
    }


def _card(leaf: finder.Node) -> dict[str, Any] | None:
    release = Release.objects.first()
    row = Rvu.objects.filter(release=release, hcpcs=leaf.code, modifier="").first() if release else None
    if release is None or row is None:
        return None
    rvu = row.to_row()
    names = dict(Icd10Code.objects.filter(code__in=leaf.icd10).values_list("code", "description"))
    return {
        "code": leaf.code,
        "descriptor": rvu.description,
        "plain_descriptor": descriptors.expand(rvu.description),
        "work_rvu": rvu.work,
        "global_days": rvu.global_days,
        "release": release.label,
        "nonfacility": _payment(rvu, Setting.NONFACILITY, release),
        "facility": _payment(rvu, Setting.FACILITY, release),
        "global_label": ind.GLOBAL_DAYS[rvu.global_days].label if rvu.global_days in ind.GLOBAL_DAYS else "",
        "modifiers": list(leaf.modifiers),
        "icd10": [{"code": c, "description": names.get(c, ""), "url": f"/icd10/{c}"} for c in leaf.icd10],
        "notice": codepage.AMA_NOTICE,
    }


def _payment(row: RvuRow, setting: Setting, release: Release) -> Decimal | None:
    """National payment in the setting; None where CMS marks the setting NA."""
    return None if is_na(row, setting) else fee(row, setting, release.conversion_factor)
