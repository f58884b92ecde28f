"""Stored reference data: one PFS release at a time, immutable once imported."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

from django.db import models

from rvudesk.pfs.fees import Gpci, qp_conversion_factor
from rvudesk.pfs.release import ReleaseId
from rvudesk.pfs.rvurow import RvuRow

RVU_FIELDS = tuple(f.name for f in fields(RvuRow))


class Release(models.Model):
    """A quarterly PFS release (e.g. RVU26C) as imported from CMS's files."""

    id = models.CharField(primary_key=True, max_length=8)
    year = models.PositiveSmallIntegerField()
    quarter = models.CharField(max_length=1)
    effective_from = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    released = models.CharField(max_length=40, blank=True)
    conversion_factor = models.DecimalField(max_digits=8, decimal_places=4)
    conversion_factor_qp = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    source_files = models.TextField(blank=True)
    imported_at = models.DateTimeField(auto_now=True)
    import_seconds = models.FloatField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    code_count = models.PositiveIntegerField(default=0)
    locality_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.id

    @property
    def label(self) -> str:
        return ReleaseId(self.year, self.quarter).label

    def cf(self, qp: bool = False) -> Decimal:
        """The conversion factor for non-QP (default) or QP clinicians (check `qp_available` first)."""
        if not qp:
            return self.conversion_factor
        found = self.conversion_factor_qp or qp_conversion_factor(self.year, self.conversion_factor)
        if found is None:
            raise ValueError(f"{self.id} has no QP conversion factor loaded")
        return found

    @property
    def qp_available(self) -> bool:
        return bool(self.conversion_factor_qp or qp_conversion_factor(self.year, self.conversion_factor))


class Rvu(models.Model):
    """One PPRRVU row: HCPCS + modifier in a release, with every column of the CMS file."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="rvus")
    # The columns of RvuRow, in the CMS file's order.
    hcpcs = models.CharField(max_length=5, blank=True)
    modifier = models.CharField(max_length=2, blank=True)
    description = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=1, blank=True)
    not_used_for_medicare = models.CharField(max_length=1, blank=True)
    work = models.DecimalField(max_digits=7, decimal_places=2)
    pe_nonfacility = models.DecimalField(max_digits=7, decimal_places=2)
    nonfacility_na = models.CharField(max_length=2, blank=True)
    pe_facility = models.DecimalField(max_digits=7, decimal_places=2)
    facility_na = models.CharField(max_length=2, blank=True)
    mp = models.DecimalField(max_digits=7, decimal_places=2)
    total_nonfacility = models.DecimalField(max_digits=7, decimal_places=2)
    total_facility = models.DecimalField(max_digits=7, decimal_places=2)
    pctc = models.CharField(max_length=1, blank=True)
    global_days = models.CharField(max_length=3, blank=True)
    pre_op = models.DecimalField(max_digits=7, decimal_places=2)
    intra_op = models.DecimalField(max_digits=7, decimal_places=2)
    post_op = models.DecimalField(max_digits=7, decimal_places=2)
    mult_proc = models.CharField(max_length=1, blank=True)
    bilateral = models.CharField(max_length=1, blank=True)
    assistant = models.CharField(max_length=1, blank=True)
    co_surgeon = models.CharField(max_length=1, blank=True)
    team = models.CharField(max_length=1, blank=True)
    pricing_indicator = models.CharField(max_length=1, blank=True)
    endo_base = models.CharField(max_length=5, blank=True)
    conversion_factor = models.DecimalField(max_digits=8, decimal_places=4)
    supervision = models.CharField(max_length=2, blank=True)
    calculation_flag = models.CharField(max_length=1, blank=True)
    imaging_family = models.CharField(max_length=2, blank=True)
    opps_pe_nonfacility = models.DecimalField(max_digits=7, decimal_places=2)
    opps_pe_facility = models.DecimalField(max_digits=7, decimal_places=2)
    opps_mp = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "hcpcs", "modifier"], name="rvu_release_code_mod")
        ]
        indexes = [models.Index(fields=["hcpcs", "release"])]

    def __str__(self) -> str:
        return f"{self.release_id} {self.hcpcs}{'-' + self.modifier if self.modifier else ''}"

    def to_row(self) -> RvuRow:
        return RvuRow(**{name: getattr(self, name) for name in RVU_FIELDS})

    @staticmethod
    def rows(queryset: models.QuerySet[Rvu]) -> list[RvuRow]:
        """The queryset's rows as RvuRows, without building model instances (fast for whole releases)."""
        return [RvuRow(*values) for values in queryset.values_list(*RVU_FIELDS)]


class Locality(models.Model):
    """A Medicare payment locality of a release with its GPCIs and anesthesia CF."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="localities")
    mac = models.CharField(max_length=5)
    number = models.CharField(max_length=2)
    state = models.CharField(max_length=2)
    name = models.CharField(max_length=100)
    gpci_work = models.DecimalField(max_digits=5, decimal_places=3)
    gpci_pe = models.DecimalField(max_digits=5, decimal_places=3)
    gpci_mp = models.DecimalField(max_digits=5, decimal_places=3)
    anesthesia_cf = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    counties = models.TextField(blank=True)

    class Meta:
        ordering = ["state", "name"]
        constraints = [
            models.UniqueConstraint(fields=["release", "mac", "number"], name="locality_release_mac_number")
        ]

    def __str__(self) -> str:
        return f"{self.locality_id} {self.name}"

    @property
    def locality_id(self) -> str:
        return f"{self.mac}-{self.number}"

    @property
    def gpci(self) -> Gpci:
        return Gpci(self.gpci_work, self.gpci_pe, self.gpci_mp)


class OppsCap(models.Model):
    """OPPS-capped imaging amount per code, modifier and locality (OPPSCAP file)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="opps_caps")
    hcpcs = models.CharField(max_length=5)
    modifier = models.CharField(max_length=2, blank=True)
    status = models.CharField(max_length=1)
    carrier = models.CharField(max_length=5)
    locality = models.CharField(max_length=2)
    facility_price = models.DecimalField(max_digits=9, decimal_places=2)
    nonfacility_price = models.DecimalField(max_digits=9, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["release", "hcpcs"])]


class ZipCode(models.Model):
    """ZIP code → carrier and pricing locality (CMS ZIP5 file; the newest imported quarter)."""

    zip = models.CharField(primary_key=True, max_length=5)
    state = models.CharField(max_length=2)
    carrier = models.CharField(max_length=5)
    locality = models.CharField(max_length=2)
    rural = models.CharField(max_length=1, blank=True)
    quarter = models.CharField(max_length=5)

    def __str__(self) -> str:
        return self.zip

    @property
    def locality_id(self) -> str:
        return f"{self.carrier}-{self.locality}"
