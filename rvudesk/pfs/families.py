"""Where a code sits in the CPT/HCPCS hierarchy: section › subsection › … › family.

The hierarchy is reviewed data in rvudesk/content/data/families*.yaml (names and ranges from the
CPT book's headings; HCPCS Level II by letter category). It is loaded once per process; `locate`
runs on every code page, so it is a bisect over the families' sorted ranges.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from rvudesk.pfs import yamldata

DATA_DIR = Path(__file__).resolve().parents[1] / "content" / "data"

# A code's kind and number. Ranges only ever compare codes of the same kind.
_NUMERIC = re.compile(r"^\d{5}$")  # CPT Category I
_SUFFIXED = re.compile(r"^(\d{4})([A-Z])$")  # 0001F Category II, 0042T Category III, 0001U PLA
_LEVEL2 = re.compile(r"^([A-Z])(\d{4})$")  # HCPCS Level II: A0021, J9999


class CodeKey(NamedTuple):
    """A code made comparable: its kind and number.

    Kinds: "cpt" (5 digits), "#F" / "#T" / "#U" (4 digits + letter: Category II, III, PLA) and the
    Level II letter itself ("A"…"V"). The "#" keeps 0042T (Category III) apart from T1000 (Medicaid).
    """

    kind: str
    number: int


class Crumb(NamedTuple):
    """One step of a breadcrumb: (name, slug)."""

    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Family:
    """A leaf of the hierarchy: the codes a coder compares side by side (first..last inclusive)."""

    name: str
    slug: str
    first: str
    last: str
    path: tuple[Crumb, ...]  # the groups above it, outermost first

    @property
    def crumb(self) -> Crumb:
        return Crumb(self.name, self.slug)


@dataclass(frozen=True, slots=True)
class Group:
    """A section or subsection: a named set of ranges holding groups and families."""

    name: str
    slug: str
    ranges: tuple[tuple[str, str], ...]
    path: tuple[Crumb, ...]
    children: tuple[Group | Family, ...]

    @property
    def crumb(self) -> Crumb:
        return Crumb(self.name, self.slug)

    def families(self) -> list[Family]:
        """Every family below this group, in file order."""
        out: list[Family] = []
        for child in self.children:
            out.extend(child.families() if isinstance(child, Group) else [child])
        return out


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one code sits: the groups above its family, and the family."""

    path: tuple[Crumb, ...]
    family: Family

    @property
    def breadcrumb(self) -> tuple[Crumb, ...]:
        """Section to family inclusive, e.g. Surgery › … › Excision–Benign Lesions."""
        return (*self.path, self.family.crumb)


def code_key(code: str) -> CodeKey | None:
    """The comparable key of a HCPCS/CPT code, or None when it is not a 5-character code."""
    code = code.strip().upper()
    if _NUMERIC.match(code):
        return CodeKey("cpt", int(code))
    if m := _SUFFIXED.match(code):
        return CodeKey("#" + m.group(2), int(m.group(1)))
    if m := _LEVEL2.match(code):
        return CodeKey(m.group(1), int(m.group(2)))
    return None


def in_range(code: str, first: str, last: str) -> bool:
    """True when code lies in first..last (inclusive) and is of the same kind."""
    key, lo, hi = code_key(code), _key(first), _key(last)
    return key is not None and key.kind == lo.kind and lo.number <= key.number <= hi.number


@dataclass(frozen=True, slots=True)
class _Tree:
    sections: tuple[Group, ...]
    by_slug: dict[str, Group | Family]
    starts: dict[str, list[int]]  # kind -> sorted first numbers of the families of that kind
    spans: dict[str, list[tuple[int, Family]]]  # kind -> (last number, family), same order


