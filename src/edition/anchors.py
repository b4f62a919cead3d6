"""The anchor scheme: one explicit, stable, ASCII ID for everything citable.

Every ID is lowercase ASCII, words joined by hyphens, and begins with the
source ID, so that an anchor says which work it belongs to.  IDs are made
from the witness (its line numbers), from the work (its note numbers) or from
the data (excerpt and emendation IDs chosen once by an editor), never from a
counter of the build, so they are identical on every rebuild.

==============  =====================================  ============================
thing           form                                   example
==============  =====================================  ============================
source          ``<source>``                           ``best-sons``
excerpt         ``<source>-ex<NN>`` (from the data)     ``best-sons-ex01``
block           ``<source>-p<first witness line>``     ``best-sons-p455``
witness line    ``<source>-w<witness line>``           ``best-sons-w455``
endnote         ``<source>-n<chapter>-<number>``       ``best-sons-n2-14``
note call       ``<endnote>-ref``                      ``best-sons-n2-14-ref``
rule            ``<source>-rule-<rule id>``            ``best-sons-rule-note-calls``
emendation      ``<source>-em<NNN>`` (from the data)    ``best-sons-em001``
further place   ``<emendation>-<k>``, k = 2, 3, ...    ``best-sons-em001-2``
==============  =====================================  ============================

Block IDs name paragraphs, headings and tables alike: a paragraph's ID does
not change when an excerpt is widened, because it comes from the witness.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SPHINX_GENERATED = re.compile(r"^id\d+$")


def is_valid(anchor: str) -> bool:
    return bool(ID.match(anchor))


def source(source_id: str) -> str:
    return source_id


def block(source_id: str, first_line: int) -> str:
    return f"{source_id}-p{first_line}"


def witness_line(source_id: str, line: int) -> str:
    return f"{source_id}-w{line}"


def note(source_id: str, chapter: str, number: str) -> str:
    return f"{source_id}-n{chapter}-{number}" if chapter else f"{source_id}-n{number}"


def note_call(source_id: str, chapter: str, number: str) -> str:
    return note(source_id, chapter, number) + "-ref"


def rule(source_id: str, rule_id: str) -> str:
    return f"{source_id}-rule-{rule_id}"


def emendation_place(emendation_id: str, index: int) -> str:
    """The k-th place of an emendation (0-based index): the first keeps the bare ID."""
    return emendation_id if index == 0 else f"{emendation_id}-{index + 1}"


# --- checking a built page ----------------------------------------------------------

CITABLE_CLASSES = {"excerpt", "passage", "endnote", "emendation", "apparatus-entry", "rule-entry", "wline", "note-call"}


@dataclass
class PageAnchors:
    """The IDs of one built HTML page, and which of them sit on citable elements."""

    ids: Counter
    citable_without_id: list[str]
    generated_on_citable: list[str]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter = Counter()
        self.citable_without_id: list[str] = []
        self.generated_on_citable: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        anchor = attrs.get("id")
        if anchor:
            self.ids[anchor] += 1
        classes = set((attrs.get("class") or "").split())
        citable = classes & CITABLE_CLASSES
        if citable and "data-cite" in attrs:
            if not anchor:
                self.citable_without_id.append(f"<{tag} class={sorted(citable)}>")
            elif SPHINX_GENERATED.match(anchor):
                self.generated_on_citable.append(anchor)


def page_anchors(html: str) -> PageAnchors:
    collector = _Collector()
    collector.feed(html)
    return PageAnchors(collector.ids, collector.citable_without_id, collector.generated_on_citable)


def check_built_page(path: Path, expected: list[str]) -> list[str]:
    """Problems with the anchors of one built page: missing, doubled or generated."""
    found = page_anchors(path.read_text(encoding="utf-8"))
    problems = []
    for anchor in expected:
        if found.ids[anchor] == 0:
            problems.append(f"{path.name}: anchor #{anchor} is missing")
        elif found.ids[anchor] > 1:
            problems.append(f"{path.name}: anchor #{anchor} appears {found.ids[anchor]} times")
    problems += [f"{path.name}: citable element without an ID: {tag}" for tag in found.citable_without_id]
    problems += [f"{path.name}: citable element with a generated ID #{a}" for a in found.generated_on_citable]
    problems += [
        f"{path.name}: #{a} appears {n} times" for a, n in found.ids.items() if n > 1 and a not in expected
    ]
    return problems
