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
printed page    ``<source>-pg<page>`` (where recovered) ``class-struggles-pg20``
endnote         ``<source>-n<chapter>-<number>``       ``best-sons-n2-14``
note call       ``<endnote>-ref`` (a repeated call: -2)  ``best-sons-n2-14-ref``
rule            ``<source>-rule-<rule id>``            ``best-sons-rule-note-calls``
emendation      ``<source>-em<NNN>`` (from the data)    ``best-sons-em001``
further place   ``<emendation>-<k>``, k = 2, 3, ...    ``best-sons-em001-2``
annotation      ``<block>-a<k>``, in chapter order     ``best-sons-p475-a2``
table           ``<source>-t<N>`` (from the data)      ``best-sons-t1``
table row       ``<table>-<row>``                      ``best-sons-t1-northern``
table cell      ``<table>-<row>-<column>``             ``best-sons-t1-totals-total``
finding         ``<table>-<check>-<where>``            ``best-sons-t1-column-sum-total``
claim           ``<source>-c<NNN>`` (from the data)     ``best-sons-c001``
claim finding   ``<claim>-vs-<table|claim>``           ``best-sons-c003-vs-table``
index entry     ``name-<id>`` (from the data)           ``name-stalin``
index kind      ``index-<kind>``                       ``index-person``
index letter    ``index-<kind>-<letter>`` (0: digits)  ``index-person-s``
==============  =====================================  ============================

A table row is named by the slug of its printed label (``l<line>`` for every
row when labels repeat), a column by its field name in the data.

Block IDs name paragraphs, headings and tables alike: a paragraph's ID does
not change when an excerpt is widened, because it comes from the witness.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

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


def page(source_id: str, number: str) -> str:
    return f"{source_id}-pg{number}"


def note(source_id: str, chapter: str, number: str) -> str:
    return f"{source_id}-n{chapter}-{number}" if chapter else f"{source_id}-n{number}"


def note_call(source_id: str, chapter: str, number: str) -> str:
    return note(source_id, chapter, number) + "-ref"


def repeated(anchor: str, taken) -> str:
    """The anchor, or, where the same call is printed again, ``<anchor>-2``, ``-3``, ... in order."""
    if anchor not in taken:
        return anchor
    k = 2
    while f"{anchor}-{k}" in taken:
        k += 1
    return f"{anchor}-{k}"


def rule(source_id: str, rule_id: str) -> str:
    return f"{source_id}-rule-{rule_id}"


def table_row(table_id: str, row_key: str) -> str:
    return f"{table_id}-{row_key}"


def table_cell(table_id: str, row_key: str, field: str) -> str:
    return f"{table_id}-{row_key}-{field.replace('_', '-')}"


def finding(table_id: str, check: str, where: str) -> str:
    return f"{table_id}-{check}-{where}"


def claim_finding(claim_id: str, other: str) -> str:
    """A finding on a claim: against a table (``other`` = "table") or against another claim."""
    return f"{claim_id}-vs-{other}"


def index_kind(kind: str) -> str:
    """The heading of one kind of name in the index of names (person, place, institution, event)."""
    return f"index-{kind}"


def index_letter(kind: str, letter: str) -> str:
    """The heading of one letter of a kind in the index of names: a-z, or 0 for headings that begin with a digit."""
    return f"{index_kind(kind)}-{letter}"


def emendation_place(emendation_id: str, index: int) -> str:
    """The k-th place of an emendation (0-based index): the first keeps the bare ID."""
    return emendation_id if index == 0 else f"{emendation_id}-{index + 1}"


# --- checking a built page ----------------------------------------------------------


@dataclass
class PageAnchors:
    """The IDs of one built HTML page, and the IDs (or their absence) on its citable elements.

    A citable element is one that the edition marks with ``data-cite``.
    """

    ids: Counter
    citable: list[tuple[str, str]]  # (kind, id or "")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: Counter = Counter()
        self.citable: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if "data-cite" in attrs:
            self.citable.append((attrs["data-cite"] or tag, attrs.get("id") or ""))


def page_anchors(html: str) -> PageAnchors:
    collector = _Collector()
    collector.feed(html)
    return PageAnchors(collector.ids, collector.citable)


def page_problems(name: str, html: str, expected: list[str]) -> list[str]:
    """What is wrong with the anchors of one built page.

    Every expected anchor must be there exactly once; no ID may be a
    generated ``idN``; every citable element must carry an ID of the scheme.
    """
    found = page_anchors(html)
    problems = [f"{name}: #{a} is missing" for a in expected if found.ids[a] == 0]
    problems += [f"{name}: #{a} appears {found.ids[a]} times" for a in expected if found.ids[a] > 1]
    problems += [f"{name}: generated ID #{a}" for a in found.ids if SPHINX_GENERATED.match(a)]
    problems += [f"{name}: a citable {kind} without an ID" for kind, a in found.citable if not a]
    problems += [f"{name}: citable {kind} #{a} is not on the scheme" for kind, a in found.citable if a and not is_valid(a)]
    return problems