@cache
def _tree() -> _Tree:
    """Load and index every families*.yaml file once per process."""
    sections: list[Group] = []
    for path in sorted(DATA_DIR.glob("families*.yaml")):
        doc = yamldata.load(path)
        sections.extend(_group(raw, (), path.name) for raw in doc["sections"])
    by_slug: dict[str, Group | Family] = {}
    leaves: list[tuple[CodeKey, CodeKey, Family]] = []
    stack: list[Group | Family] = list(sections)
    while stack:
        node = stack.pop()
        if node.slug in by_slug:
            raise ValueError(f"families data: slug {node.slug!r} is used twice")
        by_slug[node.slug] = node
        if isinstance(node, Group):
            stack.extend(node.children)
        else:
            leaves.append((_key(node.first), _key(node.last), node))
    starts: dict[str, list[int]] = {}
    spans: dict[str, list[tuple[int, Family]]] = {}
    for lo, hi, fam in sorted(leaves, key=lambda leaf: (leaf[0].kind, leaf[0].number)):
        starts.setdefault(lo.kind, []).append(lo.number)
        spans.setdefault(lo.kind, []).append((hi.number, fam))
    return _Tree(tuple(sections), by_slug, starts, spans)


def _group(raw: dict[str, Any], path: tuple[Crumb, ...], source: str) -> Group:
    """Build one group (recursively) from its YAML mapping; families are the childless nodes."""
    crumb = Crumb(str(raw["name"]), str(raw["slug"]))
    ranges = _ranges(raw, source)
    children: list[Group | Family] = []
    for child in raw["children"]:
        if child.get("children"):
            children.append(_group(child, (*path, crumb), source))
        else:
            (first, last), *more = _ranges(child, source)
            if more:
                raise ValueError(f"{source}: family {child['slug']!r} must have a single range")
            children.append(Family(str(child["name"]), str(child["slug"]), first, last, (*path, crumb)))
    return Group(crumb.name, crumb.slug, ranges, path, tuple(children))


def _ranges(raw: dict[str, Any], source: str) -> tuple[tuple[str, str], ...]:
    """The node's ranges as (first, last) pairs, checked to be well-formed and ordered."""
    pairs = [tuple(r.split("-")) for r in raw["ranges"]] if "ranges" in raw else [(raw["first"], raw["last"])]
    out: list[tuple[str, str]] = []
    for first, last in pairs:
        lo, hi = _key(str(first)), _key(str(last))
        if lo.kind != hi.kind or lo.number > hi.number:
            raise ValueError(f"{source}: {raw['slug']!r} has a bad range {first}-{last}")
        out.append((str(first), str(last)))
    return tuple(out)


def _key(code: str) -> CodeKey:
    key = code_key(code)
    if key is None:
        raise ValueError(f"families data: {code!r} is not a 5-character HCPCS/CPT code")
    return key


def locate(code: str) -> Placement | None:
    """The family holding `code` and the groups above it, or None when no family covers it."""
    key = code_key(code)
    tree = _tree()
    if key is None or key.kind not in tree.starts:
        return None
    i = bisect_right(tree.starts[key.kind], key.number) - 1
    if i < 0:
        return None
    last, fam = tree.spans[key.kind][i]
    return Placement(fam.path, fam) if key.number <= last else None


def sections() -> tuple[Group, ...]:
    """The top-level sections in file order (CPT sections, then HCPCS Level II letters)."""
    return _tree().sections


def family(slug: str) -> Family | None:
    """The family with this slug, or None."""
    node = _tree().by_slug.get(slug)
    return node if isinstance(node, Family) else None


def section(slug: str) -> Group | None:
    """The section or subsection with this slug, or None."""
    node = _tree().by_slug.get(slug)
    return node if isinstance(node, Group) else None


def codes_in(slug: str, codes: Iterable[str]) -> list[str]:
    """The given codes that fall inside the family or group `slug`, sorted; [] for an unknown slug."""
    node = _tree().by_slug.get(slug)
    if node is None:
        return []
    ranges = [(_key(a), _key(b)) for a, b in (node.ranges if isinstance(node, Group) else ((node.first, node.last),))]
    inside = {}
    for code in codes:
        key = code_key(code)
        if key is not None and any(key.kind == lo.kind and lo.number <= key.number <= hi.number for lo, hi in ranges):
            inside[code] = key
    return sorted(inside, key=lambda c: inside[c])
