"""rvudesk case CODE[-MOD[-MOD]][xUNITS]… --setting facility [--locality MAC-LOC | --zip ZIP] [--release ID]
[--policy medicare|full_credit] [--json]"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rvudesk.cases.pricing import POLICIES, CaseRequestError, price_request
from rvudesk.catalog.codepage import AMA_NOTICE

UNITS_RE = re.compile(r"(?P<rest>.+?)x(?P<units>\d{1,4})", re.IGNORECASE)
COLUMNS = f"{'Line':<5}{'Code':<16}{'Units':>5}{'Rank':>5}{'Fee':>11}  {'Adjustments':<34}{'Allowed':>11}" \
          f"{'wRVU':>8}{'Credit':>8}"


def parse_line(arg: str) -> dict[str, Any]:
    """One argument (47562, 49505-50, 64483-RTx2) as a request line."""
    text, units = arg.strip(), 1
    match = UNITS_RE.fullmatch(text)
    # "xN" is units only after a whole code or modifier: 29881-X1 keeps its X1 modifier
    if match and len(match["rest"].rsplit("-", 1)[-1]) in (2, 5):
        text, units = match["rest"], int(match["units"])
    code, *modifiers = text.split("-")
    return {"code": code, "modifiers": modifiers, "units": units}


class Command(BaseCommand):
    help = "Price a case of several codes with Medicare's multiple-procedure and modifier rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lines", nargs="+", metavar="CODE[-MOD[-MOD]][xUNITS]")
        parser.add_argument("--setting", choices=("facility", "nonfacility"), required=True)
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--locality", help="MAC-locality, e.g. 01112-54")
        where.add_argument("--zip", help="5-digit ZIP code")
        parser.add_argument("--release", help="release id, e.g. RVU25D (default: newest)")
        parser.add_argument("--policy", choices=POLICIES, default="medicare", help="wRVU credit policy")
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        request = {key: options[key] for key in ("setting", "locality", "zip", "release", "policy")}
        try:
            answer = price_request({**request, "lines": [parse_line(arg) for arg in options["lines"]]})
        except CaseRequestError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(answer, indent=1) if options["json"] else table(answer))


def table(answer: dict[str, Any]) -> str:
    """The priced case as a plain-text table with totals, flags and the AMA notice."""
    release, loc = answer["release"], answer["locality"]
    where = f"locality {loc['id']} {loc['name']} ({loc['state']})" if loc else "national"
    out = [f"{release['label']}, conversion factor {release['conversion_factor']}; {answer['setting']}, {where}; "
           f"wRVU policy {answer['policy']['name']}", COLUMNS]
    for number, line in enumerate(answer["lines"], start=1):
        code = "-".join([line["code"], *line["modifiers"]])
        steps = "; ".join(f"{a['rule']} {a['factor']:g}" for a in line["adjustments"]) or "-"
        rank = "-" if line["rank"] is None else str(line["rank"])
        out.append(f"{number:<5}{code:<16}{line['units']:>5}{rank:>5}{_money(line['fee']):>11}  {steps:<34}"
                   f"{_money(line['allowed']):>11}{line['wrvu']:>8.2f}{line['credited_wrvu']:>8.2f}")
        out += [f"     ! {flag}" for flag in line["flags"]]
    totals = answer["totals"]
    out.append(f"{'Total':<59}{_money(totals['allowed']):>11}{totals['wrvu']:>8.2f}{totals['credited_wrvu']:>8.2f}")
    out += [f"! {flag}" for flag in answer["flags"]]
    out.append(AMA_NOTICE)
    return "\n".join(out)


def _money(value: float) -> str:
    return f"${value:.2f}"
