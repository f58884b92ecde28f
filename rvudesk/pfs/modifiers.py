"""Modifier guidance for one code, derived from its own PPRRVU indicators and global period.

The rules are payment-rules.md §1.3 (indicator values), §3 (payment effect of each modifier) and
§6 (what to offer and what to block). Every reason names the indicator it comes from, and every
effect is worked out from the row (its pre/intra/post shares) rather than typed in per code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rvudesk.pfs import indicators
from rvudesk.pfs.rvurow import RvuRow

# Tiers order the lists: what a coder reaches for first comes first (a stable sort by tier).
PRIMARY, USUAL, CONDITIONAL, INFO = 1, 2, 3, 4

BILATERAL = Decimal("1.5")  # bilateral indicator 1 [RVUPUF, V]
ASSISTANT = Decimal("0.16")  # 80/81/82: CPM12 §20.4.3 [M]; Noridian [V]
NPP_RATE = Decimal("0.85")  # AS = 85% of the assistant rate: CPM12 §110/§120 [M]
CO_SURGEON = Decimal("0.625")  # each of two co-surgeons: CPM12 §40.8(B) [M]; FCSO [V]
SECOND_PROCEDURE = Decimal("0.5")  # MULT PROC 2: 100/50/50/50/50 [RVUPUF, V]

PAYABLE_STATUSES = frozenset({"A", "C", "R", "T"})
_NO_MODS = "no modifiers apply"
# One short answer for each status Medicare does not pay under the PFS (payment-rules.md §1.3.1).
STATUS_ANSWERS = {
    "B": "Bundled (status B): always paid through another service; no modifier makes it payable.",
    "D": f"Deleted code (status D): not valid for this date of service; {_NO_MODS}.",
    "E": f"Excluded from the fee schedule by regulation (status E): {_NO_MODS}.",
    "F": f"Deleted code (status F): not valid for this date of service; {_NO_MODS}.",
    "G": f"Not valid for Medicare (status G): another code is used; {_NO_MODS}.",
    "H": "Deleted component (status H): this 26/TC row no longer exists; bill the code without it.",
    "I": f"Not valid for Medicare (status I): another code is used; {_NO_MODS}.",
    # The anesthesia modifiers are CPM12 §50 [M], outside the PFS rules of payment-rules.md.
    "J": "Anesthesia service (status J): paid by base and time units with the anesthesia modifiers "
    "(AA, QK, QX, QY, QZ), not the surgical PFS modifiers.",
    "M": f"Quality-measurement code (status M): reported at $0 for quality programs; {_NO_MODS}.",
    "N": "Not covered by Medicare (status N): no payment modifiers apply (a liability modifier such as "
    "GY or GA may still be needed).",
    "P": f"Bundled or paid outside the fee schedule (status P): {_NO_MODS}.",
    "X": f"Statutory exclusion (status X): not paid under the fee schedule; {_NO_MODS}.",
}
STATUS_WARNINGS = {
    "C": "Contractor priced (status C): the MAC sets the fee; modifier percentages apply to its price.",
    "R": "Restricted coverage (status R): paid only if covered, and then contractor priced.",
    "T": "Status T: paid only when no other PFS-payable service is billed by the same provider that "
    "day; otherwise bundled ($0).",
}
GLOBAL_NOTES = {
    "ZZZ": "Add-on code (global ZZZ): report it with its primary procedure; it falls inside the "
    "primary's global period, so global-period modifiers follow the primary.",
    "YYY": "Global YYY: the contractor decides whether a global period applies and its length.",
    "MMM": "Maternity (global MMM): CPT's maternity package applies, not the usual global-surgery modifiers.",
}
_EM_PAID = "E/M paid in full, outside the global package"
_NEW_GLOBAL = "100% of the fee; a new global period starts"
# Modifiers of a 010/090 post-op period: §3.15 and §3.17, from CPM12 §40.1-40.2 [M] (the shares
# themselves are the row's [V]). {days} is the period; {pre}, {intra}, {post}, {pre_intra} are the
# row's own shares of the global package.
POST_OP = (
    (USUAL, "58", "58 marks a staged, planned or more extensive procedure during the {days}-day post-op "
     "period", _NEW_GLOBAL),
    (USUAL, "78", "78 marks an unplanned return to the operating room for a complication during the "
     "{days}-day post-op period", "pays the intra-operative share only ({intra}); no new global period"),
    (USUAL, "79", "79 marks an unrelated procedure during the {days}-day post-op period", _NEW_GLOBAL),
    (USUAL, "24", "24 (on the E/M) marks an unrelated visit during the {days}-day post-op period", _EM_PAID),
    (CONDITIONAL, "54", "54 when the surgeon gives only the surgical care",
     "pays the pre- and intra-operative shares ({pre_intra})"),
    (CONDITIONAL, "55", "55 when another practitioner gives the post-op care",
     "pays the post-operative share ({post}), prorated by days of care"),
    (CONDITIONAL, "56", "56 when another practitioner gives only the pre-op care",
     "pays the pre-operative share only ({pre})"),
)
SAME_DAY_EM = {
    "25": "25 (on the E/M) marks a significant, separately identifiable visit on the day of the procedure",
    "57": "57 (on the E/M) marks the visit, the day before or of surgery, where the decision to operate "
    "was made",
}
ASSISTANTS = {  # 82 only when no qualified resident is available: §3.11 [M]
    "80": "an assistant surgeon",
    "81": "a minimum assistant surgeon",
    "82": "an assistant in a teaching hospital with no qualified resident available",
    "AS": "a PA, NP or CNS assisting at surgery",
}
PCTC_BLOCKED = frozenset("02345678")  # PC/TC indicators whose codes take neither 26 nor TC (6: no TC)
OWN_REDUCTION = {
    "4": "TC 50% and PC 95% after the highest imaging service in the session",
    "5": "PE paid at 50% for the second and later therapy units",
    "6": "TC paid at 75% for the second and later cardiovascular tests that day",
    "7": "TC paid at 80% for the second and later ophthalmology tests that day",
}
BYPASS = (
    ("XS", "XS marks a separate structure or organ and bypasses"),
    ("XE", "XE marks a separate encounter and bypasses"), ("XP", "XP marks a separate practitioner and bypasses"),
    ("XU", "XU marks an unusual, non-overlapping service and bypasses"),
    ("59", "59, when no more specific modifier fits, bypasses"),
)


@dataclass(frozen=True, slots=True)
class ModifierNote:
    """One modifier with why it applies (or not) to the code and what it does to payment."""

    modifier: str
    reason: str
    effect: str


@dataclass(frozen=True, slots=True)
class Guidance:
    """Modifiers to offer and to block for one code, most relevant first, plus plain notes."""

    typical: tuple[ModifierNote, ...]
    not_allowed: tuple[ModifierNote, ...]
    notes: tuple[str, ...] = ()
    payable: bool = True

    @property
    def none_required(self) -> bool:
        """True when the code is payable and no modifier is typically needed."""
        return self.payable and not self.typical


@dataclass
class _Picks:
    """Collects offered and blocked modifiers by tier; the first mention of a modifier wins."""

    offered: list[tuple[int, ModifierNote]] = field(default_factory=list)
    blocked: list[tuple[int, ModifierNote]] = field(default_factory=list)

    def offer(self, tier: int, modifier: str, reason: str, effect: str) -> None:
        self.offered.append((tier, ModifierNote(modifier, reason, effect)))

    def block(self, tier: int, modifier: str, reason: str, effect: str) -> None:
        self.blocked.append((tier, ModifierNote(modifier, reason, effect)))

    def result(self, notes: tuple[str, ...]) -> Guidance:
        seen: set[str] = set()
        lists: list[tuple[ModifierNote, ...]] = []
        for picks in (self.offered, self.blocked):  # typical first, so it wins a clash
            kept = []
            for _, note in sorted(picks, key=lambda pick: pick[0]):
                if note.modifier not in seen:
                    seen.add(note.modifier)
                    kept.append(note)
            lists.append(tuple(kept))
        return Guidance(typical=lists[0], not_allowed=lists[1], notes=notes)


def guidance(
    row: RvuRow, *, has_ptp_edits: bool = False, component_rows: frozenset[str] = frozenset()
) -> Guidance:
    """Modifier guidance for a code's global (blank-modifier) row.

    has_ptp_edits: the code is in NCCI PTP pairs that a modifier may bypass (modifier indicator 1).
    component_rows: modifiers of the code's other rows in the same release ("26", "TC", "53").
    """
    status = row.status.strip().upper()
    if status not in PAYABLE_STATUSES:
        return _unpayable(row, status, component_rows)
    picks = _Picks()
    surgical = _is_surgical(row)
    _evaluation(picks, row)
    _components(picks, row, component_rows)
    _bilateral(picks, row, surgical)
    _surgical_team(picks, row, surgical)
    _global_period(picks, row)
    _bypass(picks, row, has_ptp_edits)
    _discontinued(picks, row, component_rows, surgical)
    _multiple(picks, row)
    notes = [STATUS_WARNINGS.get(status, ""), GLOBAL_NOTES.get(row.global_days, "")]
    if row.not_used_for_medicare.strip() == "+":
        notes.append("CMS marks these RVUs as not used for Medicare payment.")
    return picks.result(tuple(n for n in notes if n))


def _unpayable(row: RvuRow, status: str, component_rows: frozenset[str]) -> Guidance:
    """A global row Medicare does not pay under the PFS: one short answer, unless a component is paid.

    Some lab codes (status X, test paid on the lab fee schedule) keep a payable 26 row for the
    pathologist's interpretation (PC/TC 6 on that row), so the 26 is still worth offering.
    """
    parts = [mod for mod in ("26", "TC") if mod in component_rows]
    if not parts:
        answer = STATUS_ANSWERS.get(status, f"Status {status or 'blank'}: not paid under the PFS.")
        return Guidance(typical=(), not_allowed=(), notes=(answer,), payable=False)
    picks = _Picks()
    for mod in ("26", "TC"):
        if mod in parts:
            picks.offer(PRIMARY, mod, f"The global service has status {status}, but the code's own {mod} row "
                        "is paid under the fee schedule", f"paid from the code's own {row.hcpcs}-{mod} row")
        else:
            picks.block(USUAL, mod, f"The global service has status {status} and there is no {row.hcpcs}-{mod} "
                        "row", "not paid under the fee schedule")
    rows = " and ".join(parts) + (" row is" if len(parts) == 1 else " rows are")
    return picks.result((f"The global service (status {status}) is not paid under the fee schedule; only "
                         f"its {rows}.",))


def _number(code: str) -> int:
    return int(code) if code.isdigit() else -1


def _is_em(row: RvuRow) -> bool:
    """CPT's E/M section (99202-99499), whose visits carry 24/25/57; its add-ons follow the visit."""
    return 99202 <= _number(row.hcpcs) <= 99499 and row.global_days != "ZZZ"


