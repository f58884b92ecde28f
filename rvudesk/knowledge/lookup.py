"""A code page's knowledge: related diagnoses, the family's notes plus facts from the code's own
indicators, and when an editor last reviewed it; and which families list an ICD-10-CM code."""

from __future__ import annotations

from typing import Any

from rvudesk.icd10.models import Icd10Code
from rvudesk.knowledge.models import FamilyKnowledge, RelatedDiagnosis
from rvudesk.pfs import codefacts, families
from rvudesk.pfs.rvurow import RvuRow


def for_code(row: RvuRow, family_slug: str | None, mue: dict[str, Any] | None) -> dict[str, Any]:
    """icd10, notes (the code's own facts first), last_reviewed and reviewed_by."""
    family = (FamilyKnowledge.objects.filter(slug=family_slug).prefetch_related("notes", "diagnoses").first()
              if family_slug else None)
    about = codefacts.facts(row, mue["value"] if mue else None, bool(mue and mue["adjudication"] != "1"))
    notes = [{"heading": f"About {row.hcpcs}", "text": " ".join(about)}]
    if family is None:
        return {"icd10": [], "notes": notes, "last_reviewed": None, "reviewed_by": ""}
    diagnoses = list(family.diagnoses.all())
    chosen = [d.icd10 for d in diagnoses if d.code == row.hcpcs] or [d.icd10 for d in diagnoses if not d.code]
    names = dict(Icd10Code.objects.filter(code__in=chosen).values_list("code", "description"))
    return {
        "icd10": [{"code": c, "description": names.get(c, ""), "url": f"/icd10/{c}"} for c in chosen],
        "notes": notes + [{"heading": n.heading, "text": n.text} for n in family.notes.all()],
        "last_reviewed": family.reviewed_on.isoformat() if family.reviewed_on else None,
        "reviewed_by": family.reviewed_by,
    }


def families_listing(icd10: str) -> list[dict[str, str]]:
    """The families (and single codes) whose related diagnoses include the ICD-10-CM code."""
    rows = RelatedDiagnosis.objects.filter(icd10=icd10).select_related("family").order_by("family__slug", "code")
    out: dict[tuple[str, str], dict[str, str]] = {}
    for d in rows:
        out.setdefault((d.family_id, d.code), {"name": _full_name(d.family_id, d.family.name), "slug": d.family_id,
                                              "code": d.code,
                                              "url": f"/cpt/{d.code}" if d.code else f"/family/{d.family_id}"})
    return list(out.values())


def _full_name(slug: str, name: str) -> str:
    """The family's name after its section's ("Biliary Tract › Laparoscopy"): alone, many read alike."""
    found = families.family(slug)
    return f"{found.path[-1].name} › {name}" if found and found.path else name
