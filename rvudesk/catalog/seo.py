"""For search engines: JSON-LD (MedicalWebPage with its BreadcrumbList) for code pages and the
sitemaps of every code, family, section and ICD-10-CM page."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.utils.safestring import SafeString, mark_safe

from rvudesk.catalog.models import Release, Rvu
from rvudesk.icd10.models import Icd10Code
from rvudesk.pfs import families

# Characters that would end or confuse a <script> element (as django.utils.html.json_script escapes them).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    """The data as the body of a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # escaped above


def code_page(page: dict[str, Any], url: str, origin: str) -> dict[str, Any]:
    """MedicalWebPage about the procedure, with the breadcrumb as a BreadcrumbList."""
    crumbs = [{"name": c["name"], "url": origin + c["url"]} for c in page["breadcrumb"]]
    crumbs.append({"name": f"{page['code']} {page['descriptor']}", "url": url})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": url,
        "name": f"{page['code']} {page['descriptor']}",
        "description": page["plain_descriptor"],
        "about": {"@type": "MedicalProcedure", "name": page["plain_descriptor"],
                  "code": {"@type": "MedicalCode", "codeValue": page["code"],
                           "codingSystem": "CPT" if page["kind"] == "CPT" else "HCPCS"}},
        "breadcrumb": {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": i, "name": c["name"], "item": c["url"]}
            for i, c in enumerate(crumbs, start=1)]},
    }
    if page.get("last_reviewed"):
        data["lastReviewed"] = page["last_reviewed"]
    return data


class CodeSitemap(Sitemap):  # type: ignore[type-arg]
    """Every code of the newest release."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        release = Release.objects.first()
        if release is None:
            return []
        return list(Rvu.objects.filter(release=release, modifier="").order_by("hcpcs").values_list("hcpcs", flat=True))

    def location(self, item: str) -> str:
        return f"/cpt/{item}"


class FamilySitemap(Sitemap):  # type: ignore[type-arg]
    """Every family and section page."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        out: list[str] = []

        def walk(group: families.Group) -> None:
            out.append(f"/section/{group.slug}")
            for child in group.children:
                if isinstance(child, families.Group):
                    walk(child)
                else:
                    out.append(f"/family/{child.slug}")

        for section in families.sections():
            walk(section)
        return out

    def location(self, item: str) -> str:
        return item


class Icd10Sitemap(Sitemap):  # type: ignore[type-arg]
    """Every ICD-10-CM page (chapters, blocks, categories, codes)."""

    changefreq = "yearly"

    def items(self) -> list[str]:
        return list(Icd10Code.objects.order_by("position").values_list("code", flat=True))

    def location(self, item: str) -> str:
        return f"/icd10/{item}"


SITEMAPS = {"codes": CodeSitemap, "families": FamilySitemap, "icd10": Icd10Sitemap}
