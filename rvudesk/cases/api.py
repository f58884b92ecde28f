"""The JSON API under /api/ (django-ninja; OpenAPI at /api/openapi.json, docs at /api/docs)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from rvudesk.cases.pricing import CaseRequestError, price_request
from rvudesk.catalog import history, searching
from rvudesk.catalog.codepage import PageError
from rvudesk.catalog.rendering import plain
from rvudesk.pfs import finder

api = NinjaAPI(title="RVU Desk API", urls_namespace="api")


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Parameters of the wrong type get the API's usual 400 {"error": ...}, naming them."""
    where = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors)
    return _error(request, f"bad parameters: {where}", 400)


@api.post("/case")
def case(request: HttpRequest) -> Any:
    """Price a case: {"setting", "locality"?, "zip"?, "release"?, "policy"?, "lines": [{code, modifiers, units}]}."""
    # The body is parsed here rather than by a schema so that every bad body is a plain 400 {"error": ...}.
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return _error(request, "the request body is not JSON", 400)
    try:
        return price_request(data)
    except CaseRequestError as exc:
        return _error(request, exc.message, exc.status)


@api.get("/finder")
def finder_tree(request: HttpRequest) -> dict[str, Any]:
    """The whole Code Finder tree: {"specialties": [node…]}; a node has id and label and either
    question + children or code, icd10 and modifiers."""
    return {"specialties": [s.as_dict() for s in finder.specialties()]}


@api.get("/search")
def search(request: HttpRequest, q: str = "", limit: int = 10) -> Any:
    """Codes best first: {"results": [{"kind": "cpt"|"hcpcs"|"icd10", "code", "descriptor", "url"}]}."""
    if not 1 <= limit <= 100:
        return _error(request, "'limit' must be between 1 and 100", 400)
    return {"results": searching.search(q, limit) if q.strip() else []}


@api.get("/diff")
def diff(request: HttpRequest) -> Any:
    """What changed between two loaded releases: ?from=RVU25D&to=RVU26C."""
    try:
        return plain(history.release_diff(request.GET.get("from", ""), request.GET.get("to", "")))
    except PageError as exc:
        return _error(request, exc.message, exc.status)


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return api.create_response(request, {"error": message}, status=status)
