"""Citations: anything the edition anchors, cited in the forms readers and their reference managers use.

A citation names two things: the place in the source work (author, title,
imprint, where in the work, the printed page where the witness lets the edition
recover it) and the edition that presents it (its title, editors, version, and
the URL of the anchor in that version).  The same record gives a plain Chicago
author-date citation, BibTeX, RIS and CSL-JSON, so the four never disagree.

The edition's canonical address is one setting (``html.baseurl`` in
``_config.yml``); a citation points into the path of the version cited
(``<base>/<version>/<page>#<anchor>``), which later versions keep resolving.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import parse_file

from . import anchors, releases


@dataclass(frozen=True)
class EditionInfo:
    """The edition as a cited container: title, editors, version, year and where it is published."""

    title: str
    editors: str
    version: str
    year: str
    base_url: str  # the canonical address of the edition, ending with "/"

    @property
    def root_url(self) -> str:
        """The address of this version: <base>/<version>/, or <base>/dev/ while it is unreleased."""
        return f"{self.base_url}{releases.folder(self.version)}/"

    @property
    def version_text(self) -> str:
        return f"version {self.version}" + ("" if releases.released(self.version) else " (unreleased)")

    def url(self, page: str, anchor: str) -> str:
        return f"{self.root_url}{page}#{anchor}"


@dataclass(frozen=True)
class Work:
    """A source work as the bibliography gives it."""

    key: str
    authors: tuple[tuple[str, str], ...]  # (family, given)
    title: str
    year: str
    publisher: str
    address: str

    @property
    def author_text(self) -> str:
        names = [f"{family}, {given}".strip(", ") if i == 0 else f"{given} {family}".strip()
                 for i, (family, given) in enumerate(self.authors)]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def load_works(bib_file: Path) -> dict[str, Work]:
    """The source works of the bibliography, by BibTeX key, with LaTeX markup removed."""
    data = parse_file(str(bib_file), bib_format="bibtex")
    works = {}
    for key, entry in data.entries.items():
        fields = {k.lower(): _plain(str(v)) for k, v in entry.fields.items()}
        authors = tuple((_plain(" ".join(p.last_names)), _plain(" ".join(p.first_names + p.middle_names)))
                        for p in entry.persons.get("author", []))
        works[key] = Work(key, authors, fields.get("title", ""), fields.get("year", ""),
                          fields.get("publisher", "") or fields.get("howpublished", ""), fields.get("address", ""))
    return works


def _plain(text: str) -> str:
    """BibTeX text without braces and the few accent commands the bibliography uses."""
    for command, letter in (("{\\v{e}}", "ě"), ("{\\'e}", "é"), ("\\&", "&"), ("--", "–")):
        text = text.replace(command, letter)
    return text.replace("{", "").replace("}", "")


@dataclass(frozen=True)
class Cited:
    """One citable thing: what it is, where it stands in its work, and on which page of the edition."""

    anchor: str
    kind: str  # excerpt, paragraph, heading, table, table cell, endnote, emendation, finding, page
    label: str  # what is cited, in words ("paragraph at witness line 455 of excerpt best-sons-ex01")
    work: Work
    attribution: str  # "attributed to ..." where the attribution is not certain, else ""
    location: str  # where in the work: chapter and section as the work names them
    pages: str  # printed pages, where the witness lets them be recovered
    page: str  # the page of the edition, relative to the version's root (book/best-sons.html)
    extra: dict = field(default_factory=dict)  # for a table cell: {"table": the table's ID}


def chicago(cited: Cited, edition: EditionInfo) -> str:
    """Chicago author-date: the source work and the place in it, then the edition, its version and the URL."""
    work = cited.work
    author = work.author_text + (f" ({cited.attribution})" if cited.attribution else "")
    imprint = ": ".join(x for x in (work.address, work.publisher) if x)
    where = "; ".join(x for x in (cited.location, f"p. {cited.pages}" if cited.pages and "-" not in cited.pages
                                  else f"pp. {cited.pages}" if cited.pages else "", cited.label) if x)
    parts = [f"{author}. {work.year}. {work.title}."]
    if imprint:
        parts.append(f"{imprint}.")
    parts.append(f"{where[0].upper() + where[1:]}.")
    parts.append(f"In {edition.title}, edited by {edition.editors}, {edition.version_text}, {edition.year}.")
    parts.append(edition.url(cited.page, cited.anchor) + ".")
    return " ".join(parts)


def _bibtex_escape(text: str) -> str:
    return text.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}").replace("&", "\\&") \
        .replace("%", "\\%").replace("#", "\\#").replace("_", "\\_")


def bibtex(cited: Cited, edition: EditionInfo) -> str:
    """An @incollection entry: the work's passage, in the edition as the collection; the key is the anchor."""
    authors = " and ".join(f"{family}, {given}".strip(", ") for family, given in cited.work.authors)
    fields = {
        "author": authors,
        "title": f"{cited.work.title} [{cited.label}]",
        "booktitle": edition.title,
        "editor": edition.editors,
        "edition": edition.version_text,
        "year": edition.year,
        "url": edition.url(cited.page, cited.anchor),
        "note": "; ".join(x for x in (
            f"Originally published {cited.work.year}" + (f", {cited.work.address}: {cited.work.publisher}"
                                                          if cited.work.address else ""),
            cited.location, f"printed pages {cited.pages}" if cited.pages else "",
            f"anchor {cited.anchor}", cited.attribution) if x),
    }
    body = ",\n".join(f"  {name} = {{{value if name == 'url' else _bibtex_escape(value)}}}"
                       for name, value in fields.items() if value)
    return f"@incollection{{{cited.anchor},\n{body}\n}}\n"


