"""HTML for excerpts and the apparatus, made from the same segments for both views.

The reading view and the diplomatic view of an excerpt are two renderings of
one list of apparatus segments: the reading view shows the reading side of
each segment (with emendations marked and note calls linked), the diplomatic
view shows the witness side, line by line with witness line numbers.  Neither
view rewrites the other, and every piece of witness text is escaped, never
interpreted as markup.

These are plain functions of the data; the Sphinx directives only place their
output in a page, and the tests call them directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from . import anchors, glossary
from .apparatus import SUPERSCRIPTS, Emendation, Rule, Segment, from_superscript
from .excerpts import Block, Excerpt
from .sources import Source


@dataclass
class Links:
    """Where links from an excerpt point: the apparatus and register pages, and chapter pages by excerpt."""

    apparatus: str = ""  # relative URL of the apparatus page ("" = same page)
    findings: str = ""  # relative URL of the register of findings
    excerpt_pages: dict[str, str] = field(default_factory=dict)  # excerpt ID -> relative URL


@dataclass
class Context:
    source: Source
    rules: dict[str, Rule]  # by rule ID
    emendations: dict[str, Emendation]
    links: Links
    tables: dict = field(default_factory=dict)  # first witness line of a table -> Table
    findings: dict = field(default_factory=dict)  # cell anchor -> findings
    notes_lost: bool = False  # some of the excerpt's notes are not in the witness: their calls link nowhere
    notes: set = field(default_factory=set)  # anchors of the endnotes the excerpt has (linked even when others are lost)
    glossary: list = field(default_factory=list)  # glossary entries linked from the reading text
    glossary_url: str = ""
    refs: set = field(default_factory=set)  # note-call anchors already on the page (a repeated call gets -2)
    cite: dict = field(default_factory=dict)  # anchor -> its plain citation (Chicago author-date)
    cite_dir: str = ""  # relative URL of the folder of citation files (_cite/)
    note_chapter: str = ""  # the chapter part of the excerpt's note anchors (<source>-n<chapter>-<number>)

    def __post_init__(self):
        self._terms = glossary.matcher(self.glossary)


_SUPERSCRIPT_CALL = re.compile(f"[{SUPERSCRIPTS}]+")


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _emendation(seg: Segment, ctx: Context) -> str:
    """An emendation in the reading text: its reading, marked as its level says (``em-routine`` or
    ``em-significant``), with the witness reading, type and reason in a tip beside it.

    A note call that the witness printed as plain digits (type ``note-call``) is also the note's call:
    its superscript number links to the endnote and is where the endnote's back-link returns.
    """
    em = ctx.emendations[seg.cause]
    reading, call, tail, wrap = seg.reading, "", "", ""
    if em.type == "note-call":
        head, number, tail = _call_in(seg.reading)
        if number and head:
            reading, call = head, note_call_html(number, ctx, ctx.note_chapter)
        elif number:  # the reading is the call alone: the marked emendation stands as the call
            reading = number
            wrap = _call_anchor(ctx, ctx.note_chapter, number)
    tip = f"{seg.value}-tip"
    # a deletion shows a caret; the link's own label names it (a span may not carry a label of its own)
    shown = escape(reading) if reading else '<span class="em-empty">‸</span>'
    # a reading of spaces only has no text to name the link: it says what it is
    label = f' aria-label="emendation {_attr(em.id)}: a space"' if reading and not reading.strip() else ""
    if not reading:  # a deletion: its mark may be hidden at a display level, its link still has a name
        label = f' aria-label="emendation {_attr(em.id)}: deleted"'
    html = (
        f'<span class="emendation em-{_attr(em.type)} em-{_attr(em.marks)}">'
        f'<a class="em" id="{_attr(seg.value)}" data-cite="emendation" href="{_attr(ctx.links.apparatus)}#{_attr(em.id)}" '
        f'aria-describedby="{_attr(tip)}"{label}>{shown}</a>'
        f'<span class="em-tip" role="tooltip" id="{_attr(tip)}">'
        f'witness <span class="em-witness">{escape(seg.witness)}</span> · {escape(em.type)}: {escape(em.reason)} '
        f'[{escape(em.id)}]</span></span>{call}'
    )
    if wrap:
        html = f'<sup class="note-call" id="{_attr(wrap)}" data-cite="note-call">{html}</sup>'
    return html + escape(tail)


def _call_in(reading: str) -> tuple[str, str, str]:
    """A note-call emendation's reading as (text before the call, the call's number, text after)."""
    match = _SUPERSCRIPT_CALL.search(reading)
    if not match:
        return reading, "", ""
    return reading[: match.start()], from_superscript(match.group(0)), reading[match.end():]


def _call_anchor(ctx: Context, chapter: str, number: str) -> str:
    """The anchor of a note call on this page: <note>-ref, or -ref-2, -ref-3 for a call repeated; taken once."""
    ref = anchors.repeated(anchors.note_call(ctx.source.id, chapter, number), ctx.refs)
    ctx.refs.add(ref)
    return ref


def note_call_html(number: str, ctx: Context, chapter: str, in_note: bool = False) -> str:
    """A note call: a superscript number linking to its endnote; its id is where the endnote links back."""
    target = anchors.note(ctx.source.id, chapter, number)
    ref = _call_anchor(ctx, chapter, number)
    ref_id = "" if in_note else f' id="{_attr(ref)}" data-cite="note-call"'
    if ctx.notes_lost and target not in ctx.notes:
        return f'<sup class="note-call note-lost"{ref_id} title="note {_attr(number)}: not in the witness">{escape(number)}</sup>'
    return (f'<sup class="note-call"><a{ref_id} href="#{_attr(target)}" data-note="{_attr(target)}" '
            f'aria-label="note {_attr(number)}">{escape(number)}</a></sup>')


def reading_html(segments: list[Segment], ctx: Context, note_chapter: str, in_note: bool = False,
                 terms: set[str] | None = None) -> str:
    """The reading side of a block's segments as inline HTML.

    With ``terms`` (the glossary entries already linked in this paragraph),
    the first form of each other glossary term in plain text links to it.
    """
    out = []
    for i, seg in enumerate(segments):
        following = segments[i + 1] if i + 1 < len(segments) else None
        if seg.mark == "emendation":
            out.append(_emendation(seg, ctx))
        elif seg.mark == "note-call":
            out.append(note_call_html(seg.value, ctx, note_chapter, in_note))
        elif seg.mark in ("page-head", "page-start"):
            out.append(page_mark(seg, ctx, in_note, at_start=not "".join(x.reading for x in segments[:i]).strip()))
        elif seg.mark == "italic-start":
            out.append("<em>")
        elif seg.mark == "italic-end":
            out.append("</em>")
        elif seg.mark == "join" and following is not None and following.mark == "page-head":
            out.append(escape(seg.reading))  # the page number that follows marks the break
        elif seg.mark == "join" and ctx.rules[seg.cause].kind == "join-page-break":
            out.append(
                f' <span class="page-break" role="note" aria-label="page break in the witness" '
                f'title="page break in the witness ({_attr(ctx.rules[seg.cause].anchor)})">‖</span> '
            )
        elif terms is not None and seg.plain:
            out.append(glossary.link_terms(escape(seg.reading), *ctx._terms, terms, ctx.glossary_url))
        else:
            out.append(escape(seg.reading))
    return "".join(out)


def page_mark(seg: Segment, ctx: Context, in_note: bool = False, at_start: bool = False) -> str:
    """Where a printed page begins: a bar at the place in the text and the page number in the margin,
    citable; a bare bar where the number is not recovered."""
    rule = ctx.rules[seg.cause]
    if not seg.value:
        return (f'<span class="page-number page-unnumbered" role="note" aria-label="a new page of the witness begins" '
                f'title="a new page begins ({_attr(rule.anchor)})">‖</span>')
    ident = "" if in_note else f' id="{anchors.page(ctx.source.id, seg.value)}" data-cite="page"'
    start = " page-at-start" if at_start else ""
    return (f'<span class="page-number{start}"{ident} role="note" aria-label="printed page {_attr(seg.value)} begins" '
            f'title="printed page {_attr(seg.value)} begins ({_attr(rule.anchor)})">'
            f'<span class="page-bar" aria-hidden="true">|</span><span class="page-label">p.&#160;{escape(seg.value)}</span></span>')


def _witness_lines(segments: list[Segment], ctx: Context) -> list[str]:
    """The witness side of segments as HTML, one string per witness line."""
    lines, current = [], []
    for seg in segments:
        parts = seg.witness.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append("".join(current))
                current = []
            if not part:
                continue
            if seg.mark == "emendation":
                current.append(
                    f'<a class="sic" href="{_attr(ctx.links.apparatus)}#{_attr(seg.cause)}" '
                    f'title="{_attr(seg.cause)}: the edition reads {_attr(seg.reading)}">{escape(part)}</a>'
                )
            else:
                current.append(escape(part))
    lines.append("".join(current))
    return lines


def diplomatic_html(block: Block, ctx: Context, with_ids: bool) -> str:
    """The witness lines of a block, numbered, exactly as the witness has them."""
    rows = []
    for offset, html in enumerate(_witness_lines(block.segments, ctx)):
        number = block.lines[0] + offset
        ident = f' id="{anchors.witness_line(ctx.source.id, number)}" data-cite="witness-line"' if with_ids else ""
        rows.append(f'<span class="wline"{ident}>{html or "&#8203;"}</span>')
    # the line numbers are a CSS counter from the block's first line: shown, never copied with the text
    return (f'<div class="diplomatic-text" lang="en" style="counter-reset: wline {block.lines[0] - 1}">'
            f'{"".join(rows)}</div>')


def _split(segments: list[Segment], sep: str) -> list[list[Segment]]:
    """Split segments at every ``sep`` in unchanged text (tabs and newlines of a table)."""
    parts: list[list[Segment]] = [[]]
    for seg in segments:
        if seg.plain and sep in seg.witness:
            pieces = seg.witness.split(sep)
            for i, piece in enumerate(pieces):
                if i:
                    parts.append([])
                if piece:
                    parts[-1].append(Segment(piece, piece))
        else:
            parts[-1].append(seg)
    return parts


def table_html(block: Block, ctx: Context) -> str:
    """A table as the witness prints it: tab-separated rows as table rows, other lines as text."""
    out, rows = [], []

    def flush():
        if rows:
            body = "".join(
                "<tr>" + "".join(f"<td>{reading_html(cell, ctx, '')}</td>" for cell in row) + "</tr>" for row in rows
            )
            out.append(
                f'<div class="table-scroll" tabindex="0" role="region" aria-label="table as printed in the witness">'
                f'<table class="witness-table">{body}</table></div>'
            )
            rows.clear()

    for line in _split(block.segments, "\n"):
        text = "".join(s.witness for s in line)
        if "\t" in text:
            rows.append(_split(line, "\t"))
        else:
            flush()
            if text.strip():
                out.append(f'<p class="table-text">{reading_html(line, ctx, "")}</p>')
    flush()
    return "".join(out)


def cite_html(anchor: str, cite: dict, cite_dir: str, extra: str = "") -> str:
    """The Cite control of one anchor: a details element whose body links the citation as plain text and its
    downloads as BibTeX, RIS and CSL-JSON (all readable without JavaScript); opened, the page's script puts
    the citation's text in place, with a copy button.  The text is not repeated in the page: a chapter
    has hundreds of these controls."""
    if anchor not in cite:
        return ""
    files = " · ".join(f'<a href="{_attr(cite_dir)}{_attr(anchor)}.{ext}" download>{label}</a>'
                       for ext, label in (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON")))
    return (f'<details class="cite" data-cite-for="{_attr(anchor)}"><summary title="cite {_attr(anchor)}">cite</summary>'
            f'<div class="cite-body"><p class="cite-files"><a class="cite-plain" href="{_attr(cite_dir)}{_attr(anchor)}.txt">'
            f"Citation</a> · {files}{extra}</p></div></details>")


def block_html(block: Block, ctx: Context, note_chapter: str) -> str:
    """One block: its anchor, a margin link, the reading view and the diplomatic view."""
    label = block.anchor.rsplit("-", 1)[-1]
    shown = f"n. {block.number}" if block.kind == "endnote" else f"¶ {label[1:]}"
    link = f'<a class="block-link" href="#{block.anchor}" title="link to {block.anchor}">{escape(shown)}</a>'
    if block.kind == "table" and block.lines[0] in ctx.tables:
        table = ctx.tables[block.lines[0]]
        reading = f'<div class="reading-text">{data_table_html(table, block, ctx, ctx.findings, ctx.links.findings)}</div>'
    elif block.kind == "table":
        reading = f'<div class="reading-text">{table_html(block, ctx)}</div>'
    elif block.kind == "page-head":
        reading = f'<p class="reading-text page-head-text">{reading_html(block.segments, ctx, note_chapter)}</p>'
    elif block.kind == "heading":
        reading = f'<p class="reading-text witness-heading" role="heading" aria-level="3">{reading_html(block.segments, ctx, note_chapter)}</p>'
    else:
        cont = ""
        if block.continues:
            cont = f'<a class="continued" href="#{block.continues}" title="continues paragraph {block.continues}">↪</a> '
        lost = ""
        if block.kind == "endnote" and not block.reading.lstrip().startswith(block.number + "."):
            lost = (f'<span class="lacuna-mark" title="the beginning of note {escape(block.number)} is not in the witness">'
                    f'[{escape(block.number)}. beginning lost]</span> ')
        reading = f'<p class="reading-text">{cont}{lost}{reading_html(block.segments, ctx, note_chapter, terms=set())}</p>'
    css = f"passage passage-{block.kind}" + (" passage-continued" if block.continues else "")
    cited = block.anchor
    extra = ""
    if block.kind == "table" and block.lines[0] in ctx.tables:
        cited = ctx.tables[block.lines[0]].id
        extra = f' · <a href="{_attr(ctx.cite_dir)}{_attr(cited)}-cells.html">every cell of this table</a>'
    cite = cite_html(cited, ctx.cite, ctx.cite_dir, extra) if block.kind != "page-head" else ""
    return (
        f'<div class="{css}" id="{block.anchor}" data-cite="{block.kind}" data-lines="{block.lines[0]}-{block.lines[-1]}">'
        f"{link}{reading}{cite}{diplomatic_html(block, ctx, with_ids=True)}</div>"
    )


def notes_html(excerpt: Excerpt, ctx: Context) -> str:
    if not excerpt.note_blocks:
        lost = escape(excerpt.notes_lost)
        return f'<p class="notes-lost">{lost}</p>' if lost else ""
    items = []
    for note in excerpt.note_blocks:
        back = f'<a class="backref" href="#{note.anchor}-ref" aria-label="back to note call {note.number}">↩</a>'
        if f"{note.anchor}-ref" not in ctx.refs:  # the witness prints no call of this number: nothing to go back to
            back = (f'<span class="backref-none" title="the text as printed has no call of note {_attr(note.number)}">'
                    "(no call in the witness)</span>")
        if note.continues:  # the rest of a note, printed on the next page
            back = f'<a class="backref" href="#{note.continues}" aria-label="the beginning of note {note.number}">↑ {note.number}</a>'
        items.append(
            f'<div class="endnote" id="{note.anchor}" data-cite="endnote" data-lines="{note.lines[0]}-{note.lines[-1]}">'
            f'<p class="reading-text">{reading_html(note.segments, ctx, excerpt.note_chapter, in_note=True)} {back}</p>'
            f"{cite_html(note.anchor, ctx.cite, ctx.cite_dir)}{diplomatic_html(note, ctx, with_ids=False)}</div>"
        )
    lines = ", ".join(f"{p.first}–{p.last}" for p in excerpt.notes)
    if not lines:  # footnotes printed inside the body's lines: name their lines
        lines = ", ".join(f"{n.lines[0]}–{n.lines[-1]}" if len(n.lines) > 1 else str(n.lines[0]) for n in excerpt.note_blocks)
    return (
        f'<section class="endnotes" aria-label="notes to {escape(excerpt.title)}">'
        f'<p class="endnotes-title">Notes <span class="witness-ref">witness lines {lines}</span></p>'
        f'{"".join(items)}</section>'
    )


MARKS_LEVELS = (("all", "all changes"), ("significant", "significant"), ("clean", "clean text"))


def marks_switch_html() -> str:
    """The control of the display layers: how many emendations the reading text marks.

    Hidden until the page's script makes it work; without JavaScript the default level
    (significant changes only) shows.
    """
    buttons = "".join(
        f'<button type="button" data-marks="{level}" aria-pressed="{"true" if level == "significant" else "false"}">'
        f"{label}</button>" for level, label in MARKS_LEVELS)
    return (f'<div class="marks-switch" role="group" aria-label="marks of emendations in the reading text" '
            f'data-marks-switch hidden><span class="marks-label" aria-hidden="true">Marks:</span>{buttons}</div>')


def head_html(excerpt: Excerpt, ctx: Context) -> str:
    """The excerpt's header: its ID, its place in the work and its witness lines; the witness file and its
    SHA-256 behind a disclosure; the view and marks controls and the Cite control."""
    loc = excerpt.location
    where = ", ".join(x for x in (loc.get("chapter"), loc.get("section")) if x)
    pages = f"pp. {escape(loc['pages'])}" if loc.get("pages") else "printed pages not recoverable"
    body = excerpt.body
    witness = (f'<details class="witness-details"><summary>witness lines {body.first}–{body.last}</summary>'
               f'<span class="witness-file">file <code>{escape(ctx.source.witness.file)}</code>, lines '
               f'{body.first}–{body.last}; SHA-256 <code class="sha">{escape(body.sha256)}</code></span></details>')
    return (
        '<div class="excerpt-head">'
        f'<div class="excerpt-meta"><a class="excerpt-id" href="#{_attr(excerpt.id)}">{escape(excerpt.id)}</a> '
        f"<cite>{escape(ctx.source.short_title)}</cite>, {escape(where)}; {pages}; {witness}</div>"
        '<div class="excerpt-controls"><button type="button" class="view-switch" data-view-switch aria-pressed="false">'
        f"Show diplomatic text</button>{marks_switch_html()}{cite_html(excerpt.id, ctx.cite, ctx.cite_dir)}</div></div>"
    )


# --- the apparatus chapter ---------------------------------------------------------------
# Each source has its own apparatus page: its rules, its families, and its emendations excerpt by excerpt.
# Every row says its type and its excerpts (data-type, data-excerpts), so that the page's script can filter
# the rows; every cell says its column (data-label), so that a narrow screen can show a row as a block.

_EMENDATION_COLUMNS = ("ID", "witness", "edition", "type", "reason", "in the text")


def _head(columns) -> str:
    return "<thead><tr>" + "".join(f'<th scope="col">{c}</th>' for c in columns) + "</tr></thead>"


def rules_html(rules: list[Rule], source: Source) -> str:
    rows = "".join(
        f'<tr class="rule-entry" id="{r.anchor}" data-cite="rule"><td data-label="rule"><code>{escape(r.id)}</code></td>'
        f'<td data-label="what the reading text does">{escape(r.description)}</td></tr>'
        for r in rules
    )
    return (
        f'<table class="apparatus-table apparatus-rules"><caption>Normalization rules of the witness of '
        f"<cite>{escape(source.short_title)}</cite></caption>"
        f'{_head(("rule", "what the reading text does"))}'
        f"<tbody>{rows}</tbody></table>"
    )


def places_html(places, links: Links, with_excerpt: bool = True) -> str:
    """The places of an emendation, with places on the same line collapsed: "ex06 l. 825 (×5)", linking to the first."""
    groups: list[list] = []
    for place in places:
        if groups and (groups[-1][0].excerpt, groups[-1][0].line) == (place.excerpt, place.line):
            groups[-1].append(place)
        else:
            groups.append([place])
    out = []
    for group in groups:
        first = group[0]
        page = links.excerpt_pages.get(first.excerpt, "")
        label = (f"{first.excerpt.rsplit('-', 1)[-1]} " if with_excerpt else "") + f"l. {first.line}"
        times = f' <span class="place-times">(×{len(group)})</span>' if len(group) > 1 else ""
        out.append(f'<a href="{_attr(page)}#{_attr(first.anchor)}">{escape(label)}</a>{times}')
    return ", ".join(out)


def _every_place(places, links: Links) -> str:
    """Each place by its own anchor, for a family whose list collapses places on one line."""
    items = "".join(f'<li><a href="{_attr(links.excerpt_pages.get(p.excerpt, ""))}#{_attr(p.anchor)}">'
                    f"<code>{escape(p.anchor)}</code></a> ({escape(p.excerpt.rsplit('-', 1)[-1])} l. {p.line})</li>"
                    for p in places)
    return f'<details class="family-places"><summary>each place</summary><ul>{items}</ul></details>'


def _row(em: Emendation, types: dict[str, str], ident: str, id_cell: str, reason: str, where: str,
         excerpts: list[str], family: bool = False) -> str:
    classes = "apparatus-entry apparatus-family" if family else "apparatus-entry"
    return (
        f'<tr class="{classes}"{ident} data-type="{_attr(em.type)}" data-excerpts="{_attr(" ".join(excerpts))}">'
        f'<td data-label="ID" class="em-id-cell">{id_cell}</td>'
        f'<td data-label="witness" class="em-witness">{escape(em.witness)}</td>'
        f'<td data-label="edition" class="em-reading">{escape(em.reading) or "‸"}</td>'
        f'<td data-label="type"><abbr title="{_attr(types[em.type])}">{escape(em.type)}</abbr></td>'
        f'<td data-label="reason">{reason}</td><td data-label="in the text" class="em-places">{where}</td></tr>'
    )


def families_html(emendations: list[Emendation], links: Links, types: dict[str, str], cite: dict | None = None,
                  cite_dir: str = "") -> str:
    """One entry for each family of identical corruptions: one emendation, every place it applies."""
    rows = []
    for em in emendations:
        if len(em.places) < 2:
            continue
        where = f'<span class="family-count">{len(em.places)} places:</span> {places_html(em.places, links)}'
        if len({(p.excerpt, p.line) for p in em.places}) < len(em.places):
            where += _every_place(em.places, links)
        rows.append(_row(em, types, f' id="{em.id}" data-cite="emendation"',
                         f"<code>{em.id}</code>{cite_html(em.id, cite or {}, cite_dir)}", escape(em.reason), where,
                         sorted({p.excerpt for p in em.places}), family=True))
    if not rows:
        return ""
    return (
        '<table class="apparatus-table apparatus-emendations apparatus-families"><caption>Families: the same corruption '
        'at more than one place, corrected by one emendation</caption>'
        f"{_head(_EMENDATION_COLUMNS)}<tbody>{''.join(rows)}</tbody></table>"
    )


def emendations_html(emendations: list[Emendation], excerpt: Excerpt, links: Links, types: dict[str, str],
                     cite: dict | None = None, cite_dir: str = "") -> str:
    """The emendations of one excerpt; a family's entry here points to its one entry among the families."""
    page = links.excerpt_pages.get(excerpt.id, "")
    rows = []
    for em in emendations:
        places = [p for p in em.places if p.excerpt == excerpt.id]
        if not places:
            continue
        back = places_html(places, links, with_excerpt=False)
        if len(em.places) > 1:
            ident = ""
            reason = (f'<a href="#{em.id}">one of a family of {len(em.places)} places</a>: {escape(em.reason)}')
        else:
            ident = f' id="{em.id}" data-cite="emendation"'
            reason = escape(em.reason)
        rows.append(_row(em, types, ident, f'<code>{em.id}</code>{cite_html(em.id, cite or {}, cite_dir) if ident else ""}',
                         reason, back, [excerpt.id]))
    if not rows:
        return f'<p class="apparatus-none">No emendations in <a href="{_attr(page)}#{excerpt.id}">{excerpt.id}</a>.</p>'
    return (
        f'<table class="apparatus-table apparatus-emendations"><caption>Emendations in '
        f'<a href="{_attr(page)}#{excerpt.id}">{excerpt.id}</a></caption>'
        f"{_head(_EMENDATION_COLUMNS)}<tbody>{''.join(rows)}</tbody></table>"
    )


