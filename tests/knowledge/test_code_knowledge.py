"""Code pages carry the family's knowledge: related diagnoses, notes with the code's own facts,
and "Last reviewed" once an editor marks the family reviewed in admin."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from rvudesk.knowledge.models import FamilyKnowledge, RelatedDiagnosis

pytestmark = pytest.mark.django_db
FAMILY = "excision-benign-lesions"


def family() -> FamilyKnowledge:
    return FamilyKnowledge.objects.get_or_create(slug=FAMILY, defaults={"name": "Excision–Benign Lesions"})[0]


def test_the_page_lists_the_diagnoses_with_links_and_the_pairing_caveat(client):
    fam = family()
    fam.diagnoses.all().delete()
    RelatedDiagnosis.objects.create(family=fam, icd10="D23.5", order=0)
    RelatedDiagnosis.objects.create(family=fam, icd10="L72.3", order=1)
    data = client.get("/cpt/11401.json").json()
    assert [d["code"] for d in data["icd10"]] == ["D23.5", "L72.3"]
    assert data["icd10"][0]["description"] == "Other benign neoplasm of skin of trunk"
    soup = BeautifulSoup(client.get("/cpt/11401").content, "html.parser")
    rows = soup.select("table.icd10 tbody tr")
    assert [(r.a["href"], r.td.get_text()) for r in rows][1] == ("/icd10/L72.3", "Sebaceous cyst")
    assert "not a coverage determination" in soup.select_one("section[aria-labelledby=dx]").get_text()


def test_a_per_code_list_wins_over_the_family_list(client):
    fam = family()
    fam.diagnoses.all().delete()
    RelatedDiagnosis.objects.create(family=fam, icd10="D23.5")
    RelatedDiagnosis.objects.create(family=fam, code="11401", icd10="D22.5")
    assert [d["code"] for d in client.get("/cpt/11401.json").json()["icd10"]] == ["D22.5"]
    assert [d["code"] for d in client.get("/cpt/11400.json").json()["icd10"]] == ["D23.5"]


def test_notes_start_with_the_codes_own_facts(client):
    notes = client.get("/cpt/11401.json").json()["notes"]
    assert notes[0]["heading"] == "About 11401"
    assert notes[0]["text"].startswith("11401 has a 10-day global period")


def test_an_editor_marks_the_family_reviewed_and_the_page_says_when_and_who(admin_client, client):
    fam = family()
    assert client.get("/cpt/11401.json").json()["last_reviewed"] is None
    response = admin_client.post("/admin/knowledge/familyknowledge/",
                                 {"action": "mark_reviewed", "_selected_action": [fam.pk]})
    assert response.status_code == 302
    data = client.get("/cpt/11401.json").json()
    assert data["last_reviewed"] == date.today().isoformat()
    html = client.get("/cpt/11401").content.decode()
    assert f"Last reviewed {date.today().isoformat()} by admin." in html


@pytest.mark.parametrize("icd10", ["K80.2", "K80.99", "NOTACODE"])
def test_editors_cannot_list_a_code_that_is_not_billable(icd10):
    with pytest.raises(ValidationError, match="not a billable ICD-10-CM code"):
        RelatedDiagnosis(family=family(), icd10=icd10).full_clean()


def test_the_reviewed_content_shows_on_real_pages(client):
    # rvudesk/content/data/knowledge: laparoscopic cholecystectomy pairs with gallstone diagnoses,
    # total knee arthroplasty with knee osteoarthritis; every family has its four notes.
    chole = client.get("/cpt/47562.json").json()
    assert {"K80.20", "K81.0"} <= {d["code"] for d in chole["icd10"]}
    assert [n["heading"] for n in chole["notes"]] == ["About 47562", "Documentation", "Choosing between codes",
                                                      "Bundling and separate reporting", "Denials and audit checks"]
    assert "M17.11" in {d["code"] for d in client.get("/cpt/27447.json").json()["icd10"]}
    listing = client.get("/icd10/K80.20.json").json()["families"]
    assert {"name": "Biliary Tract › Laparoscopy", "slug": "biliary-tract-laparoscopy", "code": "",
            "url": "/family/biliary-tract-laparoscopy"} in listing


def test_the_admin_pages_for_editors_open(admin_client):
    fam = family()
    assert admin_client.get("/admin/knowledge/familyknowledge/").status_code == 200
    page = admin_client.get(f"/admin/knowledge/familyknowledge/{fam.pk}/change/").content.decode()
    assert "Family notes" in page or "family note" in page.lower()
    assert "related diagnos" in page.lower()


def test_seeding_again_keeps_what_editors_changed_unless_replacing():
    from rvudesk.knowledge import seed

    note = FamilyKnowledge.objects.get(slug=FAMILY).notes.get(heading="Documentation")
    note.text = "Edited by a coder."
    note.save()
    stored, kept = seed.seed()
    assert stored == 0 and kept == FamilyKnowledge.objects.count()
    assert FamilyKnowledge.objects.get(slug=FAMILY).notes.get(heading="Documentation").text == "Edited by a coder."
    seed.seed(replace=True)
    assert FamilyKnowledge.objects.get(slug=FAMILY).notes.get(heading="Documentation").text != "Edited by a coder."
