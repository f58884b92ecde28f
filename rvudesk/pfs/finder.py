"""The Code Finder's decision tree: reviewed YAML, one file per specialty, in
rvudesk/content/data/finder/. A node has an id (unique among its siblings) and a label, and either
children (with the question they answer) or a code with typical ICD-10-CM codes and modifiers.
A path of ids from the specialty down names every step, so every step has its own URL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rvudesk.pfs import yamldata

DATA = Path(__file__).resolve().parents[1] / "content" / "data" / "finder"


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    question: str = ""
    children: tuple[Node, ...] = ()
    code: str = ""
    icd10: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def child(self, node_id: str) -> Node | None:
        return next((c for c in self.children if c.id == node_id), None)

    def as_dict(self) -> dict[str, Any]:
        """The API shape: id, label and either question + children or code, icd10, modifiers."""
        if self.children:
            return {"id": self.id, "label": self.label, "question": self.question,
                    "children": [c.as_dict() for c in self.children]}
        return {"id": self.id, "label": self.label, "code": self.code, "icd10": list(self.icd10),
                "modifiers": list(self.modifiers)}


class FinderError(ValueError):
    """A tree file that does not have the shape above, naming the file and the node."""


def _node(raw: Any, source: str, where: str) -> Node:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("label"):
        raise FinderError(f"{source}: {where}: every node needs an id and a label")
    here = f"{where}/{raw['id']}"
    kids = raw.get("children") or []
    if kids and "code" in raw:
        raise FinderError(f"{source}: {here}: a node has either children or a code, not both")
    if not kids and not raw.get("code"):
        raise FinderError(f"{source}: {here}: a node without children must name a code")
    return Node(
        id=str(raw["id"]), label=str(raw["label"]), question=str(raw.get("question") or ""),
        children=tuple(_node(k, source, here) for k in kids), code=str(raw.get("code") or ""),
        icd10=tuple(str(d) for d in raw.get("icd10") or ()),
        modifiers=tuple(str(m) for m in raw.get("modifiers") or ()),
    )


@cache
def specialties(folder: Path = DATA) -> tuple[Node, ...]:
    """Every specialty tree, by label."""
    trees = [_node(yamldata.load(p), p.name, "") for p in sorted(folder.glob("*.yaml"))]
    return tuple(sorted(trees, key=lambda n: n.label))


def trail(path: Sequence[str], folder: Path = DATA) -> list[Node] | None:
    """The nodes along a path of ids (specialty first), or None when a step does not exist."""
    nodes: list[Node] = []
    level = specialties(folder)
    for node_id in path:
        found = next((n for n in level if n.id == node_id), None)
        if found is None:
            return None
        nodes.append(found)
        level = found.children
    return nodes


def leaves(node: Node, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Node]]:
    """(path of ids, leaf) for every leaf under the node, the node's own id first in the path."""
    here = (*path, node.id)
    if node.is_leaf:
        yield here, node
    for child in node.children:
        yield from leaves(child, here)
