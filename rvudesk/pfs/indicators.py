"""PPRRVU indicator values in words, paraphrasing the RVUPUF's Attachment A.

Source: CMS "National Physician Fee Schedule Relative Value File" documentation (RVU26A/RVU25D),
as summarised in payment-rules.md §1.3 [RVUPUF, V].
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Meaning:
    """A short label (for badges) and a sentence (for the policy section)."""

    label: str
    text: str


STATUS = {
    "A": Meaning("Active", "Paid separately under the fee schedule when covered."),
    "B": Meaning("Bundled", "Always bundled into another service; any RVUs shown are not used for payment."),
    "C": Meaning("Carrier priced", "The Medicare contractor sets the payment case by case; no national amount."),
    "D": Meaning("Deleted", "Deleted; not valid for dates of service in this release."),
    "E": Meaning("Excluded", "Excluded from the fee schedule by regulation; not paid under it."),
    "F": Meaning("Deleted", "Deleted or discontinued, with no grace period."),
    "G": Meaning("Not valid for Medicare", "Not valid for Medicare; another code is used instead."),
    "H": Meaning("Deleted modifier", "This component (26/TC) row was deleted; bill the code without it."),
    "I": Meaning("Not valid for Medicare", "Not valid for Medicare; another code is used (no grace period)."),
    "J": Meaning("Anesthesia", "Anesthesia service: paid by base and time units times the anesthesia CF."),
    "M": Meaning("Measurement code", "Quality reporting code; reported for measurement, paid $0."),
    "N": Meaning("Non-covered", "Not covered by Medicare; any RVUs shown are not used for Medicare payment."),
    "P": Meaning("Bundled/excluded", "Bundled when incident to a physician service that day, else paid outside "
                 "the fee schedule; no RVUs."),
    "R": Meaning("Restricted coverage", "Restricted coverage; priced by the contractor when covered."),
    "T": Meaning("Paid if alone", "Paid only when no other fee-schedule service is billed that day by the "
                 "same provider; otherwise bundled."),
    "X": Meaning("Statutory exclusion", "Excluded from the fee schedule by statute (e.g. lab, ambulance)."),
}
PAYABLE_STATUSES = frozenset("ART")

# label: the short phrase used inside sentences ("PC/TC indicator 2: professional-only code");
# text: the sentence of the code page's policy section.
PCTC = {
    "0": Meaning("physician service that cannot be split",
                 "Physician service: the professional/technical split does not apply (26 and TC not allowed)."),
    "1": Meaning("diagnostic test with professional and technical components",
                 "Diagnostic test with professional (26) and technical (TC) components, each billable alone."),
    "2": Meaning("professional-only code", "Professional-component-only code; 26 and TC do not apply."),
    "3": Meaning("technical-only code", "Technical-component-only code; 26 and TC do not apply."),
    "4": Meaning("global test with its own separate PC and TC codes",
                 "Global test with separate professional-only and technical-only codes; 26 and TC do not apply."),
    "5": Meaning("incident-to service",
                 "Incident-to service; not payable to the physician for hospital inpatients or outpatients."),
    "6": Meaning("lab physician interpretation, the test itself paid on the lab fee schedule",
                 "Laboratory physician interpretation; modifier TC does not apply."),
    "7": Meaning("therapy service",
                 "Physical/occupational therapy service not payable to an independent therapist for hospital "
                 "patients."),
    "8": Meaning("physician interpretation of an abnormal smear, with no technical part",
                 "Physician interpretation of an abnormal smear for a hospital inpatient; no TC."),
    "9": Meaning("PC/TC concept does not apply", "The professional/technical concept does not apply."),
}

GLOBAL_DAYS = {
    "000": Meaning("0-day global", "Endoscopy or minor procedure: pre- and post-operative work on the day of "
                   "the procedure is included."),
    "010": Meaning("10-day global", "Minor procedure: the day of the procedure and 10 post-operative days are "
                   "included."),
    "090": Meaning("90-day global", "Major surgery: the day before, the day of, and 90 post-operative days are "
                   "included."),
    "MMM": Meaning("Maternity", "Maternity code; the usual global surgery rules do not apply."),
    "XXX": Meaning("No global period", "The global surgery concept does not apply."),
    "YYY": Meaning("Carrier-set global", "The contractor decides whether a global period applies and how long."),
    "ZZZ": Meaning("Add-on", "Add-on code: always performed with another service and inside its global "
                   "period."),
}

MULT_PROC = {
    "0": "No multiple-procedure reduction: paid in full even with other procedures the same day.",
    "1": "Pre-1995 rule: ranked with other procedures and paid 100/50/25/25/25%.",
    "2": "Standard rule: with other procedures the same day, ranked by fee and paid 100%, then 50% for "
         "ranks 2-5; the 6th and later are priced by report.",
    "3": "Endoscopy rule: with another endoscopy of the same family, paid the fee minus the base "
         "endoscopy's fee, the family ranked as one procedure.",
    "4": "Diagnostic imaging: with another imaging study in the same session, technical component 50% "
         "and professional component 95% after the highest.",
    "5": "Therapy: the practice expense of the 2nd and later units or services is paid at 50%.",
    "6": "Diagnostic cardiovascular: technical component of the 2nd and later services cut by 25%.",
    "7": "Diagnostic ophthalmology: technical component of the 2nd and later services cut by 20%.",
    "9": "The multiple-procedure concept does not apply.",
}

BILATERAL = {
    "0": "No bilateral adjustment: billed on both sides (50 or RT+LT) it is paid once, 100% of one fee.",
    "1": "Bilateral surgery: billed with 50 (or RT and LT) it is paid 150% of the fee.",
    "2": "Already valued as bilateral: 100% of one fee however it is reported; 50 is not used.",
    "3": "Each side paid in full: 100% per side (200% for both), no 150% rule.",
    "9": "The bilateral concept does not apply.",
}

ASSISTANT = {
    "0": "Assistant at surgery paid only with documentation of medical necessity (80/82: 16%, AS: 13.6%).",
    "1": "Assistant at surgery never paid (statutory restriction).",
    "2": "Assistant at surgery may be paid: 16% of the fee with 80/81/82, 13.6% with AS.",
    "9": "The assistant-at-surgery concept does not apply.",
}

CO_SURGEON = {
    "0": "Co-surgeons (62) not permitted.",
    "1": "Co-surgeons (62) paid with documentation that two surgeons were needed: 62.5% each.",
    "2": "Co-surgeons (62) permitted when the two-specialty requirement is met: 62.5% each.",
    "9": "The co-surgeon concept does not apply.",
}

TEAM = {
    "0": "Team surgery (66) not permitted.",
    "1": "Team surgery (66) paid by report with documentation of need.",
    "2": "Team surgery (66) permitted, priced by report.",
    "9": "The team-surgery concept does not apply.",
}

SUPERVISION = {
    "01": "General supervision.",
    "02": "Direct supervision.",
    "03": "Personal supervision.",
    "04": "No supervision needed when done by a qualified psychologist; otherwise general.",
    "05": "No supervision needed when done by a qualified audiologist; otherwise general.",
    "06": "Physician or ABPTS-certified electrophysiologic physical therapist.",
    "09": "Supervision concept does not apply.",
    "21": "Certified technician under general supervision; otherwise direct.",
    "22": "Technician with online real-time contact with the physician.",
    "66": "Physician or ABPTS-certified physical therapist.",
    "6A": "Physician or ABPTS-certified physical therapist, who may supervise another PT.",
    "77": "ABPTS-certified PT, an uncertified PT under direct supervision, or a certified technician under "
          "general supervision.",
    "7A": "As 77, with the 6A supervision rule.",
}

IMAGING_FAMILY = {
    "88": "Subject to the diagnostic imaging multiple-procedure reduction (TC and PC).",
    "99": "No imaging family.",
}


def words(table: Mapping[str, str] | Mapping[str, Meaning], value: str) -> str:
    """The sentence for an indicator value, or a plain note when CMS printed an unknown value."""
    found = table.get(value)
    if found is None:
        return f"Indicator value {value!r} (not described in the CMS documentation)."
    return found.text if isinstance(found, Meaning) else found