def apparatus_filter_html(excerpts: list[Excerpt], emendations: list[Emendation], types: dict[str, str]) -> str:
    """The filters of a source's apparatus, by excerpt and by type: hidden until the page's script shows them,
    so that without JavaScript every entry shows and no control does nothing."""
    count = {e.id: sum(1 for em in emendations if any(p.excerpt == e.id for p in em.places)) for e in excerpts}
    by_type = {t: sum(1 for em in emendations if em.type == t) for t in types}
    excerpt_options = "".join(f'<option value="{_attr(e.id)}">{escape(e.id.rsplit("-", 1)[-1])}: {escape(e.title)} '
                              f"({count[e.id]})</option>" for e in excerpts)
    type_options = "".join(f'<option value="{_attr(t)}">{escape(t)} ({n})</option>' for t, n in by_type.items() if n)
    return (
        '<form class="apparatus-filter" hidden aria-label="filter the emendations">'
        f'<label>Excerpt <select name="excerpt"><option value="">every excerpt</option>{excerpt_options}</select></label>'
        f'<label>Type <select name="type"><option value="">every type</option>{type_options}</select></label>'
        '<p class="apparatus-filter-status" role="status" aria-live="polite"></p></form>'
    )


def apparatus_html(source: Source, rules: list[Rule], emendations: list[Emendation], excerpts: list[Excerpt],
                   links: Links, types: dict[str, str], cite: dict | None = None, cite_dir: str = "") -> str:
    """A source's apparatus page: what is on it, the filters, the rules, the families, each excerpt's emendations."""
    families = families_html(emendations, links, types, cite, cite_dir)
    sections = [("rules", "Normalization rules", "", rules_html(rules, source))]
    if families:
        sections.append(("families", "Families", "", families))
    for excerpt in excerpts:
        sections.append((excerpt.id.removeprefix(f"{source.id}-"), f"{excerpt.id.rsplit('-', 1)[-1]}: {excerpt.title}",
                         excerpt.id, emendations_html(emendations, excerpt, links, types, cite, cite_dir)))
    places = sum(len(em.places) for em in emendations)
    nav = "".join(f'<li><a href="#apparatus-{_attr(source.id)}-{_attr(key)}"'
                  + (f' title="{_attr(title)}">{escape(key)}' if excerpt_id else f">{escape(title)}") + "</a></li>"
                  for key, title, excerpt_id, _ in sections)
    out = [f'<p class="apparatus-summary">{len(rules)} normalization rules, {len(emendations)} emendations at '
           f'{places} places in {len(excerpts)} excerpts.</p>',
           f'<nav class="apparatus-nav" aria-label="this apparatus"><ul>{nav}</ul></nav>',
           apparatus_filter_html(excerpts, emendations, types)]
    for key, title, excerpt_id, body in sections:
        data = f' data-excerpt="{_attr(excerpt_id)}"' if excerpt_id else f' data-part="{key}"'
        out.append(f'<section class="apparatus-part"{data}><h2 id="apparatus-{_attr(source.id)}-{_attr(key)}">'
                   f"{escape(title)}</h2>{body}</section>")
    return "".join(out)


