"""A priced case (price_request's answer) as plain text and as CSV rows, both with the AMA notice."""

from __future__ import annotations

from typing import Any

from rvudesk.catalog.codepage import AMA_NOTICE

COLUMNS = f"{'Line':<5}{'Code':<16}{'Units':>5}{'Rank':>5}{'Fee':>11}  {'Adjustments':<34}{'Allowed':>11}" \
          f"{'wRVU':>8}{'Credit':>8}"
CSV_HEADER = ["line", "code", "modifiers", "units", "rank", "fee", "adjustments", "allowed", "wrvu",
              "credited_wrvu", "flags"]


def heading(answer: dict[str, Any]) -> str:
    """Release, conversion factor, setting, place and policy in one line."""
    release, loc = answer["release"], answer["locality"]
    where = f"locality {loc['id']} {loc['name']} ({loc['state']})" if loc else "national"
    return (f"{release['label']}, conversion factor {release['conversion_factor']}; {answer['setting']}, {where}; "
            f"wRVU policy {answer['policy']['name']}")


def table(answer: dict[str, Any]) -> str:
    """The priced case as a plain-text table with totals, flags and the AMA notice."""
    out = [heading(answer), COLUMNS]
    for number, line in enumerate(answer["lines"], start=1):
        code = "-".join([line["code"], *line["modifiers"]])
        rank = "-" if line["rank"] is None else str(line["rank"])
        out.append(f"{number:<5}{code:<16}{line['units']:>5}{rank:>5}{_money(line['fee']):>11}  {_steps(line):<34}"
                   f"{_money(line['allowed']):>11}{line['wrvu']:>8.2f}{line['credited_wrvu']:>8.2f}")
        out += [f"     ! {flag}" for flag in line["flags"]]
    totals = answer["totals"]
    out.append(f"{'Total':<59}{_money(totals['allowed']):>11}{totals['wrvu']:>8.2f}{totals['credited_wrvu']:>8.2f}")
    out += [f"! {flag}" for flag in answer["flags"]]
    out.append(AMA_NOTICE)
    return "\n".join(out)


def csv_rows(answer: dict[str, Any]) -> list[list[Any]]:
    """Header, one row per line, the totals row, then the case's context and the notice."""
    rows: list[list[Any]] = [CSV_HEADER]
    for number, line in enumerate(answer["lines"], start=1):
        rows.append([number, line["code"], " ".join(line["modifiers"]), line["units"], line["rank"] or "",
                     f"{line['fee']:.2f}", _steps(line), f"{line['allowed']:.2f}", f"{line['wrvu']:.2f}",
                     f"{line['credited_wrvu']:.2f}", " | ".join(line["flags"])])
    totals = answer["totals"]
    rows.append(["total", "", "", "", "", "", "", f"{totals['allowed']:.2f}", f"{totals['wrvu']:.2f}",
                 f"{totals['credited_wrvu']:.2f}", " | ".join(answer["flags"])])
    rows += [[heading(answer)], [AMA_NOTICE]]
    return rows


def _steps(line: dict[str, Any]) -> str:
    return "; ".join(f"{a['rule']} {a['factor']:g}" for a in line["adjustments"]) or "-"


def _money(value: float) -> str:
    return f"${value:.2f}"
