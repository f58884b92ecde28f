"""What a line's modifiers and status code do to its payment (payment-rules.md 1.3, 3.9-3.17).

Each function reads one PPRRVU row and the line's modifiers and answers with factors, reasons
and flags in plain sentences; the case engine applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rvudesk.pfs.piece import ONE, CaseError
from rvudesk.pfs.rvurow import RvuRow

MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
ASSISTANT = {"80": "80 (assistant at surgery)", "81": "81 (minimum assistant)",
             "82": "82 (assistant, no qualified resident available)", "AS": "AS (PA/NP/CNS assistant)"}
BYPASS = ("59", "XE", "XS", "XP", "XU")
SPLIT_GLOBALS = ("010", "090")

# Status codes (1.3.1) whose rows are not paid here, with the sentence the user sees.
ZERO_STATUS = {
    "B": "Status B (bundled): always paid through another service; $0.",
    "P": "Status P (bundled or excluded): $0 under the PFS; bundled when incident to a same-day "
         "physician service, otherwise paid outside the PFS.",
    "M": "Status M (measurement code): quality reporting only; $0.",
    "N": "Status N (non-covered by Medicare): $0.",
    "E": "Status E (excluded from the PFS by regulation): not PFS-payable; $0.",
    "X": "Status X (statutory exclusion, e.g. lab or ambulance): not paid under the PFS; $0.",
    "J": "Status J (anesthesia): paid as base + time units × the anesthesia conversion factor, "
         "which the Case Builder does not price; $0 here.",
    "C": "Status C (contractor priced): no national price; the MAC prices it by report, "
         "so send the operative note.",
    "D": "Status D (deleted): not valid for dates of service in this release; report the current code.",
    "F": "Status F (deleted, no grace period): not valid; report the current code.",
    "G": "Status G (not valid for Medicare): report the code Medicare uses instead.",
    "H": "Status H (this 26/TC component was deleted): bill the code without the modifier.",
    "I": "Status I (not valid for Medicare): report the code Medicare uses instead.",
}
GUIDANCE = {
    "22": "22 (increased services): priced at 100%; send the operative note, the MAC may raise "
          "payment on review (no fixed Medicare percentage).",
    "24": "24: an E/M unrelated to the surgery, in its post-op period, is paid in full; the record "
          "must show it is unrelated.",
    "25": "25: the E/M must be significant and separately identifiable; the decision to do a "
          "minor procedure is part of the procedure.",
    "57": "57: the E/M that led to the decision for a 090-day surgery (day before or day of) is paid.",
    "58": "58 (staged or related procedure in the post-op period): full fee; a new global period starts.",
    "79": "79 (unrelated procedure in the post-op period): full fee; a new global period starts.",
    "76": "76 (repeat by the same physician): no special percentage; normal multiple-procedure "
          "and MUE rules apply.",
    "77": "77 (repeat by another physician): no special percentage; normal multiple-procedure "
          "and MUE rules apply.",
}


def normalise_modifiers(label: str, index: int, modifiers: Iterable[str]) -> tuple[str, ...]:
    """Upper-case, de-duplicated modifiers; CaseError on a malformed or contradictory set."""
    out: list[str] = []
    for raw in modifiers:
        mod = raw.strip().upper()
        if not MODIFIER.match(mod):
            raise CaseError(index, f"{label}: modifier {raw!r} is not a two-character modifier")
        if mod not in out:
            out.append(mod)
    if "26" in out and "TC" in out:
        raise CaseError(index, f"{label}: 26 and TC cannot be on one line; bill the global code instead")
    if sum(m in ASSISTANT for m in out) > 1:
        raise CaseError(index, f"{label}: use one assistant modifier (80, 81, 82 or AS), not several")
    return tuple(out)


def role_of(modifiers: tuple[str, ...]) -> str:
    """The billing role that ranks the line: surgeon, co_surgeon, assistant, assistant_npp, team."""
    if "66" in modifiers:
        return "team"
    if "62" in modifiers:
        return "co_surgeon"
    if "AS" in modifiers:
        return "assistant_npp"
    if any(m in ASSISTANT for m in modifiers):
        return "assistant"
    return "surgeon"


def role_block(row: RvuRow, modifiers: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """(reason the role is not payable or None, advisory flags) from ASST/CO-/TEAM SURG."""
    role = role_of(modifiers)
    if role == "team":
        if row.team in ("1", "2"):
            return ("66 (team surgery): priced by report only; the MAC sets the amount from the "
                    "documentation, so no amount is computed here."), []
        return f"66 is not permitted on this code (TEAM SURG {row.team}).", []
    if role == "co_surgeon":
        if any(m in ASSISTANT for m in modifiers):
            return "An assistant modifier with 62 on the same code is not paid; remove one of them.", []
        if row.co_surgeon == "2":
            return None, []
        if row.co_surgeon == "1":
            return None, ["62 on this code (CO-SURG 1) is paid only with documentation that two "
                          "surgeons were needed."]
        return f"62 is not permitted on this code (CO-SURG {row.co_surgeon}).", []
    if role.startswith("assistant"):
        return _assistant_block(row, modifiers)
    return None, []


def _assistant_block(row: RvuRow, modifiers: tuple[str, ...]) -> tuple[str | None, list[str]]:
    mod = next(m for m in modifiers if m in ASSISTANT)
    flags = ["82 is for teaching settings when no qualified resident was available."] if mod == "82" else []
    if row.assistant == "2":
        return None, flags
    if row.assistant == "0":
        return None, [*flags, f"{mod} on this code (ASST SURG 0) is paid only with documentation "
                              "of medical necessity."]
    if row.assistant == "1":
        return f"{mod}: an assistant at surgery is never paid on this code (ASST SURG 1, statutory bar).", []
    return f"{mod}: assistant at surgery does not apply to this code (ASST SURG {row.assistant}).", []


@dataclass(frozen=True, slots=True)
class Bilateral:
    """How a line's sides are paid: the factor on one fee and how many pieces the line makes."""

    factor: Decimal
    pieces: int
    reason: str  # "" when the line is not treated as bilateral
    flags: tuple[str, ...] = ()