def apparatus_sources_html(sources: list[Source], counts: dict[str, tuple[int, int, int]], pages: dict[str, str]) -> str:
    """The overview's list of the sources' apparatus pages, with their rules, emendations and places counted."""
    rows = "".join(
        f'<tr><td data-label="source"><a href="{_attr(pages[s.id])}"><cite>{escape(s.short_title)}</cite></a></td>'
        + "".join(f'<td data-label="{label}">{n}</td>' for label, n in zip(("rules", "emendations", "places"), counts[s.id]))
        + "</tr>"
        for s in sources
    )
    return ('<table class="apparatus-table apparatus-sources"><caption>The apparatus of each source</caption>'
            f'{_head(("source", "rules", "emendations", "places"))}<tbody>{rows}</tbody></table>')


def exports_html(exports_dir: str, source: str, with_data: bool) -> str:
    """What a chapter offers as files: its excerpts as TEI and, for a source with tables, its data package."""
    links = [f'<a href="{_attr(exports_dir)}{_attr(source)}.tei.xml" download>TEI P5 XML</a> (the excerpts with their '
             "apparatus, witness lines, notes and tables)"]
    if with_data:
        links.append(f'<a href="{_attr(exports_dir)}{_attr(source)}-data.zip" download>data package</a> (the tables as a '
                     "Frictionless data package with CSV files, and the source's data files)")
    items = "".join(f"<li>{link}</li>" for link in links)
    return f'<div class="edition-exports"><p class="exports-title">Take this chapter with you</p><ul>{items}</ul></div>'


