"""The index of names: the people, places, institutions and events the excerpts name.

``data/names.yaml`` gives each name once: the heading a reader looks up, its
kind, a short identification, the forms in which the reading text prints it,
and, where an editor has stated them with an authority, the dates between
which the person lived, the institution existed or the event took place.
The index lists every paragraph and note whose reading text has one of the
forms; a form found nowhere is an error, so the index never points at text the
edition no longer has.  A reader finds each place by a locator in text order:
the printed page where the witness lets the edition recover it, otherwise the
excerpt and the paragraph or note within it (:func:`locators`).  The dates serve the check of dated statements
(``claims.check_dates``): an event cannot involve a name before it existed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .datafiles import Located, load_yaml

KINDS = {"person": "People", "place": "Places", "institution": "Institutions", "event": "Events"}


@dataclass(frozen=True)
class Name:
    id: str
    name: str
    kind: str
    forms: tuple[str, ...]
    note: str
    start: str  # ISO date (or year, year-month) from which the name existed; "" where not stated
    end: str
    authority: str
    where: Located

    @property
    def anchor(self) -> str:
        return f"name-{self.id}"


@dataclass(frozen=True)
class Occurrence:
    excerpt: str
    source: str
    block: str  # the anchor of the paragraph, heading or note
    kind: str


@dataclass(frozen=True)
class Locator:
    """One place of a name as the index prints it: a label a reader can cite, and the block it links to."""

    source: str
    block: str  # the anchor of the paragraph, heading or note
    label: str  # "p. 88", "p. 25 n. 30", "ex03 ¶ 4", "ex03 n. 12", "ex01 heading"
    title: str  # the excerpt and the witness line, for the curious


@dataclass
class Index:
    names: list[Name] = field(default_factory=list)
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)  # name ID -> where it occurs


def load_names(data: Path) -> list[Name]:
    file = data / "names.yaml"
    if not file.exists():
        return []
    names, seen, forms = [], set(), {}
    for item in load_yaml(file, "names")["names"]:
        if item["id"] in seen:
            raise item.error("id", f"name {item['id']!r} appears twice")
        seen.add(item["id"])
        for form in item["forms"]:
            if form in forms:
                raise item.error("forms", f"the form {form!r} is already a form of {forms[form]!r}")
            forms[form] = item["id"]
        dates = item.get("dates") or {}
        names.append(Name(item["id"], item["name"], item["kind"], tuple(item["forms"]), " ".join(item.get("note", "").split()),
                          str(dates.get("from", "")), str(dates.get("to", "")), dates.get("authority", ""), item.where))
    return names


def _pattern(form: str) -> re.Pattern:
    return re.compile(r"(?<![\w'’])" + re.escape(form) + r"(?![\w'’])")


def build_index(names: list[Name], excerpts: dict) -> Index:
    """Where each name occurs: every block whose reading text has one of its forms."""
    index = Index(names)
    texts = [(e, b, " ".join(b.reading.split())) for e in excerpts.values() for b in e.blocks + e.note_blocks
             if b.kind != "table"]
    for name in names:
        found = []
        for form in name.forms:
            pattern = _pattern(form)
            # a plain substring test first (fast), the whole-word pattern only where the form occurs at all
            hits = [Occurrence(e.id, e.source, b.anchor, b.kind) for e, b, text in texts
                    if form in text and pattern.search(text)]
            if not hits:
                raise name.where.error("forms", f"{name.id}: the form {form!r} is in no reading text of the edition")
            found += [h for h in hits if h not in found]
        index.occurrences[name.id] = found
    return index


def block_label(excerpt, block, pages=None) -> str:
    """How the index names a block: by printed page where recovered, else by excerpt and paragraph or note.

    Paragraphs are counted within the excerpt from 1, a paragraph that continues after a
    table keeping the number of the one it continues; headings are named as such; notes by
    the number the work prints.
    """
    note = f"n. {block.number}" if block.kind in ("note", "endnote") and block.number else ""
    span = _printed_pages(pages, block.lines[0], block.lines[-1])
    if span:
        return f"{span} {note}" if note else span
    short = excerpt.id[len(excerpt.source) + 1:]
    if note:
        return f"{short} {note}"
    if block.kind == "heading":
        return f"{short} heading"
    numbers: dict[str, int] = {}
    for other in excerpt.blocks:
        if other.kind == "paragraph":
            numbers[other.anchor] = numbers[other.continues] if other.continues in numbers else len(set(numbers.values())) + 1
    return f"{short} ¶ {numbers[block.anchor]}" if block.anchor in numbers else f"{short} {block.kind}"


def _printed_pages(pages, first: int, last: int) -> str:
    """"p. 88" or "pp. 88–89" where the pages of witness lines first-last are known, else ""."""
    if pages is None or not pages.entries:
        return ""
    start, end = pages.page_at(first), pages.page_at(last)
    if start is None or end is None or start[0] != start[1] or end[0] != end[1]:
        return ""  # a page whose start is not located may intervene: the page is not recovered
    return f"p. {start[0]}" if start[0] == end[0] else f"pp. {start[0]}–{end[0]}"


def locators(index: Index, excerpts: dict, pages: dict, excerpt_order: list[str]) -> dict[str, list[Locator]]:
    """Every name's places in text order (the excerpts as the book orders them, then their blocks), labelled.

    ``excerpt_order`` lists the excerpt IDs in the order of the book's chapters and of the
    excerpts within them; ``pages`` gives each source's recovered printed pages.  Two places
    with the same label (two paragraphs of one printed page) are one locator, as in a printed index.
    """
    rank = {e: i for i, e in enumerate(excerpt_order)}
    found: dict[str, list[Locator]] = {}
    for name in index.names:
        hits = sorted(index.occurrences.get(name.id, []), key=lambda h: (rank.get(h.excerpt, len(rank)), _block_rank(excerpts[h.excerpt], h.block)))
        places, seen = [], set()
        for hit in hits:
            excerpt = excerpts[hit.excerpt]
            block = next(b for b in excerpt.blocks + excerpt.note_blocks if b.anchor == hit.block)
            label = block_label(excerpt, block, pages.get(hit.source))
            if (hit.source, label) in seen:
                continue
            seen.add((hit.source, label))
            places.append(Locator(hit.source, hit.block, label, f"{excerpt.id}, witness line {block.lines[0]}"))
        found[name.id] = places
    return found


def _block_rank(excerpt, anchor: str) -> int:
    return next(i for i, b in enumerate(excerpt.blocks + excerpt.note_blocks) if b.anchor == anchor)


def filing_key(heading: str) -> str:
    """The heading as the index files it: accents and apostrophes ignored, case folded ("Ėrde" with "Erde")."""
    folded = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in folded if c.isalnum() or c in " ,")


def initial(heading: str) -> str:
    """The letter under which an index heading is filed, a-z (0 for a heading that begins with a digit)."""
    key = filing_key(heading).lstrip(" ,")
    return "0" if not key or key[0].isdigit() else key[0]
