"""rvudesk price CODE [--modifier 26] [--locality MAC-LOC | --zip ZIP] [--release ID | --date YYYY-MM-DD] [--json]"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rvudesk.catalog import codepage
from rvudesk.catalog.management.pricing_options import add_pricing_options
from rvudesk.catalog.rendering import plain


class Command(BaseCommand):
    help = "Show the RVUs and national (and local) payment of one code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("--modifier", default="", help="26, TC or 53 for a component row")
        add_pricing_options(parser)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            code = codepage.normalise_code(options["code"])
            page = codepage.lookup(code, options["release"], options["date"], options["locality"], options["zip"],
                                   options["cf"])
        except codepage.PageError as exc:
            raise CommandError(exc.message) from exc
        modifier = options["modifier"].upper()
        row = next((r for r in page["rows"] if r["modifier"] == modifier), None)
        if row is None:
            raise CommandError(f"{code} has no row with modifier {modifier!r} in {page['release']['id']}")
        if options["json"]:
            keys = ("code", "descriptor", "status", "release", "global_days", "indicators", "locality")
            self.stdout.write(json.dumps(plain({**{k: page[k] for k in keys}, "row": row}), indent=1))
            return
        self.stdout.write(self._table(page, row))

    def _table(self, page: dict[str, Any], row: dict[str, Any]) -> str:
        rvu, pay, loc = row["rvu"], row["payment"], page["locality"]
        lines = [
            f"{page['code']}{'-' + row['modifier'] if row['modifier'] else ''}  {page['descriptor']}",
            f"{page['release']['label']}, conversion factor {page['release']['conversion_factor']}; "
            f"status {page['status']['code']} ({page['status']['label']}); global {page['global_days']}",
            f"{'':22}{'Non-facility':>14}{'Facility':>14}",
            f"{'Work RVU':22}{rvu['work']:>14}{rvu['work']:>14}",
            f"{'PE RVU':22}{rvu['pe_nonfacility']:>14}{rvu['pe_facility']:>14}",
            f"{'MP RVU':22}{rvu['mp']:>14}{rvu['mp']:>14}",
            f"{'Total RVU':22}{rvu['total_nonfacility']:>14}{rvu['total_facility']:>14}",
            f"{'National payment':22}{'$' + str(pay['national_nonfacility']):>14}"
            f"{'$' + str(pay['national_facility']):>14}",
        ]
        if loc:
            lines.append(f"{'Locality ' + loc['id']:22}{'$' + str(pay['locality_nonfacility']):>14}"
                         f"{'$' + str(pay['locality_facility']):>14}")
            lines.append(f"  {loc['name']} ({loc['state']}): GPCI work {loc['gpci_work']}, PE {loc['gpci_pe']}, "
                         f"MP {loc['gpci_mp']}")
        lines.append(page["notice"])
        return "\n".join(lines)
