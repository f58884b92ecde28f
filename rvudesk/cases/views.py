"""/case: the Case Builder page (plain form, htmx makes it live), and its CSV and text exports."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rvudesk.cases import casepage, export
from rvudesk.cases.caseform import CaseForm
from rvudesk.cases.pricing import CaseRequestError, price_request


def case(request: HttpRequest) -> HttpResponse:
    """The Case Builder. A submitted form is redirected to its canonical URL (htmx: the URL is replaced)."""
    form = CaseForm.from_query(request.GET)
    canonical = f"/case?{form.query()}" if form.lines else "/case"
    live = request.headers.get("HX-Request") == "true"
    if form.from_rows and not live:
        return redirect(canonical)
    response = render(request, "case.html", casepage.build(form))
    if live:
        response["HX-Replace-Url"] = canonical
    return response


def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """/case.csv and /case.txt: the priced case for a spreadsheet or to paste into a note."""
    try:
        answer = price_request(CaseForm.from_query(request.GET).request())
    except CaseRequestError as exc:
        return HttpResponse(exc.message + "\n", status=exc.status, content_type="text/plain; charset=utf-8")
    if fmt == "txt":
        return HttpResponse(export.table(answer) + "\n", content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rvudesk-case.csv"'
    csv.writer(response).writerows(export.csv_rows(answer))
    return response