# --- the edition's registers ---------------------------------------------------------------


def source_register_html(sources: list[Source], excerpt_counts: dict[str, int]) -> str:
    rows = "".join(
        f'<tr id="source-{s.id}"><td><code>{s.id}</code></td><td>{escape(s.author)}, <cite>{escape(s.title)}</cite>. '
        f"{escape(s.imprint)}.</td><td><strong>{escape(s.certainty)}</strong>: {escape(s.certainty_note)}</td>"
        f'<td><code>{escape(s.witness.file)}</code>, lines {s.witness.first}–{s.witness.last} of {s.witness.line_count}; '
        f'SHA-256 <code class="sha" title="{s.witness.sha256}">{s.witness.sha256[:12]}…</code></td>'
        f"<td>{excerpt_counts.get(s.id, 0)}</td></tr>"
        for s in sources
    )
    return (
        '<div class="table-scroll" tabindex="0" role="region" aria-label="source register">'
        '<table class="source-register"><caption>The source register (data/sources.yaml)</caption>'
        '<thead><tr><th scope="col">source ID</th><th scope="col">work</th><th scope="col">attribution</th>'
        '<th scope="col">witness</th><th scope="col">excerpts</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


MARKS_AT_DEFAULT = {"routine": "applied silently", "significant": "marked"}


def vocabulary_html(caption: str, term: str, terms: dict[str, str], levels: dict[str, str] | None = None) -> str:
    """A table of a controlled vocabulary of data/vocabulary.yaml; for emendation types, with the display level
    of each (whether the reading text marks it at its default level)."""
    def level(k: str) -> str:
        return f"<td>{escape(MARKS_AT_DEFAULT[levels[k]])} ({escape(levels[k])})</td>" if levels else ""
    rows = "".join(f"<tr><td><code>{escape(k)}</code></td><td>{escape(v)}</td>{level(k)}</tr>" for k, v in terms.items())
    head = '<th scope="col">at the default level</th>' if levels else ""
    return (
        f'<table class="vocabulary"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{escape(term)}</th><th scope="col">meaning</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


# --- tables rendered from their data -------------------------------------------------------


def _header_rows(columns) -> list[list[tuple[str, int, int]]]:
    """Header rows of (text, colspan, rowspan) from each column's printed header path."""
    depth = max((len(c.header) for c in columns), default=1) or 1
    paths = [list(c.header) or [c.title] for c in columns]
    rows: list[list[tuple[str, int, int]]] = [[] for _ in range(depth)]
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if level >= len(path):
                i += 1
                continue
            if level == len(path) - 1 and len(path) < depth:
                rows[level].append((path[level], 1, depth - level))
                i += 1
                continue
            span = 1
            while (i + span < len(paths) and len(paths[i + span]) > level
                   and paths[i + span][: level + 1] == path[: level + 1] and level < len(path) - 1):
                span += 1
            rows[level].append((path[level], span, 1))
            i += span
    return rows


def _marked(text: str, pending: list[Segment], ctx: Context) -> str:
    """Escaped text, with the first pending emendation whose reading it contains marked where it stands.

    Tables are drawn from their data, whose text is the edition's reading; an
    emendation on one of the table's witness lines is marked in the cell (or
    header) that shows its reading, and used only once.
    """
    for seg in list(pending):
        if seg.reading and seg.reading in text:
            pending.remove(seg)
            before, _, after = text.partition(seg.reading)
            return escape(before) + _emendation(seg, ctx) + _marked(after, pending, ctx)
    return escape(text)


def _cell_html(table, row, col, pending: list[Segment], ctx: Context, findings: dict[str, list], findings_url: str,
               deletions: list[Segment] = ()) -> str:
    """One cell: its printed text (emendations marked, deletions shown where they were), its marker, its findings."""
    anchor = table.row_anchor(row) if col.name == "label" else table.cell_anchor(row, col.name)
    marker = table.marker(row, col.name)
    content = _marked(row.cells.get(col.name, ""), pending, ctx) + "".join(_emendation(seg, ctx) for seg in deletions)
    if marker:
        content += f'<sup class="table-marker">{escape(marker)}</sup>'
    flags = findings.get(anchor, [])
    css = ["has-finding"] if flags else []
    if col.numeric and table.value(row, col.name) is None and row.cells.get(col.name):
        css.append("missing-token")
    for k, f in enumerate(flags, 1):
        tip = f"{anchor}-finding-tip" + (f"-{k}" if k > 1 else "")
        content += (f' <a class="finding-flag" href="{_attr(findings_url)}#{_attr(f.id)}" aria-label="finding {_attr(f.id)}" '
                    f'aria-describedby="{_attr(tip)}">⚑</a>{finding_tip_html(f, tip)}')
    klass = f' class="{" ".join(css)}"' if css else ""
    if col.name == "label":
        return f'<th scope="row" id="{anchor}" data-cite="table-row"{klass}>{content}</th>'
    return f'<td id="{anchor}" data-cite="table-cell"{klass}>{content}</td>'


def finding_tip_html(finding, tip: str) -> str:
    """What a flagged cell's finding says, beside the flag: printed and computed value, the finding's ID and verdict."""
    values = "".join(f'<span class="em-label">{label}</span> <span class="tip-value">{escape(value)}</span> '
                     for label, value in (("printed", finding.printed), ("computed", finding.computed),
                                          ("difference", finding.difference)) if value)
    return (f'<span class="em-tip finding-tip" role="tooltip" id="{_attr(tip)}">{values}'
            f'<span class="tip-message">{escape(finding.message)}.</span> '
            f'<span class="em-id">{escape(finding.id)} ({escape(finding.verdict)})</span></span>')


def data_table_html(table, block: Block, ctx: Context, findings: dict[str, list], findings_url: str) -> str:
    """A table of the reading view, made from its data: caption, header rows, units, cells with anchors, notes.

    Each cell carries an anchor; a cell with a finding is marked and links to
    the finding in the register.  Caption, title and notes come from the
    witness lines, with their emendations marked.
    """
    lines = dict(zip(range(block.lines[0], block.lines[-1] + 1), _split(block.segments, "\n"), strict=False))
    printed_rows = {r.line for r in table.rows} | {n for ls in table.extra.get("row_lines", {}).values() for n in ls}
    header_lines = set(table.extra.get("header_lines", []))
    caption_line = table.extra.get("caption_line", table.witness_lines[0] if table.caption else None)
    title_lines = table.extra.get("title_line") or []
    title_lines = [title_lines] if isinstance(title_lines, int) else list(title_lines)
    # a line that is both caption and title is rendered once (its note call and emendation anchors are unique)
    caption = reading_html(lines.get(caption_line, []), ctx, "") if caption_line and caption_line not in title_lines else ""
    title = " ".join(reading_html(lines.get(n, []), ctx, "") for n in title_lines) if title_lines else escape(table.title)
    value_columns = table.value_columns
    label_column = table.column("label")
    def emendations_on(numbers) -> list[Segment]:
        return [seg for n in sorted(numbers) for seg in lines.get(n, []) if seg.mark == "emendation"]

    # The header comes from the schema; an emendation on a header line is marked where its reading stands.
    pending = emendations_on(header_lines)

    def header_text(text: str) -> str:
        return _marked(text, pending, ctx)

    head = "".join(
        "<tr>" + "".join(
            f'<th scope="col" colspan="{cs}" rowspan="{rs}">{header_text(text)}</th>'.replace(' colspan="1"', "").replace(' rowspan="1"', "")
            for text, cs, rs in row
        ) + "</tr>"
        for row in _header_rows([label_column, *value_columns])
    )
    body = []
    row_lines = table.extra.get("row_lines", {})
    for row in table.rows:
        numbers = row_lines.get(row.label, [row.line])
        pending_row = [seg for seg in emendations_on(numbers) if seg.reading]
        # A deletion has no reading to find: it is shown in the cell whose tab position it had.
        deletions: dict[int, list[Segment]] = {}
        for n in numbers:
            for index, cell in enumerate(_split(lines.get(n, []), "\t")):
                deletions.setdefault(index, []).extend(seg for seg in cell if seg.mark == "emendation" and not seg.reading)
        columns = [label_column, *value_columns]
        last = len(columns) - 1
        for index in [i for i in deletions if i > last]:
            deletions.setdefault(last, []).extend(deletions.pop(index))
        cells = [_cell_html(table, row, col, pending_row, ctx, findings, findings_url, deletions.get(i, []))
                 for i, col in enumerate(columns)]
        total = ' class="total-row"' if row.label == table.total_row else ""
        body.append(f"<tr{total}>{''.join(cells)}</tr>")
    first_header = min(header_lines | printed_rows, default=block.lines[0])
    before, notes = [], []
    for number in range(block.lines[0], block.lines[-1] + 1):
        if number in printed_rows or number in header_lines or number == caption_line or number in title_lines:
            continue
        segs = lines.get(number, [])
        if "".join(s.witness for s in segs).strip():
            (before if number < first_header else notes).append(
                f'<p class="table-{"preface" if number < first_header else "note"}">{reading_html(segs, ctx, "")}</p>')
    before += [f'<p class="lacuna-note"><span class="lacuna-label">Lacuna</span> {escape(lacuna.get("text", ""))}</p>'
               for lacuna in table.lacunae]
    unit = f'<span class="table-unit">{escape(table.unit)}</span>' if table.unit else ""
    return (
        f'<figure class="data-table" id="{table.id}" data-cite="table">'
        f'<figcaption><span class="table-caption">{caption}</span> <span class="table-title">{title}</span> {unit}</figcaption>'
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{_attr(table.caption or table.title)}">'
        f'<table class="witness-table"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table></div>'
        f'{"".join(notes)}</figure>'
    ).replace("</figcaption>", "</figcaption>" + "".join(before), 1)


def findings_html(findings: list, tables: dict, verdict_types: dict[str, str], anchor_pages: dict[str, str],
                  table_excerpts: dict[str, str] | None = None, cite: dict | None = None, cite_dir: str = "") -> str:
    """The register of findings of one source: table by table, then the claims; one entry per finding."""
    out = []
    table_excerpts = table_excerpts or {}
    by_group: dict[str, list] = {}
    for f in findings:
        by_group.setdefault(f.table or "claims", []).append(f)
    for group, items in by_group.items():
        if group == "claims":
            heading = "Quantitative claims: the text against a table, or against another statement"
        else:
            table = tables[group]
            page = anchor_pages.get(table.id)
            name = escape(table.caption.strip(" *").title() or table.id)
            heading = f'<a href="{_attr(page)}#{table.id}">{name}</a>' if page is not None else name
            if page is not None and table_excerpts.get(group):
                heading += f' (in <a href="{_attr(page)}#{table_excerpts[group]}">{table_excerpts[group]}</a>)'
            heading += f": {escape(table.title)}"
        entries = []
        for f in items:
            page = anchor_pages.get(f.anchor)
            cell = f'<a href="{_attr(page)}#{f.anchor}">{escape(f.anchor)}</a>' if page is not None else escape(f.anchor)
            others = [f'<a href="{_attr(anchor_pages[a])}#{a}">{escape(a)}</a>' for a in f.cells if a in anchor_pages]
            against = f"<div><dt>against</dt><dd>{', '.join(others)}</dd></div>" if group == "claims" and others else ""
            note = (f'<p class="source-note">The source flags it: <q>{escape(f.source_note)}</q></p>'
                    if f.flagged_by_source else '<p class="source-note">The source does not flag it.</p>')
            entries.append(
                f'<article class="finding-entry" id="{f.id}" data-cite="finding">'
                f'<header><a class="finding-id" href="#{f.id}">{f.id}</a> <span class="finding-kind">{escape(f.kind)}</span> '
                f'<span class="finding-verdict" title="{_attr(verdict_types.get(f.verdict, ""))}">{escape(f.verdict)}</span></header>'
                f'<dl class="finding-values"><div><dt>printed</dt><dd>{escape(f.printed) or "—"}</dd></div>'
                f'<div><dt>{"elsewhere" if group == "claims" else "computed"}</dt><dd>{escape(f.computed)}</dd></div>'
                f'<div><dt>difference</dt><dd>{escape(f.difference) or "—"}</dd></div>'
                f"<div><dt>{'passage' if group == 'claims' else 'cell'}</dt><dd>{cell}</dd></div>{against}</dl>"
                f'<p class="finding-message">{escape(f.message[0].upper() + f.message[1:])}.</p>{note}'
                f'<p class="finding-commentary"><span class="finding-label">Verdict.</span> {escape(f.commentary)}</p>'
                f"{cite_html(f.id, cite or {}, cite_dir)}</article>"
            )
        out.append(
            f'<section class="findings-of-table" aria-label="findings: {escape(group)}">'
            f'<p class="findings-table">{heading}</p>{"".join(entries)}</section>'
        )
    return "".join(out) or '<p class="findings-none">No findings.</p>'


def glossary_html(entries: list) -> str:
    items = "".join(
        f'<dt id="{e.anchor}" data-cite="glossary-entry">{escape(e.term)}</dt><dd>{escape(e.definition)}</dd>'
        for e in sorted(entries, key=lambda e: e.term.lower())
    )
    return f'<dl class="edition-glossary">{items}</dl>'


def names_index_html(kind: str, names, locators: dict, anchor_pages: dict[str, str], short_titles: dict[str, str]) -> str:
    """One group of the index of names (people, institutions, ...): an A–Z jump list, then the names
    letter by letter, each with its identification, dates, and its locators in text order, work by work.

    A locator links to its paragraph or note with ``?name=<id>``, so that the page can mark the name itself.
    """
    from .names import KINDS, filing_key, initial

    names = sorted((n for n in names if n.kind == kind), key=lambda n: filing_key(n.name))
    letters: dict[str, list] = {}
    for name in names:
        letters.setdefault(initial(name.name), []).append(name)
    jump = "".join(f'<li><a href="#{anchors.index_letter(kind, letter)}">{letter.upper() if letter != "0" else "0–9"}</a></li>'
                   for letter in letters)
    parts = [f'<nav class="index-az" aria-label="{_attr(KINDS.get(kind, kind))} from A to Z"><ul>{jump}</ul></nav>']
    for letter, group in letters.items():
        entries = []
        for name in group:
            by_source: dict[str, list[str]] = {}
            for loc in locators.get(name.id, []):
                page = anchor_pages.get(loc.block)
                label = escape(loc.label)
                link = (f'<a href="{_attr(page)}?name={_attr(name.id)}#{_attr(loc.block)}" title="{_attr(loc.title)}">{label}</a>'
                        if page is not None else f'<span title="{_attr(loc.title)}">{label}</span>')
                by_source.setdefault(loc.source, []).append(link)
            places = "; ".join(f'<cite>{escape(short_titles.get(s, s))}</cite> {", ".join(links)}'
                               for s, links in by_source.items())
            dates = ""
            if name.start or name.end:
                dates = (f' <span class="name-dates" title="{_attr(name.authority)}">'
                         f'({escape(name.start or "…")}–{escape(name.end or "…")})</span>')
            note = f' <span class="name-note">{escape(name.note)}</span>' if name.note else ""
            entries.append(f'<dt id="{name.anchor}" data-cite="index-entry">{escape(name.name)}{dates}</dt>'
                           f'<dd>{note}<span class="name-places">{places}</span></dd>')
        heading = letter.upper() if letter != "0" else "0–9"
        parts.append(f'<h3 class="index-letter" id="{anchors.index_letter(kind, letter)}">{heading}</h3><dl>{"".join(entries)}</dl>')
    return f'<div class="index-of-names">{"".join(parts)}</div>' if names else '<p>No names of this kind are indexed.</p>'
