"""The content of a code page as one dict, rendered as HTML or returned as JSON."""

from __future__ import annotations

import bisect
import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from rvudesk.catalog import familypage
from rvudesk.catalog.models import Locality, Release, Rvu, ZipCode
from rvudesk.edits import codeedits
from rvudesk.knowledge import lookup as family_knowledge
from rvudesk.pfs import descriptors, modifiers
from rvudesk.pfs import indicators as ind
from rvudesk.pfs.fees import Setting, fee, is_na
from rvudesk.pfs.rvurow import RvuRow

CODE_RE = re.compile(r"^[0-9A-Z]{5}$")
CF_CHOICES = ("nonqp", "qp")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
AMA_NOTICE = (
    "CPT codes and descriptions only are copyright American Medical Association. All Rights Reserved. "
    "Applicable FARS/DFARS apply. Fee schedules, relative value units, conversion factors and related "
    "components are not assigned by the AMA, are not part of CPT, and the AMA is not recommending their use."
)
ADA_NOTICE = "Dental codes (D codes) are copyright American Dental Association. All Rights Reserved."
ROW_LABELS = {"": "Global", "26": "Professional component (26)", "TC": "Technical component (TC)",
              "53": "Discontinued procedure (53)"}


class PageError(Exception):
    """A request the page cannot answer; status is the HTTP status to send."""

    def __init__(self, message: str, status: int = 404, near: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.near = near or []


def normalise_code(raw: str) -> str:
    """Upper-case a requested code; raise PageError (404) when it cannot be a HCPCS code."""
    code = raw.strip().upper()
    if not CODE_RE.match(code):
        raise PageError("That is not a CPT or HCPCS code: codes are five letters or digits, like 11401.")
    return code


def release_for(release_id: str | None, on: str | None = None) -> Release:
    """The requested release, the release in effect on a date of service (YYYY-MM-DD), or the newest."""
    releases = Release.objects.all()  # newest first
    if release_id and on:
        raise PageError("Give a release or a date of service, not both.", 400)
    if on:
        return _in_effect(releases, service_date(on))
    release = releases.filter(id=release_id.upper()).first() if release_id else releases.first()
    if release is None:
        message = f"Release {release_id!r} is not loaded." if release_id else "No release is loaded yet."
        raise PageError(message, 404 if not release_id else 400)
    return release


def service_date(text: str) -> date:
    """A date of service given as YYYY-MM-DD; PageError (400) otherwise."""
    text = text.strip()
    try:
        if DATE_RE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise PageError(f"The date of service {text[:20]!r} is not a date like 2026-07-15.", 400)


def _in_effect(releases: QuerySet[Release], day: date) -> Release:
    """The newest release effective on or before the day; a release stays in effect to its year's end
    at most (the next year's fee schedule is a different one)."""
    release = releases.filter(effective_from__lte=day).first()
    if release is None or day.year > release.year:
        loaded = ", ".join(f"{r.id} from {r.effective_from}" for r in releases) or "none"
        raise PageError(f"No loaded release covers the date of service {day} (loaded: {loaded}).", 400)
    return release


def locality_for(release: Release, locality_id: str | None, zip_code: str | None) -> Locality | None:
    """The locality named by id (MAC-LOC, e.g. 01112-54) or found from a ZIP code."""
    if zip_code:
        zip_code = zip_code.strip()
        entry = ZipCode.objects.filter(zip=zip_code).first() if re.fullmatch(r"\d{5}", zip_code) else None
        if entry is None:
            raise PageError(f"ZIP code {zip_code!r} is not in the CMS ZIP-to-locality file.", 400)
        locality_id = entry.locality_id
    if not locality_id:
        return None
    mac, _, number = locality_id.strip().partition("-")
    found = Locality.objects.filter(release=release, mac=mac, number=number).first()
    if found is None:
        raise PageError(f"Locality {locality_id!r} has no GPCIs in {release.id}.", 400)
    return found


def near_codes(release: Release, code: str, count: int = 6) -> list[str]:
    """Codes of the release sorting next to a code that is not in it."""
    codes = list(Rvu.objects.filter(release=release).order_by("hcpcs").values_list("hcpcs", flat=True).distinct())
    at = bisect.bisect_left(codes, code)
    return codes[max(0, at - count // 2): at + count // 2]


def lookup(code: str, release_id: str | None = None, on: str | None = None, locality_id: str | None = None,
           zip_code: str | None = None, cf: str | None = None) -> dict[str, Any]:
    """The page of a code for a release (or the release in effect on a date of service), a place
    and a conversion factor ("nonqp", the default, or "qp")."""
    release = release_for(release_id, on)

    def page_in(chosen: Release) -> dict[str, Any]:
        locality = locality_for(chosen, locality_id, zip_code)
        return build(code, chosen, locality, service_date(on) if on else None, qp_for(chosen, cf))

    try:
        return {**page_in(release), "gone_from": None}
    except PageError as exc:
        # A code deleted from the newest release keeps its page: the last release that had it.
        last = None if exc.status != 404 or release_id or on else (
            Release.objects.filter(rvus__hcpcs=code).distinct().first())
        if last is None:
            raise
        return {**page_in(last), "gone_from": release.id}


def qp_for(release: Release, cf: str | None) -> bool:
    """True for the QP conversion factor; PageError (400) for anything but "", "nonqp" or "qp"."""
    choice = (cf or "nonqp").strip().lower()
    if choice not in CF_CHOICES:
        raise PageError(f"The conversion factor must be 'nonqp' or 'qp', not {cf[:10]!r}.", 400)
    if choice == "qp" and not release.qp_available:
        raise PageError(f"No QP conversion factor is loaded for {release.id}.", 400)
    return choice == "qp"


def build(code: str, release: Release, locality: Locality | None, on: date | None = None,
          qp: bool = False) -> dict[str, Any]:
    """Everything a code page shows, keyed as the JSON twin documents; `on` is the date of service."""
    rows = [r.to_row() for r in Rvu.objects.filter(release=release, hcpcs=code)]
    if not rows:
        raise PageError(f"{code} is not in {release.id}.", near=near_codes(release, code))
    rows.sort(key=lambda r: list(ROW_LABELS).index(r.modifier))
    main = rows[0]
    cf = release.cf(qp)
    ncci = codeedits.for_code(code, release, on or release.effective_from)
    place = familypage.placement(code, release)
    slug = place["family"]["slug"] if place["family"] else None
    knowledge = family_knowledge.for_code(main, slug, ncci and ncci["mue"])
    return {
        "code": code,
        "kind": "CPT" if code[0].isdigit() else "HCPCS Level II",
        "descriptor": main.description,
        "plain_descriptor": descriptors.expand(main.description),
        **place,
        **knowledge,
        "status": {"code": main.status, "label": ind.STATUS[main.status].label,
                   "text": ind.STATUS[main.status].text, "payable": main.status in ind.PAYABLE_STATUSES},
        "release": {"id": release.id, "label": release.label, "conversion_factor": cf,
                    "conversion_factor_variant": "qp" if qp else "nonqp",
                    "conversion_factors": {"nonqp": release.conversion_factor,
                                           "qp": release.cf(True) if release.qp_available else None},
                    "effective_from": release.effective_from.isoformat(), "title": release.title},
        "date_of_service": on.isoformat() if on else None,
        "global_days": main.global_days,
        "global": _global(main),
        "indicators": {"mult_proc": main.mult_proc, "bilateral": main.bilateral, "assistant": main.assistant,
                       "co_surgeon": main.co_surgeon, "team": main.team, "pctc": main.pctc,
                       "endo_base": main.endo_base, "supervision": main.supervision,
                       "imaging_family": main.imaging_family},
        "policy": _policy(main),
        "modifiers": _modifiers(main, frozenset(r.modifier for r in rows[1:]), bool(ncci and ncci["bypassable"])),
        "ncci": ncci,
        "rows": [_row(r, cf, locality) for r in rows],
        "locality": _locality(locality),
        "notice": ADA_NOTICE if code.startswith("D") else AMA_NOTICE,
    }


def _global(row: RvuRow) -> dict[str, Any]:
    meaning = ind.GLOBAL_DAYS.get(row.global_days, ind.Meaning(row.global_days, ""))
    shares = row.pre_op + row.intra_op + row.post_op
    return {"label": meaning.label, "text": meaning.text, "pre_op": row.pre_op, "intra_op": row.intra_op,
            "post_op": row.post_op, "has_shares": shares > 0}


def _policy(row: RvuRow) -> list[dict[str, str]]:
    items = [
        ("Multiple procedures", row.mult_proc, ind.words(ind.MULT_PROC, row.mult_proc)),
        ("Bilateral surgery", row.bilateral, ind.words(ind.BILATERAL, row.bilateral)),
        ("Assistant at surgery", row.assistant, ind.words(ind.ASSISTANT, row.assistant)),
        ("Co-surgeons", row.co_surgeon, ind.words(ind.CO_SURGEON, row.co_surgeon)),
        ("Team surgery", row.team, ind.words(ind.TEAM, row.team)),
        ("Professional/technical split", row.pctc, ind.words(ind.PCTC, row.pctc)),
        ("Supervision of diagnostic tests", row.supervision, ind.words(ind.SUPERVISION, row.supervision)),
        ("Diagnostic imaging family", row.imaging_family, ind.words(ind.IMAGING_FAMILY, row.imaging_family)),
    ]
    policy = [{"name": n, "value": v, "text": t} for n, v, t in items if v]
    if row.endo_base:
        policy.append({"name": "Endoscopic base code", "value": row.endo_base,
                       "text": f"Endoscopy family of {row.endo_base}: paid minus the base code's fee when "
                               "billed with another member of the family."})
    return policy


def _modifiers(row: RvuRow, component_rows: frozenset[str], has_ptp_edits: bool) -> dict[str, Any]:
    """Modifier guidance from the code's indicators, global period and NCCI pairs (payment-rules.md §6)."""
    found = modifiers.guidance(row, has_ptp_edits=has_ptp_edits, component_rows=component_rows)

    def notes(items: tuple[modifiers.ModifierNote, ...]) -> list[dict[str, str]]:
        return [{"modifier": n.modifier, "reason": n.reason, "effect": n.effect} for n in items]

    return {"typical": notes(found.typical), "not_allowed": notes(found.not_allowed),
            "notes": list(found.notes), "none_required": found.none_required}


def _row(row: RvuRow, cf: Decimal, locality: Locality | None) -> dict[str, Any]:
    payment: dict[str, Decimal] = {
        "national_nonfacility": fee(row, Setting.NONFACILITY, cf),
        "national_facility": fee(row, Setting.FACILITY, cf),
    }
    if locality is not None:
        payment["locality_nonfacility"] = fee(row, Setting.NONFACILITY, cf, locality.gpci)
        payment["locality_facility"] = fee(row, Setting.FACILITY, cf, locality.gpci)
    return {
        "modifier": row.modifier,
        "label": ROW_LABELS[row.modifier],
        "status": row.status,
        "rvu": {"work": row.work, "pe_nonfacility": row.pe_nonfacility, "pe_facility": row.pe_facility,
                "mp": row.mp, "total_nonfacility": row.total_nonfacility, "total_facility": row.total_facility},
        "na": {"nonfacility": is_na(row, Setting.NONFACILITY), "facility": is_na(row, Setting.FACILITY)},
        "payment": payment,
    }


def _locality(locality: Locality | None) -> dict[str, Any] | None:
    if locality is None:
        return None
    return {"id": locality.locality_id, "name": locality.name, "state": locality.state,
            "gpci_work": locality.gpci_work, "gpci_pe": locality.gpci_pe, "gpci_mp": locality.gpci_mp}