def bilateral(row: RvuRow, modifiers: tuple[str, ...], units: int) -> Bilateral:
    """The bilateral rule (1.3.5, 3.9) for 50 or for 2 units; RT+LT pairs are matched elsewhere.

    BILAT SURG 3 with 50 becomes two pieces (each side its own service at 100%), so each side is
    ranked and, for imaging, reduced like any other service.
    """
    ind = row.bilateral
    if "50" not in modifiers:
        if units == 2 and ind == "1":
            return Bilateral(Decimal("1.5"), 1, "BILAT SURG 1, 2 units → one bilateral procedure at 150%",
                             ("Medicare prefers 50 with 1 unit; many MUEs for this code are 1.",))
        if units == 2 and ind == "2":
            return Bilateral(ONE, 1, "BILAT SURG 2 (valued as bilateral), 2 units → 100% of one fee")
        return Bilateral(ONE, units, "")
    flags = ("Report 50 with 1 unit; priced as one bilateral procedure.",) if units > 1 else ()
    if ind == "1":
        return Bilateral(Decimal("1.5"), 1, "BILAT SURG 1 with 50 → 150% of one fee, ranked as one procedure",
                         flags)
    if ind == "3":
        return Bilateral(ONE, 2 * units, "", (*flags, "BILAT SURG 3: each side is paid 100% of its own fee."))
    if ind == "2":
        note = "50 is not allowed on this code (BILAT SURG 2: already valued as bilateral); remove 50."
    elif ind == "0":
        note = "50 pays nothing extra on this code (BILAT SURG 0): both sides get 100% of one fee."
    else:
        note = f"50 does not apply to this code (BILAT SURG {ind}); remove 50."
    return Bilateral(ONE, 1, f"BILAT SURG {ind} with 50 → 100% of one fee", (*flags, note))


def split_care(row: RvuRow, modifiers: tuple[str, ...], postop_days: int | None,
               label: str, index: int) -> tuple[Decimal | None, str, list[str]]:
    """Share of the global package paid for 54/55/56 (3.15): (factor or None, reason, flags)."""
    # [M] CPM12 40.2; the post-op days proportion follows Palmetto's modifier 55 page [V].
    wanted = [m for m in ("54", "55", "56") if m in modifiers]
    if not wanted:
        return None, "", []
    if row.global_days not in SPLIT_GLOBALS or row.pre_op + row.intra_op + row.post_op == 0:
        return None, "", [f"{'/'.join(wanted)} does not apply to a {row.global_days} global period "
                          "(no pre/intra/post split); remove it."]
    days_in_global = int(row.global_days)
    days = days_in_global if postop_days is None else postop_days
    if not 0 < days <= days_in_global:
        raise CaseError(index, f"{label}: post-op days must be 1–{days_in_global} for a "
                               f"{row.global_days} global, not {days}")
    share, parts, flags = Decimal(0), [], []
    if "54" in wanted:
        share += row.pre_op + row.intra_op
        parts.append(f"54 pre-op {row.pre_op} + intra-op {row.intra_op}")
    if "55" in wanted:
        share += row.post_op * days / days_in_global
        parts.append(f"55 post-op {row.post_op} × {days}/{days_in_global} days")
    if "56" in wanted and "54" in wanted:
        flags.append("56 is not paid on top of 54: the surgeon's 54 already includes the pre-op care.")
    elif "56" in wanted:
        share += row.pre_op
        parts.append(f"56 pre-op {row.pre_op}")
    return share, "; ".join(parts), flags


def return_to_or(row: RvuRow, modifiers: tuple[str, ...]) -> tuple[Decimal | None, list[str]]:
    """Modifier 78 pays the intra-op share only (3.17); (factor or None, flags)."""
    # [M] CPM12 40.2 (intra-op share, no new global period).
    if "78" not in modifiers:
        return None, []
    if row.global_days not in SPLIT_GLOBALS or row.intra_op == 0:
        return None, [f"78 applies to 010/090 global periods; this code's is {row.global_days}."]
    return row.intra_op, ["78: no new global period starts."]


def guidance(row: RvuRow, modifiers: tuple[str, ...]) -> list[str]:
    """Advisory sentences for 22, 24/25/57/58/79/76/77, 51 and the NCCI bypass modifiers."""
    flags = [GUIDANCE[m] for m in modifiers if m in GUIDANCE]
    if "51" in modifiers and row.mult_proc in ("0", "9"):
        flags.append(f"51 does not apply to this code (MULT PROC {row.mult_proc}: never reduced); remove 51.")
    for mod in modifiers:
        if mod in ("59", "XE") and row.mult_proc == "4":
            flags.append(f"{mod} on an imaging study marks a separate session: it is not reduced "
                         "against the other studies (imaging MPPR is per session).")
        elif mod in BYPASS:
            flags.append(f"{mod} can bypass an NCCI pair edit when documented, but it does not exempt "
                         "the line from the multiple-procedure reduction.")
    return flags
