"""For search engines and people: JSON-LD and canonical URLs on code pages, sitemaps, the sources page."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from rvudesk.catalog.codepage import AMA_NOTICE

pytestmark = pytest.mark.django_db


def test_code_pages_carry_a_medical_web_page_with_its_breadcrumb(client):
    soup = BeautifulSoup(client.get("/cpt/11401?zip=93301").content, "html.parser")
    assert soup.select_one("link[rel=canonical]")["href"] == "http://testserver/cpt/11401"  # no query string
    data = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "MedicalWebPage"
    assert data["about"]["code"] == {"@type": "MedicalCode", "codeValue": "11401", "codingSystem": "CPT"}
    items = data["breadcrumb"]["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, len(items) + 1))
    assert items[0] == {"@type": "ListItem", "position": 1, "name": "Surgery", "item": "http://testserver/section/surgery"}
    assert items[-2]["name"] == "Excision–Benign Lesions" and items[-1]["item"] == "http://testserver/cpt/11401"


def test_the_sitemap_index_names_every_part_and_the_parts_list_every_page(client):
    index = client.get("/sitemap.xml").content.decode()
    for part in ("sitemap-codes.xml", "sitemap-families.xml", "sitemap-icd10.xml", "sitemap-icd10.xml?p=2"):
        assert f"http://testserver/{part}</loc>" in index
    assert "<loc>http://testserver/cpt/47562</loc>" in client.get("/sitemap-codes.xml").content.decode()
    families = client.get("/sitemap-families.xml").content.decode()
    assert "<loc>http://testserver/family/excision-benign-lesions</loc>" in families
    assert "<loc>http://testserver/section/surgery</loc>" in families
    icd10 = client.get("/sitemap-icd10.xml").content.decode() + client.get("/sitemap-icd10.xml?p=2").content.decode()
    assert "<loc>http://testserver/icd10/K80.20</loc>" in icd10
    assert icd10.count("<url>") == 98466


def test_the_sources_page_names_the_releases_versions_and_notices(client):
    text = BeautifulSoup(client.get("/sources").content, "html.parser").get_text(" ", strip=True)
    assert "RVU26C" in text and "PPRRVU2026_Jul_nonQPP.csv" in text
    assert "PTP v30.1 (2024-04-01)" in text
    assert "ICD-10-CM April 2026 update (FY2026)" in text
    assert AMA_NOTICE in text and "American Dental Association" in text
