"""The ICD-10-CM code set (chapters, blocks, categories and codes) as shipped by simple-icd-10-cm."""

from __future__ import annotations

from django.db import models

KINDS = [("chapter", "Chapter"), ("block", "Block"), ("category", "Category"), ("code", "Code")]


class Icd10Code(models.Model):
    """One item of the ICD-10-CM tabular list; `billable` items are the leaves (valid on a claim)."""

    code = models.CharField(primary_key=True, max_length=10)  # "K80.20", "K80", "K80-K87", "11"
    description = models.TextField()
    kind = models.CharField(max_length=8, choices=KINDS)
    parent = models.CharField(max_length=10, blank=True, db_index=True)
    billable = models.BooleanField(default=False)
    position = models.PositiveIntegerField(db_index=True)  # tabular-list order

    class Meta:
        ordering = ["position"]
        verbose_name = "ICD-10-CM code"

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    @property
    def url(self) -> str:
        return f"/icd10/{self.code}"


class CodeSetVersion(models.Model):
    """Which ICD-10-CM release is loaded (one row)."""

    label = models.CharField(max_length=60)  # "FY2026 (April 2026 update)"
    package_version = models.CharField(max_length=20)
    code_count = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(auto_now=True)
