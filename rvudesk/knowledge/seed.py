"""Read the reviewed family knowledge YAML and store it (families an editor has not touched yet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from rvudesk.knowledge.models import FamilyKnowledge, FamilyNote, RelatedDiagnosis
from rvudesk.pfs import families, yamldata

DATA = Path(__file__).resolve().parents[1] / "content" / "data" / "knowledge"


class KnowledgeError(ValueError):
    """Bad knowledge data, naming the file and the family."""


def read(folder: Path = DATA) -> dict[str, dict[str, Any]]:
    """Every family entry of every YAML file in the folder, by family slug."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.yaml")):
        for slug, entry in ((yamldata.load(path) or {}).get("families") or {}).items():
            if families.family(slug) is None:
                raise KnowledgeError(f"{path.name}: {slug!r} is not a family slug of families.yaml")
            if slug in found:
                raise KnowledgeError(f"{path.name}: family {slug!r} is also defined in another file")
            found[slug] = entry
    return found


def seed(replace: bool = False, folder: Path = DATA) -> tuple[int, int]:
    """Store the YAML knowledge in one transaction; families already stored are kept (an editor
    may have changed them) unless `replace`. Returns (stored, kept)."""
    entries = read(folder)
    with transaction.atomic():
        existing = set(FamilyKnowledge.objects.values_list("slug", flat=True))
        if replace:
            FamilyKnowledge.objects.filter(slug__in=entries).delete()
            existing -= set(entries)
        fresh = {slug: entry for slug, entry in entries.items() if slug not in existing}
        for slug, entry in fresh.items():
            _store(slug, entry)
    return len(fresh), len(entries) - len(fresh)


def _store(slug: str, entry: dict[str, Any]) -> None:
    fam = families.family(slug)
    assert fam is not None
    stored = FamilyKnowledge.objects.create(slug=slug, name=fam.name)
    FamilyNote.objects.bulk_create(
        FamilyNote(family=stored, heading=n["heading"], text=n["text"].strip(), order=i)
        for i, n in enumerate(entry.get("notes") or [])
    )
    pairs = [("", d) for d in entry.get("icd10") or []]
    pairs += [(str(code), d) for code, codes in (entry.get("codes") or {}).items() for d in codes]
    RelatedDiagnosis.objects.bulk_create(
        RelatedDiagnosis(family=stored, code=code, icd10=icd10, order=i) for i, (code, icd10) in enumerate(pairs)
    )
