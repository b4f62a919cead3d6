"""The glossary: terms the excerpts use, defined once and linked from the reading text.

``data/glossary.yaml`` defines each term and lists the forms in which the
reading text prints it.  The reading view links the first form of each term
in a paragraph to its entry; the diplomatic view is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .datafiles import load_yaml


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    forms: tuple[str, ...]
    definition: str

    @property
    def anchor(self) -> str:
        return f"glossary-{self.id}"


def load_glossary(data: Path) -> list[Entry]:
    file = data / "glossary.yaml"
    if not file.exists():
        return []
    entries, seen = [], set()
    for item in load_yaml(file, "glossary")["entries"]:
        if item["id"] in seen:
            raise item.error("id", f"glossary entry {item['id']!r} appears twice")
        seen.add(item["id"])
        entries.append(Entry(item["id"], item["term"], tuple(item["forms"]), " ".join(item["definition"].split())))
    return entries


def matcher(entries: list[Entry]) -> tuple[re.Pattern | None, dict[str, Entry]]:
    """One pattern for every form (longest first, whole words), and the entry of each form."""
    by_form = {form: entry for entry in entries for form in entry.forms}
    if not by_form:
        return None, by_form
    forms = sorted(by_form, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w'])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w'])")
    return pattern, by_form


def link_terms(html: str, pattern: re.Pattern | None, by_form: dict[str, Entry], seen: set[str], url: str) -> str:
    """Link, in escaped plain text, the first form of each term not yet linked in this paragraph.

    The link carries the term's definition (escaped, in ``data-definition``) for the popover that shows it
    where the reader is; the glossary page keeps the entry.
    """
    if pattern is None:
        return html

    def replace(match: re.Match) -> str:
        entry = by_form[match.group(1)]
        if entry.id in seen:
            return match.group(0)
        seen.add(entry.id)
        return (f'<a class="gloss" href="{escape(url)}#{escape(entry.anchor)}" title="glossary: {escape(entry.term)}" '
                f'data-definition="{escape(entry.definition)}">{match.group(0)}</a>')

    return pattern.sub(replace, html)
