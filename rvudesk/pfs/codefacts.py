"""Coding facts generated from one code's own PPRRVU indicators (and its MUE when loaded), as
sentences that name the code: the global period and what falls inside it, assistant and
co-surgeon payability, the bilateral rule, add-on status and the PC/TC split.

Rules follow payment-rules.md §1.3 and §6 (global surgery, modifiers 50/62/80/82/AS, 26/TC).
The assistant-at-surgery percentages (16%, AS 85% of that) are from §3 [verify: re-read the
Claims Processing Manual ch. 12 §20.4.3 before relying on the AS figure].
"""

from __future__ import annotations

from decimal import Decimal

from rvudesk.pfs.rvurow import RvuRow


def facts(row: RvuRow, mue: int | None = None, mue_per_day: bool = True) -> list[str]:
    """Sentences about the code from its global row (and its MUE)."""
    code = row.hcpcs
    out = [_global(row)]
    out += [s for s in (_assistant(code, row.assistant), _co_surgeon(code, row.co_surgeon),
                        _bilateral(code, row.bilateral), _pctc(code, row.pctc)) if s]
    if mue is not None:
        per = "per day" if mue_per_day else "per claim line"
        out.append(f"Medicare's medically unlikely edit allows {mue} unit{'s' if mue != 1 else ''} of {code} {per}.")
    return [s for s in out if s]


def _share(value: Decimal) -> str:
    return f"{value * 100:.0f}%"


def _global(row: RvuRow) -> str:
    code, days = row.hcpcs, row.global_days
    shares = ""
    if row.pre_op + row.intra_op + row.post_op > 0:
        shares = (f" CMS splits it {_share(row.pre_op)} pre-operative, {_share(row.intra_op)} intra-operative and "
                  f"{_share(row.post_op)} post-operative care (modifiers 54, 55 and 56).")
    if days == "090":
        return (f"{code} has a 90-day global period: visits the day before and the day of surgery and routine care "
                "for 90 days after are included; use 57 for the decision for surgery, 24 for an unrelated visit, "
                "58 for a staged procedure, 78 for a return to the operating room and 79 for an unrelated one."
                + shares)
    if days == "010":
        return (f"{code} has a 10-day global period: the evaluation on the day of the procedure and follow-up for 10 "
                f"days are included; a separate same-day problem is reported with 25.{shares}")
    if days == "000":
        return (f"{code} has a 0-day global period: work on the day of the procedure is included; a significant, "
                f"separately identifiable visit that day needs modifier 25.{shares}")
    if days == "ZZZ":
        return (f"{code} is an add-on code: report it only with its primary procedure; it is paid in full, without "
                "the multiple-procedure reduction, and falls inside the primary's global period.")
    if days == "YYY":
        return f"The Medicare contractor sets the global period of {code}."
    if days == "MMM":
        return f"{code} is a maternity code: global obstetric packages, not the surgical global rules, apply."
    return f"The global surgery rules do not apply to {code}."


def _assistant(code: str, value: str) -> str:
    return {
        "0": f"An assistant at surgery for {code} is paid only when the operative note shows it was medically "
             "necessary (assistant indicator 0).",
        "1": f"Medicare does not pay an assistant at surgery for {code} (assistant indicator 1).",
        "2": f"An assistant at surgery is payable for {code}: 16% of the fee with 80 or 82, and 85% of that (13.6%) "
             "for a physician assistant or nurse practitioner with AS.",
    }.get(value, "")


def _co_surgeon(code: str, value: str) -> str:
    return {
        "0": f"Co-surgeons (modifier 62) are not paid for {code}.",
        "1": f"Co-surgeons for {code} are paid only with documentation that two surgeons were needed; each bills 62.",
        "2": f"Co-surgeons are permitted for {code}: each bills 62 and is paid 62.5% of the fee.",
    }.get(value, "")


def _bilateral(code: str, value: str) -> str:
    return {
        "1": f"Bilateral {code} is reported once with modifier 50 and paid at 150% of one side.",
        "2": f"{code} is already bilateral (or unilateral by its nature): it is paid once, modifier 50 does not apply.",
        "3": f"Bilateral {code} is paid at 100% for each side (modifier 50 or RT and LT).",
    }.get(value, "")


def _pctc(code: str, value: str) -> str:
    return {
        "1": f"{code} has professional (26) and technical (TC) components: bill 26 for the interpretation alone, "
             "TC for the equipment and staff alone, or neither for both.",
        "2": f"{code} is a professional-only service: 26 and TC do not apply.",
        "3": f"{code} is a technical-only service: 26 and TC do not apply.",
    }.get(value, "")
