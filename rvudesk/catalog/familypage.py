"""Where a code sits: breadcrumb, family, and the family comparison table."""

from __future__ import annotations

from typing import Any

from rvudesk.catalog.models import Release, Rvu
from rvudesk.pfs import descriptors, families
from rvudesk.pfs.families import Crumb, Family


def crumb_url(crumb: Crumb, is_family: bool) -> str:
    return f"/{'family' if is_family else 'section'}/{crumb.slug}"


def placement(code: str, release: Release) -> dict[str, Any]:
    """The code's breadcrumb ({name, url}), family ({name, slug, first, last}) and its siblings."""
    found = families.locate(code)
    if found is None:
        return {"breadcrumb": [], "family": None, "related_codes": []}
    crumbs = [{"name": c.name, "url": crumb_url(c, False)} for c in found.path]
    crumbs.append({"name": found.family.name, "url": crumb_url(found.family.crumb, True)})
    fam = found.family
    return {"breadcrumb": crumbs, "family": {"name": fam.name, "slug": fam.slug, "first": fam.first,
                                             "last": fam.last},
            "related_codes": related_codes(release, fam)}


def related_codes(release: Release, family: Family) -> list[dict[str, Any]]:
    """Every code of the family in the release (global rows), with its distinguishing numbers."""
    rows = Rvu.objects.filter(release=release, modifier="", hcpcs__gte=family.first, hcpcs__lte=family.last)
    return [
        {"code": r.hcpcs, "descriptor": r.description, "plain_descriptor": descriptors.expand(r.description),
         "work_rvu": r.work, "total_nonfacility": r.total_nonfacility, "total_facility": r.total_facility,
         "global_days": r.global_days, "status": r.status}
        for r in rows.order_by("hcpcs") if families.in_range(r.hcpcs, family.first, family.last)
    ]


def family_page(slug: str, release: Release) -> dict[str, Any] | None:
    """A family page: its breadcrumb and its codes."""
    fam = families.family(slug)
    if fam is None:
        return None
    crumbs = [{"name": c.name, "url": crumb_url(c, False)} for c in fam.path]
    return {"name": fam.name, "slug": fam.slug, "first": fam.first, "last": fam.last, "breadcrumb": crumbs,
            "release": {"id": release.id, "label": release.label}, "codes": related_codes(release, fam)}


TABLE_LIMIT = 600  # a section with more codes lists its families only, each linking to its table


def section_page(slug: str, release: Release) -> dict[str, Any] | None:
    """A section page: its breadcrumb, the groups and families inside it, and (when it is small
    enough to read) every family's comparison table."""
    group = families.section(slug)
    if group is None:
        return None
    codes = families.codes_in(slug, Rvu.objects.filter(release=release, modifier="").values_list("hcpcs", flat=True))
    tables = []
    if len(codes) <= TABLE_LIMIT:
        tables = [{"name": f.name, "url": crumb_url(f.crumb, True), "codes": rows}
                  for f in group.families() if (rows := related_codes(release, f))]
    children = [{"name": c.name, "url": crumb_url(c.crumb, isinstance(c, Family)),
                 "range": f"{c.first}–{c.last}" if isinstance(c, Family) else
                 ", ".join(f"{a}–{b}" for a, b in c.ranges)} for c in group.children]
    return {"name": group.name, "slug": group.slug, "breadcrumb": [{"name": c.name, "url": crumb_url(c, False)}
                                                                    for c in group.path], "children": children,
            "code_count": len(codes), "tables": tables, "release": {"id": release.id, "label": release.label}}
