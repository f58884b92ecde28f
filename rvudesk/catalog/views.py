"""Catalog pages: home, code pages and their JSON twins, a simple code search."""

from __future__ import annotations

import csv
import itertools
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render

from rvudesk.catalog import codepage, familypage, history, searching, seo
from rvudesk.catalog import download as bulk
from rvudesk.catalog.codepage import PageError
from rvudesk.catalog.models import Locality, Release
from rvudesk.catalog.rendering import respond
from rvudesk.edits.models import EditVersion
from rvudesk.icd10.models import CodeSetVersion


def home(request: HttpRequest) -> HttpResponse:
    """Code box and the loaded releases."""
    return render(request, "home.html", {"releases": Release.objects.all()})


def code(request: HttpRequest, raw: str, fmt: str = "") -> HttpResponse:
    """/cpt/<code> and /cpt/<code>.json."""
    as_json = fmt == ".json"
    params = request.GET
    try:
        code_ = codepage.normalise_code(raw)
        if code_ != raw and not as_json:
            return redirect(request.get_full_path().replace(f"/{raw}", f"/{code_}", 1))
        context = codepage.lookup(code_, params.get("release"), params.get("date"), params.get("locality"),
                                  params.get("zip"), params.get("cf"))
        context["history"] = history.code_history(code_)
    except PageError as exc:
        return respond(request, "not_found.html", {"error": exc.message, "near": exc.near}, as_json,
                       status=exc.status)
    extra: dict[str, Any] = {}
    if not as_json:
        canonical = request.build_absolute_uri(f"/cpt/{code_}")
        extra = {"releases": Release.objects.values_list("id", flat=True),
                 "localities": Locality.objects.filter(release_id=context["release"]["id"]),
                 "zip": params.get("zip", ""), "canonical": canonical,
                 "json_ld": seo.json_ld(seo.code_page(context, canonical, request.build_absolute_uri("/")[:-1]))}
    return respond(request, "code.html", context, as_json, extra=extra)


def family(request: HttpRequest, slug: str) -> HttpResponse:
    """/family/<slug>: the family's codes in the comparison table."""
    release = Release.objects.first()
    context = familypage.family_page(slug, release) if release else None
    if context is None:
        return not_found(request)
    return render(request, "family.html", context)


def section(request: HttpRequest, slug: str) -> HttpResponse:
    """/section/<slug>: the groups and families inside a section."""
    release = Release.objects.first()
    context = familypage.section_page(slug, release) if release else None
    if context is None:
        return not_found(request)
    return render(request, "section.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """/search?q=: an exact code goes straight to its page; otherwise results grouped by kind."""
    query = request.GET.get("q", "").strip()[:200]
    results = searching.search(query, 50) if query else []
    exact = [r for r in results[:1] if r["code"].replace(".", "").upper() == query.replace(".", "").upper()]
    if exact:
        return redirect(exact[0]["url"])
    return render(request, "search.html", {"q": query, "groups": searching.grouped(results), "count": len(results),
                                           "notice": codepage.AMA_NOTICE})


def releases(request: HttpRequest) -> HttpResponse:
    """/releases: every loaded release, and links to what changed between them."""
    loaded = list(Release.objects.all())
    pairs = [(older.id, newer.id) for newer, older in itertools.pairwise(loaded)]
    return render(request, "releases.html", {"releases": loaded, "pairs": pairs})


def release_diff(request: HttpRequest, old: str, new: str, fmt: str = "") -> HttpResponse:
    """/releases/<from>...<to>[.csv|.json]: new, deleted and changed rows; ?group= filters, ?sort= sorts."""
    try:
        found = history.release_diff(old, new)
    except PageError as exc:
        return respond(request, "not_found.html", {"error": exc.message, "near": []}, fmt == ".json",
                       status=exc.status)
    group, sort = request.GET.get("group", "")[:120], request.GET.get("sort", "code")
    rows = history.table(found, group, sort, request.GET.get("dir") == "desc")
    if fmt == ".csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="rvudesk-{found["from"]}-{found["to"]}.csv"'
        csv.writer(response).writerows(history.csv_rows(found, rows))
        return response
    if fmt == ".json":
        return respond(request, "", found, True)
    return render(request, "release_diff.html", {**found, "rows": rows, "group": group, "sort": sort,
                                                 "notice": codepage.AMA_NOTICE})


def download(request: HttpRequest, release_id: str, fmt: str) -> HttpResponseBase:
    """/download/<release>.csv|.json: every row of the release, streamed; 304 when unchanged."""
    release = Release.objects.filter(id=release_id.upper()).first()
    if release is None:
        return not_found(request)
    tag = bulk.etag(release)
    if request.headers.get("If-None-Match") == tag:
        response: HttpResponseBase = HttpResponse(status=304)
    elif fmt == "csv":
        response = StreamingHttpResponse(bulk.csv_lines(release), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(bulk.json_chunks(release), content_type="application/json")
    response["ETag"] = tag
    if response.status_code == 200:
        response["Content-Disposition"] = f'attachment; filename="rvudesk-{release.id}.{fmt}"'
    return response


def sources(request: HttpRequest) -> HttpResponse:
    """Where the data comes from: CMS files per release, NCCI versions, ICD-10-CM, and the notices."""
    return render(request, "sources.html", {
        "releases": Release.objects.all(), "ncci": EditVersion.objects.all(), "icd10": CodeSetVersion.objects.first(),
        "ama_notice": codepage.AMA_NOTICE, "ada_notice": codepage.ADA_NOTICE,
    })


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Site-wide 404 page with a search box."""
    return render(request, "not_found.html", {"error": "There is no page at this address."}, status=404)
