"""HTTP caching: a release's data never changes once imported, so answers about a fixed release
(`release=`, a date of service, a diff between two releases, a bulk download) may be cached for a
day and revalidated by ETag; answers about "the newest release" for five minutes. Django's
ConditionalGetMiddleware adds the ETag and answers If-None-Match with 304."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

CACHED_PATHS = ("/cpt/", "/hcpcs/", "/icd10/", "/family/", "/section/", "/releases", "/download/", "/api/code",
                "/api/codes", "/api/price", "/api/diff", "/api/icd10", "/api/localities", "/api/finder")
FIXED_DAY = 24 * 3600
NEWEST = 300


def fixed_release(request: HttpRequest) -> bool:
    """True when the request names its release(s) instead of asking for the newest."""
    query = request.GET
    return (bool(query.get("release") or query.get("date")) or request.path.startswith(("/download/", "/api/diff"))
            or "..." in request.path)


class CacheHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and request.path.startswith(CACHED_PATHS):
            age = FIXED_DAY if fixed_release(request) else NEWEST
            patch_cache_control(response, public=True, max_age=age)
        return response
