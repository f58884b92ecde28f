"""/finder and /finder/<ids…>: one question per page; works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rvudesk.catalog.views import not_found
from rvudesk.finder import page


def finder(request: HttpRequest, path: str = "") -> HttpResponse:
    context = page.build([p for p in path.split("/") if p])
    if context is None:
        return not_found(request)
    return render(request, "finder.html", context)