def ris(cited: Cited, edition: EditionInfo) -> str:
    """A RIS record (type CHAP: a section of the edition)."""
    lines = [("TY", "CHAP")]
    lines += [("AU", f"{family}, {given}".strip(", ")) for family, given in cited.work.authors]
    lines += [("TI", f"{cited.work.title} [{cited.label}]"), ("T2", edition.title), ("A2", edition.editors),
              ("ET", edition.version_text), ("PY", edition.year), ("UR", edition.url(cited.page, cited.anchor)),
              ("ID", cited.anchor)]
    if cited.pages:
        lines.append(("SP", cited.pages))
    lines.append(("N1", "; ".join(x for x in (f"Originally published {cited.work.year}", cited.location,
                                              cited.attribution) if x)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" if value or tag == "ER" else "" for tag, value in lines)


def csl_json(cited: Cited, edition: EditionInfo) -> dict:
    """A CSL-JSON item (type chapter), as Zotero and citeproc read it."""
    item = {
        "id": cited.anchor,
        "type": "chapter",
        "author": [{"family": family, "given": given} for family, given in cited.work.authors],
        "title": f"{cited.work.title} [{cited.label}]",
        "container-title": edition.title,
        "editor": [{"literal": edition.editors}],
        "version": edition.version,
        "issued": {"date-parts": [[int(edition.year)]]},
        "original-date": {"date-parts": [[int(cited.work.year)]]} if cited.work.year.isdigit() else None,
        "original-publisher": cited.work.publisher or None,
        "original-publisher-place": cited.work.address or None,
        "URL": edition.url(cited.page, cited.anchor),
        "note": "; ".join(x for x in (cited.location, f"anchor {cited.anchor}", cited.attribution) if x),
    }
    if cited.pages:
        item["page"] = cited.pages
    return {k: v for k, v in item.items() if v is not None}


def downloads(cited: Cited, edition: EditionInfo) -> dict[str, str]:
    """The three files of one citation, by file extension."""
    return {"bib": bibtex(cited, edition), "ris": ris(cited, edition),
            "json": json.dumps([csl_json(cited, edition)], ensure_ascii=False, indent=2) + "\n"}


# --- what the edition cites: one record per anchor ---------------------------------------------


def _context(edition, source_id: str, works: dict[str, Work]) -> tuple[Work, str]:
    source = edition.sources[source_id]
    attribution = source.attribution if source.certainty == "attributed" else ""
    return works[source.bibtex], attribution


def _where(excerpt) -> str:
    loc = excerpt.location
    return ", ".join(x for x in (loc.get("chapter"), loc.get("section")) if x)


def _block_label(block, excerpt) -> str:
    if block.kind in ("endnote", "note"):
        return f"note {block.number}"
    return f"{block.kind} at witness line {block.lines[0]} of excerpt {excerpt.id}"


def excerpt_citations(edition, excerpt, page: str, works: dict[str, Work]) -> list[Cited]:
    """The excerpt, each of its blocks and notes, its printed pages, tables, cells and emendation places."""
    work, attribution = _context(edition, excerpt.source, works)
    pages = edition.pages.get(excerpt.source)
    where = _where(excerpt)

    def span(lines) -> str:
        return (pages.span(lines[0], lines[-1]) or "") if pages and pages.entries else ""

    body = excerpt.body
    found = [Cited(excerpt.id, "excerpt", f"excerpt {excerpt.id}, “{excerpt.title}”, witness lines {body.first}–{body.last}",
                   work, attribution, where, str(excerpt.location.get("pages") or ""), page)]
    for block in excerpt.blocks + excerpt.note_blocks:
        if block.kind in ("page-head", "page-rule"):
            continue
        found.append(Cited(block.anchor, block.kind, _block_label(block, excerpt), work, attribution, where,
                           span(block.lines), page))
        for seg in block.segments:
            if seg.mark in ("page-head", "page-start") and seg.value and block.kind not in ("note",):
                found.append(Cited(anchors.page(excerpt.source, seg.value), "page", f"printed page {seg.value}",
                                   work, attribution, where, seg.value, page))
            if seg.mark == "emendation" and seg.value != seg.cause:  # the first place is cited by its apparatus entry
                em = edition.emendations[seg.cause]
                found.append(Cited(seg.value, "emendation", f"emendation {em.id} (witness “{seg.witness}”, "
                                   f"edition “{seg.reading}”), place {seg.value.rsplit('-', 1)[-1]}",
                                   work, attribution, where, span(block.lines), page))
    for table in edition.tables_of(excerpt.source):
        if not body.first <= table.witness_lines[0] <= body.last:
            continue
        name = (table.caption or table.id).strip(" *")
        found.append(Cited(table.id, "table", f"{name}, “{table.title}”", work, attribution, where,
                           span(table.witness_lines), page))
        for row in table.rows:
            for column in table.value_columns:
                found.append(Cited(table.cell_anchor(row, column.name), "table cell",
                                   f"{name}, row “{row.label}”, column “{column.title}”", work, attribution, where,
                                   span([row.line]) if row.line else "", page, extra={"table": table.id}))
    return found


def finding_citations(edition, findings, page: str, works: dict[str, Work]) -> list[Cited]:
    """Each finding of the register, cited as the edition's statement about a place of the work."""
    found = []
    for finding in findings:
        work, attribution = _context(edition, finding.source, works)
        found.append(Cited(finding.id, "finding", f"finding {finding.id} ({finding.kind}; verdict {finding.verdict})",
                           work, attribution, "", "", page))
    return found


def emendation_citations(edition, source_id: str, page: str, works: dict[str, Work]) -> list[Cited]:
    """Each apparatus entry of one source, on the apparatus page."""
    work, attribution = _context(edition, source_id, works)
    return [Cited(em.id, "emendation", f"emendation {em.id} (witness “{em.witness}”, edition “{em.reading}”, "
                  f"{em.type}; {len(em.places)} place{'s' if len(em.places) > 1 else ''})", work, attribution, "", "", page)
            for em in edition.emendations_of(source_id)]
