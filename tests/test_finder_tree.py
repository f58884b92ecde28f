"""The Code Finder tree reader on synthetic YAML: shape errors name the file and the node."""

from __future__ import annotations

import pytest

from rvudesk.pfs import finder

TREE = """
id: demo
label: Demo specialty
question: Where?
children:
  - id: arm
    label: Arm
    question: Which?
    children:
      - {id: widget, label: Widget repair, code: "99991", icd10: [R99.90], modifiers: ["RT"]}
  - {id: leg, label: Leg widget, code: "99992", icd10: [R99.91]}
"""


def load(tmp_path, text, name="demo.yaml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    finder.specialties.cache_clear()
    try:
        return finder.specialties(tmp_path)
    finally:
        finder.specialties.cache_clear()


def test_a_tree_reads_into_nodes_and_paths(tmp_path):
    (demo,) = load(tmp_path, TREE)
    assert [c.id for c in demo.children] == ["arm", "leg"]
    leaves = list(finder.leaves(demo))
    assert [(path, leaf.code) for path, leaf in leaves] == [(("demo", "arm", "widget"), "99991"),
                                                          (("demo", "leg"), "99992")]
    assert demo.children[0].children[0].as_dict() == {"id": "widget", "label": "Widget repair", "code": "99991",
                                                      "icd10": ["R99.90"], "modifiers": ["RT"]}


@pytest.mark.parametrize(("text", "message"), [
    ("id: x\nlabel: X\nchildren:\n  - {id: a, label: A}\n",
     r"demo\.yaml: /x/a: a node without children must name a code"),
    ("id: x\nlabel: X\nchildren:\n  - {label: A, code: '99991'}\n", r"demo\.yaml: /x: every node needs an id"),
    ("id: x\nlabel: X\ncode: '1'\nchildren:\n  - {id: a, label: A, code: '99991'}\n",
     r"demo\.yaml: /x: a node has either children or a code, not both"),
])
def test_a_malformed_tree_is_refused_naming_the_file_and_the_node(tmp_path, text, message):
    with pytest.raises(finder.FinderError, match=message):
        load(tmp_path, text)