def _is_surgical(row: RvuRow) -> bool:
    """A procedure with a global package, or a ZZZ/YYY code in CPT's surgery section.

    Indicator 0 is CMS's default on visits and diagnostic tests too, so the default-0 surgical
    modifiers (50, 80, 62, 66) are only spoken about for procedures.
    """
    if row.global_days in {"000", "010", "090"}:
        return True
    return row.global_days in {"ZZZ", "YYY"} and 10004 <= _number(row.hcpcs) <= 69990


def _pct(share: Decimal) -> str:
    return f"{format((share * 100).normalize(), 'f')}%"


def _evaluation(picks: _Picks, row: RvuRow) -> None:
    if not _is_em(row):
        return
    picks.offer(PRIMARY, "25", "E/M code: 25 marks a significant, separately identifiable visit on the "
                "same day as a procedure or other service", _EM_PAID)
    picks.offer(USUAL, "24", "E/M code: 24 marks an unrelated visit by the surgeon during a 010 or 090 "
                "post-op period", _EM_PAID)
    picks.offer(USUAL, "57", "E/M code: 57 marks the visit (day before or day of a 090 surgery) at which "
                "the decision to operate was made", _EM_PAID)


def _components(picks: _Picks, row: RvuRow, component_rows: frozenset[str]) -> None:
    def priced(mod: str) -> str:
        if mod in component_rows:
            return f"paid from the code's own {row.hcpcs}-{mod} row"
        return f"no {row.hcpcs}-{mod} row in this release: contractor priced"

    pctc = row.pctc
    if pctc in {"1", "6"}:
        picks.offer(PRIMARY, "26", f"PC/TC indicator {pctc}: the professional component "
                    "(interpretation) is billed with 26", priced("26"))
    if pctc == "1":
        picks.offer(PRIMARY, "TC", "PC/TC indicator 1: the technical component (equipment, staff, "
                    "supplies) is billed with TC", priced("TC"))
    elif pctc in PCTC_BLOCKED:  # 9: the PC/TC concept does not apply, so nothing to say
        for mod in ("TC",) if pctc == "6" else ("26", "TC"):
            picks.block(INFO if pctc == "0" else USUAL, mod, f"PC/TC indicator {pctc}: "
                        f"{indicators.PCTC[pctc].label}, so {mod} is not allowed", "no component row to pay from")


