"""The JSON API under /api/ (django-ninja; OpenAPI at /api/openapi.json, docs at /api/docs).

Thin: every endpoint hands its parameters to the module that builds the same dict the pages
show. Errors are {"error": message} with a 4xx status; wrong parameter types are 400s too.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema, Status
from ninja.errors import ValidationError

from rvudesk.cases.pricing import CaseRequestError, price_request
from rvudesk.catalog import codelist, codepage, history, searching
from rvudesk.catalog.codepage import PageError
from rvudesk.catalog.models import Locality, Release
from rvudesk.catalog.rendering import plain
from rvudesk.icd10 import page as icd10_page
from rvudesk.pfs import finder

api = NinjaAPI(title="RVU Desk API", version="1", urls_namespace="api",
               description="Medicare Physician Fee Schedule RVUs, payment, NCCI edits, ICD-10-CM and the Case "
                           "Builder. CPT codes and descriptions only are copyright American Medical Association.")


class Error(Schema):
    error: str


OK = {200: dict[str, Any], 400: Error, 404: Error}
CASE_BODY = {
    "type": "object", "required": ["lines"],
    "properties": {
        "setting": {"type": "string", "enum": ["facility", "nonfacility"]},
        "pos": {"type": "string", "description": "place of service, instead of setting"},
        "release": {"type": "string"}, "date": {"type": "string", "format": "date"},
        "locality": {"type": "string", "example": "01112-54"}, "zip": {"type": "string"},
        "cf": {"type": "string", "enum": ["nonqp", "qp"]},
        "policy": {"type": "string", "enum": ["medicare", "full_credit", "custom"]},
        "credit": {"type": "object", "additionalProperties": {"type": "number"}},
        "ranking": {"type": "string", "enum": ["fee", "wrvu"]},
        "lines": {"type": "array", "items": {"type": "object", "required": ["code"], "properties": {
            "code": {"type": "string"}, "modifiers": {"type": "array", "items": {"type": "string"}},
            "units": {"type": "integer"}}}},
    },
}


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Parameters of the wrong type get the API's usual 400 {"error": ...}, naming them."""
    where = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors)
    return _error(request, f"bad parameters: {where}", 400)


@api.exception_handler(PageError)
def page_error(request: HttpRequest, exc: PageError) -> HttpResponse:
    return _error(request, exc.message, exc.status)


@api.exception_handler(CaseRequestError)
def case_error(request: HttpRequest, exc: CaseRequestError) -> HttpResponse:
    return _error(request, exc.message, exc.status)


@api.post("/case", response=OK, openapi_extra={"requestBody": {
    "required": True, "content": {"application/json": {"schema": CASE_BODY}}}})
def case(request: HttpRequest) -> Any:
    """Price a case with the multiple-procedure rules; lines come back in request order."""
    # The body is parsed here rather than by a schema so that every bad body gets a message
    # naming the line and the problem.
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return Status(400, {"error": "the request body is not JSON"})
    return price_request(data)


@api.get("/code/{code}", response=OK)
def code(request: HttpRequest, code: str, release: str = "", date: str = "", locality: str = "", zip: str = "",
         cf: str = "") -> Any:
    """One code, all its rows (global, 26, TC, 53), as its page shows it, for a release or a date of service."""
    page = codepage.lookup(codepage.normalise_code(code), release or None, date or None, locality or None,
                           zip or None, cf or None)
    return plain({**page, "history": history.code_history(page["code"])})


@api.get("/codes", response=OK)
def codes(request: HttpRequest, first: str = "", last: str = "", group: str = "", release: str = "",
          date: str = "", page: int = 1, per_page: int = 100) -> Any:
    """Codes of a release by range (first, last) and/or family or section slug (group), paged."""
    found = codelist.codes(codepage.release_for(release or None, date or None), first.strip().upper(),
                           last.strip().upper(), group.strip(), page, per_page)
    return plain(found)


@api.get("/price", response=OK)
def price(request: HttpRequest, code: str, modifiers: str = "", units: int = 1, setting: str = "facility",
          release: str = "", date: str = "", locality: str = "", zip: str = "", cf: str = "") -> Any:
    """One code priced as a one-line case (modifiers comma-separated, e.g. 50 or 26)."""
    body = {"setting": setting, "release": release, "date": date, "locality": locality, "zip": zip, "cf": cf,
            "lines": [{"code": code, "modifiers": [m for m in modifiers.replace(" ", "").split(",") if m],
                       "units": units}]}
    answer = price_request({k: v for k, v in body.items() if v != ""})
    return {**{k: v for k, v in answer.items() if k not in ("lines", "totals")}, "line": answer["lines"][0]}


@api.get("/search", response=OK)
def search(request: HttpRequest, q: str = "", limit: int = 10) -> Any:
    """Codes best first: {"results": [{"kind": "cpt"|"hcpcs"|"icd10", "code", "descriptor", "url"}]}."""
    if not 1 <= limit <= 100:
        return Status(400, {"error": "'limit' must be between 1 and 100"})
    return {"results": searching.search(q, limit) if q.strip() else []}


@api.get("/icd10/{code}", response=OK)
def icd10(request: HttpRequest, code: str) -> Any:
    """An ICD-10-CM chapter, block, category or code: description, path, children, billable, families."""
    return icd10_page.build(icd10_page.normalise(code))


@api.get("/localities", response=OK)
def localities(request: HttpRequest, release: str = "", date: str = "") -> Any:
    """The payment localities of a release with their GPCIs."""
    found = codepage.release_for(release or None, date or None)
    return plain({"release": found.id, "localities": [_locality(x) for x in Locality.objects.filter(release=found)]})


@api.get("/localities/{zip}", response=OK)
def locality_of_zip(request: HttpRequest, zip: str, release: str = "", date: str = "") -> Any:
    """The locality a ZIP code is priced in (CMS ZIP-to-locality file)."""
    found = codepage.release_for(release or None, date or None)
    place = codepage.locality_for(found, None, zip)
    if place is None:  # locality_for only returns None without a ZIP
        return Status(400, {"error": "give a 5-digit ZIP code"})
    return plain({"release": found.id, "zip": zip, "locality": _locality(place)})


@api.get("/releases", response=OK)
def releases(request: HttpRequest) -> Any:
    """The loaded releases, newest first."""
    return plain({"releases": [
        {"id": r.id, "label": r.label, "effective_from": r.effective_from.isoformat(),
         "conversion_factor": r.conversion_factor, "conversion_factor_qp": r.cf(True) if r.qp_available else None,
         "rows": r.row_count, "codes": r.code_count, "localities": r.locality_count,
         "imported_at": r.imported_at.isoformat(), "source_files": r.source_files}
        for r in Release.objects.all()]})


@api.get("/diff", response=OK)
def diff(request: HttpRequest) -> Any:
    """What changed between two loaded releases: ?from=RVU25D&to=RVU26C."""
    return plain(history.release_diff(request.GET.get("from", ""), request.GET.get("to", "")))


@api.get("/finder", response=OK)
def finder_tree(request: HttpRequest) -> Any:
    """The whole Code Finder tree: {"specialties": [node…]}; a node has id and label and either
    question + children or code, icd10 and modifiers."""
    return {"specialties": [s.as_dict() for s in finder.specialties()]}


def _locality(place: Locality) -> dict[str, Any]:
    return {"id": place.locality_id, "name": place.name, "state": place.state, "gpci_work": place.gpci_work,
            "gpci_pe": place.gpci_pe, "gpci_mp": place.gpci_mp, "counties": place.counties}


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return api.create_response(request, {"error": message}, status=status)
