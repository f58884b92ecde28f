"""NCCI edits: PTP, MUE and add-on code records and the Case Builder's checks (payment-rules.md §5).

The records are what `rvudesk.pfs.ncci_files` reads from CMS's quarterly NCCI files. `check_case`
takes the lines of one date of service and an `EditSource` (in memory here, the database on the
Django side) and says which lines NCCI denies and what to flag, in sentences a coder can act on.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import permutations
from typing import Protocol

# payment-rules.md §5.1 (FindACode list from the NCCI manual, Ch. I [M]); 51 is deliberately absent.
ANATOMIC_MODIFIERS = frozenset(
    {"E1", "E2", "E3", "E4", "FA", "TA", "LT", "RT", "LC", "LD", "LM", "RC", "RI"}
    | {f"F{n}" for n in range(1, 10)}
    | {f"T{n}" for n in range(1, 10)}
)
X_MODIFIERS = ("XE", "XS", "XP", "XU")
GLOBAL_MODIFIERS = frozenset({"24", "25", "57", "58", "78", "79"})
BYPASS_MODIFIERS = ANATOMIC_MODIFIERS | GLOBAL_MODIFIERS | {"27", "59", "91", *X_MODIFIERS}

MODIFIER_INDICATORS = {
    "0": "modifier indicator 0: no modifier can bypass it",
    "1": "modifier indicator 1: an NCCI-associated modifier may bypass it when the record supports it",
    "9": "modifier indicator 9: not applicable, the edit was deleted back to its effective date",
}
ADJUDICATION_INDICATORS = {
    "1": "Line Edit",
    "2": "Date of Service Edit: Policy",
    "3": "Date of Service Edit: Clinical",
}
AOC_EDIT_TYPES = {
    "1": "only the listed primary codes are eligible",
    "2": "no primary list, the MAC decides which primaries are eligible",
    "3": "some primaries are listed and the MAC may accept others",
}
CONTRACTOR_DEFINED = "CCCCC"  # AOC files put this in place of a primary code for MAC-defined lists
_LISTED_PRIMARIES = 10  # a sentence names at most this many primary codes


def in_force(effective: date | None, deleted: date | None, on: date) -> bool:
    """True when an edit applies on the date: effective on or before it, deleted after it (or never)."""
    # payment-rules.md §5.4.1: effective ≤ DOS and deletion "*" or > DOS. Whether CMS's deletion
    # date is the first day off (as here) or the last day in force is to verify against the manual.
    return (effective is None or effective <= on) and (deleted is None or deleted > on)


@dataclass(frozen=True, slots=True)
class PtpEdit:
    """A procedure-to-procedure edit: column 2 is not paid when billed with column 1."""

    column1: str
    column2: str
    pre_1996: bool
    effective: date | None  # None when the file has no effective-date column
    deleted: date | None  # None for "*" (no deletion)
    modifier_indicator: str  # "0", "1" or "9"
    rationale: str

    def in_force(self, on: date) -> bool:
        """True when the edit applies to services on the date (MI 9 edits never do)."""
        return self.modifier_indicator != "9" and in_force(self.effective, self.deleted, on)


@dataclass(frozen=True, slots=True)
class Mue:
    """A medically unlikely edit: the most units of a code payable per line or per day."""

    code: str
    value: int
    adjudication: str  # MAI "1" line, "2" date of service (policy), "3" date of service (clinical)
    adjudication_text: str
    rationale: str


@dataclass(frozen=True, slots=True)
class AddOnEdit:
    """An add-on code edit: the add-on is paid only with an eligible primary code."""

    primary: str  # CONTRACTOR_DEFINED when the MAC keeps the list
    addon: str
    edit_type: str  # "1", "2" or "3"
    effective: date | None = None
    deleted: date | None = None
    notes: str = ""

    def in_force(self, on: date) -> bool:
        """True when the edit applies to services on the date."""
        return in_force(self.effective, self.deleted, on)


class EditSource(Protocol):
    """Where the checks look edits up: in memory for tests and scripts, the database in the app."""

    def ptp(self, column1: str, column2: str) -> Sequence[PtpEdit]:
        """Every PTP row for the ordered pair (any date, any modifier indicator)."""
        ...

    def mue(self, code: str) -> Mue | None:
        """The MUE of the code, if it has one."""
        ...

    def addon(self, addon_code: str) -> Sequence[AddOnEdit]:
        """Every AOC row whose add-on is the code."""
        ...


class EditTables:
    """An in-memory EditSource built from records, optionally kept to the codes of one case."""

    def __init__(
        self,
        ptp: Iterable[PtpEdit] = (),
        mue: Iterable[Mue] = (),
        aoc: Iterable[AddOnEdit] = (),
        codes: Collection[str] | None = None,
    ) -> None:
        wanted = frozenset(codes) if codes is not None else None
        self._ptp: dict[tuple[str, str], list[PtpEdit]] = {}
        # A row met twice (CMS's code-range files and their partial copies overlap) is kept once.
        for edit in ptp:
            if wanted is None or (edit.column1 in wanted and edit.column2 in wanted):
                pair = self._ptp.setdefault((edit.column1, edit.column2), [])
                if edit not in pair:
                    pair.append(edit)
        self._mue = {m.code: m for m in mue if wanted is None or m.code in wanted}
        self._aoc: dict[str, list[AddOnEdit]] = {}
        for a in aoc:
            if wanted is None or a.addon in wanted:
                primaries = self._aoc.setdefault(a.addon, [])
                if a not in primaries:
                    primaries.append(a)

    def ptp(self, column1: str, column2: str) -> Sequence[PtpEdit]:
        """Every PTP row for the ordered pair."""
        return self._ptp.get((column1, column2), [])

    def mue(self, code: str) -> Mue | None:
        """The MUE of the code, if it has one."""
        return self._mue.get(code)

    def addon(self, addon_code: str) -> Sequence[AddOnEdit]:
        """Every AOC row whose add-on is the code."""
        return self._aoc.get(addon_code, [])


@dataclass(frozen=True, slots=True)
class EditLine:
    """One case line as the NCCI checks see it."""

    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1


@dataclass(frozen=True, slots=True)
class PtpHit:
    """A PTP edit in force between two case lines, and the modifier that bypassed it, if any."""

    column1_line: int
    column2_line: int
    edit: PtpEdit
    bypassed_by: str | None


@dataclass
class EditResult:
    """What NCCI does to a case: denied lines (index → why) and flags to show beside lines."""

    denied: dict[int, str] = field(default_factory=dict)
    flags: list[tuple[int, str]] = field(default_factory=list)
    hits: list[PtpHit] = field(default_factory=list)

    def flags_for(self, line: int) -> list[str]:
        """The flag sentences of one line, in order."""
        return [text for index, text in self.flags if index == line]


def check_case(lines: Sequence[EditLine], source: EditSource, on: date) -> EditResult:
    """Apply PTP, MUE and add-on code edits in force on the date of service to the case lines."""
    result = EditResult()
    _check_ptp(lines, source, on, result)
    _check_mue(lines, source, result)
    _check_addons(lines, source, on, result)
    return result


def _modifiers(line: EditLine) -> list[str]:
    return [m.strip().upper() for m in line.modifiers]


def _bypass(first: EditLine, second: EditLine) -> str | None:
    """The NCCI-associated modifier on either line (CR 11168), the most specific first."""
    present = [m for m in _modifiers(first) + _modifiers(second) if m in BYPASS_MODIFIERS]
    return min(present, key=_specificity) if present else None


def _specificity(modifier: str) -> int:
    # payment-rules.md §3.8 / §5.4.3: anatomic > global (24, 25, 57 …) and 91 > X{EPSU} > 59.
    if modifier in ANATOMIC_MODIFIERS:
        return 0
    if modifier in X_MODIFIERS:
        return 2
    return 3 if modifier == "59" else 1


def _check_ptp(lines: Sequence[EditLine], source: EditSource, on: date, result: EditResult) -> None:
    hard: set[int] = set()  # lines denied by an MI 0 edit, which nothing can lift
    for i, j in permutations(range(len(lines)), 2):
        one, two = lines[i], lines[j]
        edits = [e for e in source.ptp(one.code, two.code) if e.in_force(on)] if one.code != two.code else []
        if not edits or any(h.column1_line == j and h.column2_line == i for h in result.hits):
            continue  # no edit, or the pair already settled the other way round
        edit = min(edits, key=lambda e: e.modifier_indicator)  # an MI 0 row outranks an MI 1 row
        bypass = _bypass(one, two) if edit.modifier_indicator == "1" else None
        result.hits.append(PtpHit(i, j, edit, bypass))
        if bypass is not None:
            result.flags.append((j, _bypassed_sentence(edit, bypass, one, two)))
        elif j not in hard and (j not in result.denied or edit.modifier_indicator == "0"):
            result.denied[j] = _denied_sentence(edit, one, two)
            if edit.modifier_indicator == "0":
                hard.add(j)


def _denied_sentence(edit: PtpEdit, one: EditLine, two: EditLine) -> str:
    text = (
        f"{two.code} is not paid with {one.code}: NCCI PTP edit {one.code}/{two.code} "
        f"({MODIFIER_INDICATORS[edit.modifier_indicator]}); rationale: {edit.rationale or 'not given'}."
    )
    if edit.modifier_indicator == "1":
        text += " " + _suggestion(one, two)
    if "51" in _modifiers(one) + _modifiers(two):
        text += " Modifier 51 does not bypass NCCI edits."
    return text


def _is_em(code: str) -> bool:
    return code.isdigit() and 99202 <= int(code) <= 99499


def _suggestion(one: EditLine, two: EditLine) -> str:
    """Which modifier would bypass an MI 1 edit, the most specific first (payment-rules.md §5.4)."""
    if _is_em(two.code):
        # §5.4.7: 25 for a separately identifiable E/M, 57 for the decision for major surgery.
        return (
            f"If the E/M was significant and separately identifiable, append 25 to {two.code} "
            "(57 when it was the decision for major surgery) and document it."
        )
    return (
        f"If the services were distinct, append a modifier to {two.code} (or {one.code}) and document "
        "it: an anatomic modifier (RT/LT, F1–F9, T1–T9, E1–E4, LC/LD/LM/RC/RI) for different sites, "
        "else XS (separate structure), XE (separate encounter), XP (separate practitioner) or "
        "XU (unusual non-overlapping service); 59 only when none of these fits."
    )


def _bypassed_sentence(edit: PtpEdit, bypass: str, one: EditLine, two: EditLine) -> str:
    on_line = two.code if bypass in _modifiers(two) else one.code
    text = (
        f"{two.code} is paid with {one.code} only because of modifier {bypass} on {on_line}: "
        f"NCCI PTP edit {one.code}/{two.code} ({MODIFIER_INDICATORS['1']}; rationale: "
        f"{edit.rationale or 'not given'}). The record must document the separate site, session, "
        "lesion or practitioner."
    )
    if bypass == "59":
        text += " CMS prefers XE/XS/XP/XU or an anatomic modifier when one describes the service."
    return text


MAI_MEANING = {
    "1": "MAI 1: line edit, units above the MUE on one line are denied; if medically necessary, "
    "report more units on another line with 76, 77, 91, an anatomic modifier or 59/X",
    "2": "MAI 2: date-of-service policy edit, cannot be paid; no modifier or appeal overrides it",
    "3": "MAI 3: date-of-service clinical edit, units above the MUE are denied but may be paid on appeal with records",
}


def _check_mue(lines: Sequence[EditLine], source: EditSource, result: EditResult) -> None:
    # Units are counted as billed: a bilateral line (modifier 50) with 1 unit counts as 1 (§5.4.6).
    # Lines denied by PTP still count, as they do on the claim.
    by_code: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        by_code.setdefault(line.code, []).append(index)
    for code, indexes in by_code.items():
        mue = source.mue(code)
        if mue is None:
            continue
        if mue.adjudication == "1":
            for index in indexes:
                if lines[index].units > mue.value:
                    result.flags.append((index, _mue_sentence(mue, lines[index].units, "on this line")))
            continue
        units = sum(lines[index].units for index in indexes)
        if units > mue.value:
            where = "on this date of service" + (f" over {len(indexes)} lines" if len(indexes) > 1 else "")
            result.flags.append((indexes[0], _mue_sentence(mue, units, where)))


def _mue_sentence(mue: Mue, units: int, where: str) -> str:
    meaning = MAI_MEANING.get(mue.adjudication, f"MAI {mue.adjudication}: {mue.adjudication_text}")
    return (
        f"{mue.code}: {units} units {where} exceed the MUE of {mue.value} ({meaning}; "
        f"rationale: {mue.rationale or 'not given'})."
    )


def _check_addons(lines: Sequence[EditLine], source: EditSource, on: date, result: EditResult) -> None:
    for index, line in enumerate(lines):
        edits = [e for e in source.addon(line.code) if e.in_force(on)]
        listed = {e.primary for e in edits if e.edit_type in ("1", "3")} - {CONTRACTOR_DEFINED}
        others = {other.code for k, other in enumerate(lines) if k != index}
        if listed and not others & listed:
            # Type 2 lists no primary, so only types 1 and 3 can be checked here (§5.3).
            edit_type = "1" if any(e.edit_type == "1" for e in edits) else "3"
            result.flags.append((index, _addon_sentence(line.code, edit_type, sorted(listed))))


def _addon_sentence(addon: str, edit_type: str, primaries: list[str]) -> str:
    listed = ", ".join(primaries[:_LISTED_PRIMARIES])
    if len(primaries) > _LISTED_PRIMARIES:
        listed += f" and {len(primaries) - _LISTED_PRIMARIES} more"
    if edit_type == "1":
        return (
            f"{addon} is an add-on code and needs one of its primary codes: {listed} "
            f"(NCCI AOC edit type 1: {AOC_EDIT_TYPES['1']}); none is in this case."
        )
    return (
        f"{addon} is an add-on code and none of its listed primary codes ({listed}) is in this case "
        f"(NCCI AOC edit type 3: {AOC_EDIT_TYPES['3']}; check the MAC's policy)."
    )
