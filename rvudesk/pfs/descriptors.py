"""CMS short descriptors ("Exc tr-ext b9+marg 0.6-1 cm") expanded to plain English.

The expansion is a dictionary lookup, token by token, driven by reviewed data in
rvudesk/content/data/abbreviations.yaml (abbreviations, multi-token phrases, and abbreviations
known to be ambiguous) and words.txt (ordinary English and medical words). It never guesses: a
token it does not know, or one with several meanings that no phrase resolves, is left as CMS
printed it. The word order stays CMS's; only numeric ranges and "</>" size marks are reworded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rvudesk.pfs import yamldata

DATA_DIR = Path(__file__).resolve().parents[1] / "content" / "data"

# Units and ordinals that may follow a number inside one token ("1st", "2.5cm", "20sqcm").
_UNITS = r"(?:st|nd|rd|th|cm|mm|sqcm|sq|cc|ml|mg|mcg|kg|gm|g|d|hr|hrs|h|min|mins|yr|yrs|wk|wks|mo|x|v|t|f)"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:-\d+(?:\.\d+)?)?" + _UNITS + r"?(?![a-z])")
_NUMBER_ONLY = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[a-z][a-z0-9']*")
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$")


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of a descriptor: kind is "phrase", "word", "number" or "sep" (space, punctuation)."""

    kind: str
    text: str  # as printed by CMS


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The data the expansion runs on."""

    phrases: dict[str, str]  # keys holding punctuation or spaces: "w/o", "tr-ext", "mod rad"
    abbreviations: dict[str, str]  # single tokens: "exc" -> "excision"
    ambiguous: dict[str, list[str]]  # known abbreviations with several meanings: left as printed
    words: frozenset[str]  # ordinary English and medical words (lower case)

    def knows(self, token: str) -> bool:
        """True when the lower-cased token is an abbreviation, a phrase or a known word."""
        return token in self.abbreviations or token in self.phrases or token in self.ambiguous or (
            token in self.words)


@cache
def vocabulary() -> Vocabulary:
    """Load the abbreviation dictionary and the word list once per process."""
    doc = yamldata.load(DATA_DIR / "abbreviations.yaml")
    entries = {str(k).lower(): str(v) for k, v in doc["abbreviations"].items()}
    phrases = {k: v for k, v in entries.items() if not _WORD.fullmatch(k)}
    singles = {k: v for k, v in entries.items() if _WORD.fullmatch(k)}
    ambiguous = {str(k).lower(): [str(m) for m in v] for k, v in (doc.get("ambiguous") or {}).items()}
    text = (DATA_DIR / "words.txt").read_text(encoding="utf-8")
    words = frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))
    return Vocabulary(phrases, singles, ambiguous, words)


@cache
def _phrases_by_first_char() -> dict[str, list[str]]:
    """Phrase keys grouped by first character, longest first, so the longest phrase wins."""
    out: dict[str, list[str]] = {}
    for key in sorted(vocabulary().phrases, key=len, reverse=True):
        out.setdefault(key[0], []).append(key)
    return out


def scan(short: str) -> list[Token]:
    """Split a descriptor into phrase, word, number and separator tokens (text kept as printed)."""
    low, out, i = short.lower(), [], 0
    while i < len(short):
        phrase = _phrase_at(low, i)
        if phrase:
            out.append(Token("phrase", short[i:i + len(phrase)]))
            i += len(phrase)
        elif m := _NUMBER.match(low, i) or _NUMBER_ONLY.match(low, i):
            out.append(Token("number", short[i:m.end()]))
            i = m.end()
        elif m := _WORD.match(low, i):
            out.append(Token("word", short[i:m.end()]))
            i = m.end()
        else:
            out.append(Token("sep", short[i]))
            i += 1
    return out


def _phrase_at(low: str, i: int) -> str:
    """The longest phrase starting at i whose alphanumeric ends are not glued to other letters."""
    for key in _phrases_by_first_char().get(low[i], []):
        if not low.startswith(key, i):
            continue
        end = i + len(key)
        # Digits may touch a phrase ("n-hf/genit2.6-7.5"); letters may not ("w/" in "w/o" is fine,
        # "ant" inside "want" is not).
        glued_before = key[0].isalpha() and i > 0 and low[i - 1].isalpha()
        glued_after = key[-1].isalpha() and end < len(low) and low[end].isalpha()
        if not glued_before and not glued_after:
            return key
    return ""


def tokens(short: str) -> list[str]:
    """The lower-cased word, phrase and number tokens of a descriptor (separators dropped)."""
    return [t.text.lower() for t in scan(short) if t.kind != "sep"]


def expand(short: str) -> str:
    """Readable English for a CMS short descriptor; unknown or ambiguous tokens stay as printed."""
    vocab = vocabulary()
    parts: list[str] = []
    for token in scan(short):
        low = token.text.lower()
        if token.kind == "phrase":
            text = vocab.phrases[low]
        elif token.kind == "word":
            text = vocab.abbreviations.get(low, token.text)
        elif token.kind == "number" and (m := _RANGE.match(low)):
            text = f"{m.group(1)} to {m.group(2)}"
        else:
            text = token.text
        # A word glued to the previous one by an expanded phrase ("w/ecg") needs a space.
        if parts and parts[-1][-1:].isalnum() and text[:1].isalnum():
            text = " " + text
        parts.append(text)
    out = re.sub(r"\s+", " ", "".join(parts)).strip()
    out = re.sub(r"\s+([,;])", r"\1", out)
    return out[:1].upper() + out[1:]


def coverage(descriptors: Iterable[str]) -> tuple[float, Counter[str]]:
    """Share of tokens that are known words, abbreviations or numbers, and the unknown ones counted."""
    vocab = vocabulary()
    total, unknown = 0, Counter[str]()
    for short in descriptors:
        for token in scan(short):
            if token.kind == "sep":
                continue
            total += 1
            low = token.text.lower()
            if token.kind == "word" and not vocab.knows(low):
                unknown[low] += 1
    known = total - sum(unknown.values())
    return (known / total if total else 1.0), unknown
