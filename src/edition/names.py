"""The index of names: the people, places, institutions and events the excerpts name.

``data/names.yaml`` gives each name once: the heading a reader looks up, its
kind, a short identification, the forms in which the reading text prints it,
and, where an editor has stated them with an authority, the dates between
which the person lived, the institution existed or the event took place.
The index lists every paragraph and note whose reading text has one of the
forms; a form found nowhere is an error, so the index never points at text the
edition no longer has.  The dates serve the check of dated statements
(``claims.check_dates``): an event cannot involve a name before it existed.
"""

from __future__ import annotations

import re
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
