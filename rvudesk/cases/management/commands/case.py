"""rvudesk case CODE[-MOD[-MOD]][xUNITS]… --setting facility [--locality MAC-LOC | --zip ZIP] [--release ID]
[--date YYYY-MM-DD] [--policy medicare|full_credit|custom [--credit secondary=75 …]] [--ranking fee|wrvu] [--json]"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rvudesk.cases.export import table
from rvudesk.cases.lineformat import parse_line
from rvudesk.cases.pricing import CREDIT_KEYS, POLICIES, CaseRequestError, price_request
from rvudesk.catalog.management.pricing_options import add_pricing_options


class Command(BaseCommand):
    help = "Price a case of several codes with Medicare's multiple-procedure and modifier rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lines", nargs="+", metavar="CODE[-MOD[-MOD]][xUNITS]")
        parser.add_argument("--setting", choices=("facility", "nonfacility"), required=True)
        add_pricing_options(parser)
        parser.add_argument("--policy", choices=POLICIES, default="medicare", help="wRVU credit policy")
        parser.add_argument("--credit", nargs="+", metavar="KEY=PERCENT", default=[],
                            help=f"custom policy percentages: {', '.join(CREDIT_KEYS)} (e.g. secondary=75)")
        parser.add_argument("--ranking", choices=("fee", "wrvu"), default="fee", help="rank lines by fee or wRVU")
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        keys = ("setting", "locality", "zip", "release", "date", "cf", "policy", "ranking")
        request = {key: options[key] for key in keys}
        try:
            if options["credit"]:
                request["credit"] = {k: float(v) for k, _, v in (item.partition("=") for item in options["credit"])}
            answer = price_request({**request, "lines": [parse_line(arg) for arg in options["lines"]]})
        except ValueError as exc:
            raise CommandError(f"--credit takes KEY=PERCENT items, e.g. secondary=75 ({exc})") from exc
        except CaseRequestError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(answer, indent=1) if options["json"] else table(answer))
