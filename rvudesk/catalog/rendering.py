"""One dict, two renderings: a page context as HTML through its template, or as JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def plain(value: Any) -> Any:
    """JSON-ready copy: Decimals become numbers (CMS values already carry their decimals)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def respond(request: HttpRequest, template: str, context: dict[str, Any], as_json: bool,
            status: int = 200, extra: dict[str, Any] | None = None) -> HttpResponse:
    """Render the context with the template, or return it as JSON."""
    if as_json:
        return JsonResponse(plain(context), status=status)
    return render(request, template, {**context, **(extra or {})}, status=status)