def _bilateral(picks: _Picks, row: RvuRow, surgical: bool) -> None:
    ind = row.bilateral
    if ind == "1":
        picks.offer(PRIMARY, "50", "Bilateral indicator 1: bilateral surgery is paid at 150% of the fee "
                    "when billed once with 50", f"{_pct(BILATERAL)} of the fee (one line, one unit)")
        _sides(picks, INFO, "Bilateral indicator 1: RT or LT marks a one-side procedure; both sides go on "
               "one 50 line", "100% of the fee")
    elif ind == "2":
        picks.block(PRIMARY, "50", "Bilateral indicator 2: the code is already valued as bilateral",
                    "100% of one fee however it is reported")
        if surgical:
            picks.offer(CONDITIONAL, "52", "Bilateral indicator 2: a bilateral-by-definition code done on "
                        "one side takes 52 (CPT convention)", "reduced; contractor priced")
            _sides(picks, INFO, "Bilateral indicator 2: RT/LT is informational only", "no payment effect")
    elif ind == "3":
        _sides(picks, PRIMARY, "Bilateral indicator 3: each side is paid on its own line (RT and LT, or "
               "2 units)", "100% of the fee for each side (200% for both)")
        picks.block(CONDITIONAL, "50", "Bilateral indicator 3: the 150% bilateral rule does not apply; "
                    "report RT and LT", "no 150% adjustment")
    elif ind == "0" and surgical:
        picks.block(PRIMARY, "50", "Bilateral indicator 0: no bilateral payment (anatomy rules it out, or "
                    "a separate bilateral code exists)", "both sides together get 100% of one fee")
        _sides(picks, INFO, "Bilateral indicator 0: where the site has a side, an anatomic modifier "
               "(RT/LT, or F/T/E for digits and eyelids) identifies it", "no payment effect")


