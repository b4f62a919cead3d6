"""Printed pages recovered from a witness, so that a reader can cite a page.

Some witnesses keep traces of the printed page: a running head with its
number, or the indent the digitization gives a page's first line.  Which page
begins on which witness line is an editor's reading of that evidence, so it is
data (``data/<source>/pages.yaml``), each page with its evidence: ``head``
(the running head prints the number, even where the digitization garbled
it), ``trace`` (the line is indented; the number is counted from the nearest
head), ``blank`` (the page begins after the run of blank lines that the
digitization leaves at every page break, without an indent), or ``none`` (the
page exists, but where it begins is not located).  The engine checks the data against the
witness where excerpts hold its lines (a head's number, a trace's indent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .datafiles import load_source_file


@dataclass
class Pages:
    """The recovered pages of one witness, in order."""

    entries: list = field(default_factory=list)  # (page, line or None, evidence)
    starts: dict[int, str] = field(default_factory=dict)  # witness line -> page number, where located
    heads: set[int] = field(default_factory=set)  # witness lines that are running heads

    def page_at(self, line: int) -> tuple[int, int] | None:
        """The pages a witness line may stand on: (first, last), more than one where a page start is not located."""
        located = [p for p, n, _ in self.entries if n is not None and n <= line]
        if not located:
            return None
        page = last = located[-1]
        for p, n, _ in self.entries:  # in page order
            if p <= page:
                continue
            if n is not None or p != last + 1:
                break
            last = p  # a page whose start is not located may begin before this line
        return page, last

    def span(self, first: int, last: int) -> str | None:
        """The printed pages of witness lines first-last, as a citation gives them ("20", "20-21")."""
        start, end = self.page_at(first), self.page_at(last)
        if start is None or end is None:
            return None
        low, high = start[0], end[1]
        return str(low) if low == high else f"{low}-{high}"


def load_pages(folder: Path, source: str) -> Pages:
    data = load_source_file(folder, "pages.yaml", "pages", source, required=False)
    pages = Pages()
    if data is None:
        return pages
    previous = None
    for item in data["pages"]:
        page, line, evidence = item["page"], item["line"], item["evidence"]
        if (line is None) != (evidence == "none"):
            raise item.error("evidence", f"page {page}: evidence {evidence!r} needs a line" if line is None
                             else f"page {page}: a located page has evidence head, trace or blank, not none")
        if previous is not None and page <= previous[0]:
            raise item.error("page", f"page {page} comes after page {previous[0]}")
        if previous is not None and line is not None and previous[1] is not None and line <= previous[1]:
            raise item.error("line", f"page {page} begins at line {line}, not after page {previous[0]} (line {previous[1]})")
        pages.entries.append((page, line, evidence))
        if line is not None:
            pages.starts[line] = str(page)
        if evidence == "head":
            pages.heads.add(line)
        previous = (page, line if line is not None else (previous[1] if previous else None))
    return pages
