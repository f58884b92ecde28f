"""NCCI edit tables as loaded from CMS's quarterly files: one EditVersion per file set and its rows."""

from __future__ import annotations

from django.db import models

KINDS = [("ptp", "PTP"), ("mue", "MUE"), ("aoc", "AOC")]


class EditVersion(models.Model):
    """One loaded NCCI table version, e.g. "PTP v30.1 (2024-04-01)"; its rows go when it is replaced."""

    kind = models.CharField(max_length=3, choices=KINDS)
    label = models.CharField(max_length=120, unique=True)
    effective = models.DateField(null=True, blank=True)  # first day in force, from the file name
    source = models.TextField(blank=True)  # file names, comma-separated (CMS splits PTP in parts)
    row_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "effective", "label"]

    def __str__(self) -> str:
        return self.label


class PtpEditRow(models.Model):
    """A procedure-to-procedure edit: column 2 is not paid with column 1."""

    version = models.ForeignKey(EditVersion, on_delete=models.CASCADE, related_name="ptp_rows")
    column1 = models.CharField(max_length=5)
    column2 = models.CharField(max_length=5)
    pre_1996 = models.BooleanField(default=False)
    effective = models.DateField(null=True, blank=True)
    deleted = models.DateField(null=True, blank=True)
    modifier_indicator = models.CharField(max_length=1)
    rationale = models.TextField(blank=True)

    class Meta:
        # A code's pairs are looked up by column within a version; without the version in the
        # index SQLite preferred the version index and scanned the whole table.
        indexes = [models.Index(fields=["column1", "version"]), models.Index(fields=["column2", "version"])]


class MueRow(models.Model):
    """A medically unlikely edit of one code."""

    version = models.ForeignKey(EditVersion, on_delete=models.CASCADE, related_name="mue_rows")
    code = models.CharField(max_length=5, db_index=True)
    value = models.PositiveIntegerField()
    adjudication = models.CharField(max_length=1)
    adjudication_text = models.CharField(max_length=100, blank=True)
    rationale = models.TextField(blank=True)


class AocRow(models.Model):
    """An add-on code edit: the add-on is paid only with an eligible primary."""

    version = models.ForeignKey(EditVersion, on_delete=models.CASCADE, related_name="aoc_rows")
    primary = models.CharField(max_length=5)
    addon = models.CharField(max_length=5, db_index=True)
    edit_type = models.CharField(max_length=1)
    effective = models.DateField(null=True, blank=True)
    deleted = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