def _sides(picks: _Picks, tier: int, reason: str, effect: str) -> None:
    picks.offer(tier, "RT", f"{reason} (RT = right side)", effect)
    picks.offer(tier, "LT", f"{reason} (LT = left side)", effect)


def _surgical_team(picks: _Picks, row: RvuRow, surgical: bool) -> None:
    assist = _pct(ASSISTANT)
    for mod, who in ASSISTANTS.items():
        effect = f"{assist} of the surgeon's fee"
        if mod == "AS":
            effect = f"{_pct(ASSISTANT * NPP_RATE)} of the surgeon's fee ({_pct(NPP_RATE)} of {assist})"
        if row.assistant == "2":
            picks.offer(USUAL, mod, f"Assistant indicator 2: {mod} for {who} may be paid", effect)
        elif row.assistant == "0" and surgical:
            picks.offer(CONDITIONAL, mod, f"Assistant indicator 0: documentation required; {mod} for {who} "
                        "is paid only when the record shows medical necessity", effect)
        elif row.assistant == "1":
            picks.block(USUAL, mod, "Assistant indicator 1: statutory bar; an assistant at surgery is "
                        "never paid for this code", "not paid")
    co = f"{_pct(CO_SURGEON)} of the fee to each surgeon"
    if row.co_surgeon == "1":
        picks.offer(USUAL, "62", "Co-surgeon indicator 1: co-surgery (62 on both surgeons' claims) is paid "
                    "with documentation that two surgeons were needed", co)
    elif row.co_surgeon == "2":
        picks.offer(USUAL, "62", "Co-surgeon indicator 2: two surgeons of different specialties may each "
                    "bill the code with 62", co)
    elif row.co_surgeon == "0" and surgical:
        picks.block(CONDITIONAL, "62", "Co-surgeon indicator 0: co-surgery is not permitted for this code",
                    "not paid as co-surgery")
    if row.team in {"1", "2"}:
        need = " with documentation of need" if row.team == "1" else ""
        picks.offer(CONDITIONAL, "66", f"Team-surgery indicator {row.team}: team surgery (66) is paid by "
                    f"report{need}", "by report (no fixed percentage)")
    elif row.team == "0" and surgical:
        picks.block(CONDITIONAL, "66", "Team-surgery indicator 0: team surgery is not permitted for this "
                    "code", "not paid as team surgery")


