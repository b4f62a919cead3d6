"""TEI P5: the excerpts of one source as a TEI document, so that the texts can leave the book.

The document is made from the same apparatus segments as the reading and
diplomatic views.  Every emendation is a ``choice`` of ``sic`` (the witness)
and ``corr`` (the edition), every normalization a ``choice`` of ``orig`` and
``reg``, a lacuna a ``gap``; witness lines are ``lb`` with their numbers (a word
divided at a line end gets ``break="no"``), recovered printed pages ``pb``,
running heads ``fw``, note calls ``ref`` to the ``note`` they call, and tables
``table``/``row``/``cell`` from the edition's data, with the anchors of the
book as ``xml:id``.

Each excerpt is a ``div type="excerpt"``.  A heading the source prints opens a
``div type="section"`` whose ``head`` it is, and the blocks after it, up to the
next heading or the end of the excerpt, are that section: TEI allows ``head``
only at the start of a division, and a printed heading is the start of a
section of the work, which ``ab`` or ``p`` would reduce to a block of text and
``fw`` (forme work) or ``label`` would misname.  Headings printed one after the
other (a part's title and its first section's) are the heads of one section;
their levels are not recorded, so sections do not nest.

Every pointer resolves in the document.  A note call points at its note: the
excerpt's own, or, where the witness lost the note's text, a ``note`` of that
number holding only a ``gap`` (the excerpt's editorial note says what is
lost).  A table points with ``corresp`` at the ``anchor`` that keeps the
book's ID of its block.  A correction's ``source`` is a URL of the published
apparatus, outside the document.

The document names its schema in an ``xml-model`` processing instruction: the
TEI Consortium's ``tei_all`` of the release vendored in
``data/schemas/tei/``, at its permanent address, which any TEI tool resolves.
``data/schemas/tei-edition.rng``, the edition's customization, includes that
``tei_all`` and narrows it to what the exports use; the tests validate every
document against both.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import anchors

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ET.register_namespace("", TEI_NS)
TEI_VERSION = "4.5.0"  # the release of data/schemas/tei/tei_all.rng
TEI_ALL = f"https://tei-c.org/Vault/P5/{TEI_VERSION}/xml/tei/custom/schema/relaxng/tei_all.rng"
XML_MODEL = f'href="{TEI_ALL}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"'


def _el(parent, tag: str, text: str = "", **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{TEI_NS}}}{tag}", {k.replace("xml_id", XML_ID): v for k, v in attrs.items() if v})
    if text:
        element.text = text
    return element


class _Writer:
    """Appends text and elements in document order to the innermost open element."""

    def __init__(self, root: ET.Element):
        self.stack = [root]

    @property
    def current(self) -> ET.Element:
        return self.stack[-1]

    def text(self, text: str) -> None:
        if not text:
            return
        element = self.current
        if len(element):
            element[-1].tail = (element[-1].tail or "") + text
        else:
            element.text = (element.text or "") + text

    def add(self, tag: str, text: str = "", **attrs) -> ET.Element:
        return _el(self.current, tag, text, **attrs)

    def open(self, tag: str, **attrs) -> None:
        self.stack.append(self.add(tag, **attrs))

    def close(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()


def _inline(writer: _Writer, segments, first_line: int, ctx) -> None:
    """The segments of one block as TEI inline content."""
    line = first_line
    for seg in segments:
        breaks = seg.witness.count("\n")
        if seg.mark == "emendation":
            em = ctx["emendations"][seg.cause]
            if em.type == "lacuna":  # the text the edition keeps, with a gap where the edition marks "[…]"
                parts = seg.reading.split("[…]")
                for i, part in enumerate(parts):
                    if i:
                        gap = writer.add("gap", reason="lost")
                        _el(gap, "desc", f"the witness reads “{seg.witness}”; {' '.join(em.reason.split())}")
                    writer.text(part)
                if len(parts) == 1:
                    choice = writer.add("choice")
                    _el(choice, "sic", seg.witness.replace("\n", " "))
                    _el(choice, "corr", seg.reading, type=em.type, source=f"{ctx['apparatus']}#{em.id}")
            else:
                choice = writer.add("choice")
                _el(choice, "sic", seg.witness.replace("\n", " "))
                _el(choice, "corr", seg.reading, type=em.type, source=f"{ctx['apparatus']}#{em.id}")
        elif seg.mark == "note-call":
            writer.add("ref", seg.value, type="noteAnchor", target=f"#{ctx['note'](seg.value)}")
        elif seg.mark == "italic-start":
            writer.open("hi", rend="italic")
        elif seg.mark == "italic-end":
            writer.close()
        elif seg.mark in ("page-start", "page-head"):
            writer.add("pb", n=seg.value, type="print" if seg.value else "typescript")
            if seg.mark == "page-head":
                writer.add("fw", seg.witness.strip(), type="header", place="top")
        elif seg.mark == "join":
            writer.text(seg.reading)
        elif seg.witness != seg.reading and not breaks:
            choice = writer.add("choice")
            _el(choice, "orig", seg.witness)
            _el(choice, "reg", seg.reading)
        else:
            writer.text(seg.reading.replace("\n", " ") if breaks else seg.reading)
        for _ in range(breaks):
            line += 1
            writer.add("lb", n=str(line), **({"break": "no"} if seg.mark == "join" and not seg.reading else {}))


def _table(parent, table, anchor: str) -> None:
    """A table from the edition's data; the ``anchor`` before it keeps the book's ID of its block."""
    _el(parent, "anchor", xml_id=anchor)
    element = _el(parent, "table", xml_id=table.id, corresp=f"#{anchor}")
    _el(element, "head", " ".join(x for x in (table.caption, table.title) if x))
    columns = [table.column("label"), *table.value_columns]
    header = _el(element, "row", role="label")
    for column in columns:
        _el(header, "cell", column.title, role="label")
    for row in table.rows:
        tei_row = _el(element, "row", xml_id=table.row_anchor(row))
        for column in columns:
            ident = table.cell_anchor(row, column.name) if column.name != "label" else ""
            _el(tei_row, "cell", str(row.cells.get(column.name, "") or ""), role="label" if column.name == "label" else "data",
                xml_id=ident)


def _called(excerpt) -> list[str]:
    """The numbers of the notes the excerpt calls, each once, in the order of their first call."""
    return list(dict.fromkeys(seg.value for block in excerpt.blocks + excerpt.note_blocks
                              for seg in block.segments if seg.mark == "note-call"))


def _lost_note(parent, number: str, anchor: str) -> None:
    """A note the excerpt calls whose text the witness does not have: its number, and a gap for its text."""
    note = _el(parent, "note", type="endnote", n=number, xml_id=anchor)
    _el(_el(note, "gap", reason="lost"), "desc", f"the witness does not have the text of note {number}")


def source_tei(edition, source_id: str, info, apparatus_page: str = "") -> ET.ElementTree:
    """The TEI document of one source: header (work, witness, edition) and every excerpt with its notes.

    A correction's ``source`` is the URL of its entry in the edition's apparatus (in the version ``info`` names).
    """
    source = edition.sources[source_id]
    excerpts = edition.excerpts_of(source_id)
    root = ET.Element(f"{{{TEI_NS}}}TEI", {XML_ID: f"tei-{source_id}"})
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", f"{source.author}, {source.title}: excerpts")
    _el(title_stmt, "editor", info.editors)
    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", info.title)
    _el(publication, "date", info.year)
    _el(publication, "idno", info.root_url, type="URI")
    _el(publication, "idno", info.version, type="version")
    _el(_el(publication, "availability"), "p", "Editorial matter CC BY 4.0; the excerpts are quoted for scholarly purposes.")
    source_desc = _el(file_desc, "sourceDesc")
    bibl = _el(source_desc, "bibl")
    _el(bibl, "author", source.author)
    _el(bibl, "title", source.title)
    _el(bibl, "note", f"{source.imprint}. Attribution: {source.certainty}; {source.certainty_note}")
    witnesses = _el(source_desc, "listWit")
    witness = _el(witnesses, "witness", xml_id=f"wit-{source_id}")
    witness.text = (f"Plain-text digitization {source.witness.file}, {source.witness.line_count} lines, "
                    f"SHA-256 {source.witness.sha256}; lines {source.witness.first}-{source.witness.last} hold this work.")
    encoding = _el(header, "encodingDesc")
    decl = _el(encoding, "editorialDecl")
    normalization = _el(decl, "normalization")
    for rule in edition.rules[source_id].rules.values():
        _el(normalization, "p", f"{rule.id} ({rule.kind}): {' '.join(rule.description.split())}", xml_id=rule.anchor)
    _el(_el(decl, "correction"), "p", "Every correction of the witness is a choice of sic and corr; the corr's type "
                                      "is the emendation type and its source the apparatus entry.")
    body = _el(_el(root, "text"), "body")
    given = {b.anchor for e in excerpts for b in e.blocks}  # the IDs of notes and blocks the document holds
    given |= {n.anchor for e in excerpts for n in e.note_blocks if not n.continues}
    tables = {t.witness_lines[0]: t for t in edition.tables_of(source_id)}
    for excerpt in excerpts:
        div = _el(body, "div", type="excerpt", xml_id=excerpt.id, n=excerpt.title)
        ctx = {"emendations": edition.emendations,
               "apparatus": f"{info.root_url}{apparatus_page or f'book/apparatus/{source_id}.html'}",
               "note": lambda number, e=excerpt: anchors.note(e.source, e.note_chapter, number)}
        section, previous = div, None  # where the blocks go: the excerpt, or the section its last heading opened
        for block in excerpt.blocks:
            if block.kind == "heading" and (previous is None or previous.kind != "heading"):
                section = _el(div, "div", type="section")
            previous = block
            if block.kind == "table" and block.lines[0] in tables:
                _table(section, tables[block.lines[0]], block.anchor)
                continue
            tag = {"heading": "head", "endnote": "note"}.get(block.kind, "p")
            attrs = {"xml_id": block.anchor}
            if tag == "note":
                attrs.update(type="endnote", n=block.number)
            element = _el(section, tag, **attrs)
            writer = _Writer(element)
            writer.add("lb", n=str(block.lines[0]))
            _inline(writer, block.segments, block.lines[0], ctx)
        lost = [n for n in _called(excerpt) if ctx["note"](n) not in given]
        if excerpt.note_blocks or lost:
            notes = _el(div, "div", type="notes")
            for note in excerpt.note_blocks:
                element = _el(notes, "note", type="endnote", n=note.number,
                              xml_id=note.anchor if not note.continues else "")
                writer = _Writer(element)
                writer.add("lb", n=str(note.lines[0]))
                _inline(writer, note.segments, note.lines[0], ctx)
            for number in lost:
                _lost_note(notes, number, ctx["note"](number))
                given.add(ctx["note"](number))
        if excerpt.notes_lost:
            _el(div, "note", excerpt.notes_lost, type="editorial")
    return ET.ElementTree(root)  # not indented: the paragraphs are mixed content, and spaces there are text


def to_bytes(tree: ET.ElementTree) -> bytes:
    """The document as a file: XML declaration, the ``xml-model`` naming tei_all, the ``TEI`` element."""
    model = ET.tostring(ET.ProcessingInstruction("xml-model", XML_MODEL), encoding="utf-8", xml_declaration=True)
    return model + b"\n" + ET.tostring(tree.getroot(), encoding="utf-8") + b"\n"
