"""/icd10/<code> and its .json twin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from rvudesk.catalog.codepage import PageError
from rvudesk.catalog.rendering import respond
from rvudesk.icd10 import page


def icd10(request: HttpRequest, raw: str, fmt: str = "") -> HttpResponse:
    as_json = fmt == ".json"
    try:
        code = page.normalise(raw)
        if code != raw and not as_json:
            return redirect(f"/icd10/{code}")
        context = page.build(code)
    except PageError as exc:
        return respond(request, "not_found.html", {"error": exc.message, "near": []}, as_json, status=exc.status)
    return respond(request, "icd10.html", context, as_json)