def _global_period(picks: _Picks, row: RvuRow) -> None:
    days = row.global_days
    if days == "XXX":
        for mod in ("58", "78", "79", "54", "55"):
            picks.block(INFO, mod, "Global XXX: the global-surgery concept does not apply, so "
                        "global-period modifiers are not used", "none; there is no global package")
        return
    if days not in {"000", "010", "090"}:
        return  # ZZZ follows its primary, YYY is up to the contractor, MMM is CPT's package: see notes
    if days == "000":
        for mod in ("54", "55"):
            picks.block(USUAL, mod, "Global 000: there is no post-op period to split, so split-care "
                        "modifiers do not apply", "not used")
    else:
        _post_op_period(picks, row)
    same_day = "57" if days == "090" else "25"
    picks.offer(USUAL, same_day, f"Global {days}: {SAME_DAY_EM[same_day]}", _EM_PAID)
    if days != "090":
        picks.block(CONDITIONAL, "57", f"Global {days}: deciding to do a minor procedure is part of it; "
                    "57 is for major (090) surgery", "E/M not paid separately (use 25 if truly separate)")
    repeat = "100% of the fee; the usual multiple-procedure and MUE rules apply"
    picks.offer(CONDITIONAL, "76", "76 marks a repeat of the same procedure by the same physician", repeat)
    picks.offer(CONDITIONAL, "77", "77 marks a repeat of the same procedure by another physician", repeat)


def _post_op_period(picks: _Picks, row: RvuRow) -> None:
    shares = {"pre": row.pre_op, "intra": row.intra_op, "post": row.post_op,
              "pre_intra": row.pre_op + row.intra_op}
    split = row.pre_op + row.intra_op + row.post_op != 0  # defensive: CMS may leave the split blank
    values = {name: _pct(share) for name, share in shares.items()}
    for tier, mod, reason, effect in POST_OP:
        if "{" in effect and not split:
            effect = "no pre/intra/post split published for this code: contractor priced"
        days = int(row.global_days)
        picks.offer(tier, mod, f"Global {row.global_days}: {reason.format(days=days)}", effect.format(**values))


def _bypass(picks: _Picks, row: RvuRow, has_ptp_edits: bool) -> None:
    if has_ptp_edits:
        for mod, what in BYPASS:
            picks.offer(CONDITIONAL, mod, f"NCCI pairs this code with others: {what} an edit whose "
                        "modifier indicator is 1", "bypasses the edit when documented; the "
                        "multiple-procedure reduction still applies")
    if row.mult_proc == "4":
        # Separate imaging sessions the same day: Highmark policy N-69 following CMS [P/V], §3.4.
        picks.offer(CONDITIONAL, "XE", "Multiple-procedure indicator 4: XE marks a separate imaging "
                    "session the same day", "the imaging reduction applies within one session only")


def _discontinued(picks: _Picks, row: RvuRow, component_rows: frozenset[str], surgical: bool) -> None:
    if "53" in component_rows:
        picks.offer(USUAL, "53", f"A {row.hcpcs}-53 row exists: a procedure discontinued after it began "
                    "is paid from it", f"paid from the code's own {row.hcpcs}-53 row")
    elif surgical and row.global_days != "ZZZ":
        picks.offer(INFO, "53", "53 marks a procedure discontinued after it began; this code has no 53 "
                    "row", "contractor priced from the operative note")


def _multiple(picks: _Picks, row: RvuRow) -> None:
    ind = row.mult_proc
    if ind in {"1", "2"}:  # 1 is the pre-1995 rule, only on deleted codes: treated as 2 defensively
        picks.offer(INFO, "51", f"Multiple-procedure indicator {ind}: 51 is informational; Medicare ranks "
                    "same-day procedures and applies the reduction itself", f"100% if ranked first, "
                    f"{_pct(SECOND_PROCEDURE)} as the 2nd to 5th procedure, by report from the 6th")
    elif ind == "3":
        family = f"the {row.endo_base} family" if row.endo_base else "its endoscopy family"
        picks.offer(INFO, "51", f"Multiple-procedure indicator 3 ({family}): 51 is informational; Medicare "
                    "applies the endoscopy rule itself", "with a same-family endoscopy it pays its fee "
                    "minus the base code's fee; the family then ranks as one procedure (100%, then "
                    f"{_pct(SECOND_PROCEDURE)})")
    elif ind == "0":
        addon = "add-on code, " if row.global_days == "ZZZ" else ""
        picks.block(INFO, "51", f"Multiple-procedure indicator 0 ({addon}no multiple-procedure "
                    "reduction): 51 is not needed", "paid in full")
    elif ind in OWN_REDUCTION:
        picks.block(INFO, "51", f"Multiple-procedure indicator {ind}: its own reduction applies without "
                    "51", OWN_REDUCTION[ind])
