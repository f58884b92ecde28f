"""Template context shared by every page: the newest release for the footer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rvudesk.catalog.models import Release


def site(request: HttpRequest) -> dict[str, Any]:
    return {"newest_release": Release.objects.only("id", "year", "quarter", "conversion_factor").first()}
