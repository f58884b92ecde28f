"""Editor-maintained knowledge per CPT family: coding notes and related ICD-10-CM diagnoses.

Seeded from the reviewed YAML in rvudesk/content/data/knowledge/ (`rvudesk knowledge`), then
edited in Django admin, where an editor marks a family reviewed (date and name shown on pages).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class FamilyKnowledge(models.Model):
    """The knowledge of one family (slug from rvudesk/content/data/families.yaml)."""

    slug = models.SlugField(primary_key=True, max_length=120)
    name = models.CharField(max_length=200)
    reviewed_on = models.DateField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "family knowledge"

    def __str__(self) -> str:
        return self.name


class FamilyNote(models.Model):
    """One coding note: documentation, choosing between codes, bundling, audit checks."""

    family = models.ForeignKey(FamilyKnowledge, on_delete=models.CASCADE, related_name="notes")
    heading = models.CharField(max_length=80)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["family", "order", "id"]

    def __str__(self) -> str:
        return self.heading


class RelatedDiagnosis(models.Model):
    """An ICD-10-CM code commonly paired with the family (or with one code of it, `code`)."""

    family = models.ForeignKey(FamilyKnowledge, on_delete=models.CASCADE, related_name="diagnoses")
    code = models.CharField(max_length=5, blank=True, help_text="CPT code this pairing is for; blank = the family")
    icd10 = models.CharField(max_length=10, db_index=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["family", "code", "order", "id"]
        verbose_name_plural = "related diagnoses"

    def __str__(self) -> str:
        return f"{self.code or self.family_id} → {self.icd10}"

    def clean(self) -> None:
        """Only billable FY2026 ICD-10-CM codes may be listed (checked when an editor saves)."""
        from rvudesk.icd10.models import Icd10Code

        self.icd10 = self.icd10.strip().upper()
        if not Icd10Code.objects.filter(code=self.icd10, billable=True).exists():
            raise ValidationError({"icd10": f"{self.icd10} is not a billable ICD-10-CM code in the loaded code set"})
