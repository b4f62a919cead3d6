"""TEI P5: the excerpts of one source as a TEI document, so that the texts can leave the book.

The document is made from the same apparatus segments as the reading and
diplomatic views.  Every emendation is a ``choice`` of ``sic`` (the witness)
and ``corr`` (the edition), every normalization a ``choice`` of ``orig`` and
``reg``, a lacuna a ``gap``; witness lines are ``lb`` with their numbers (a word
divided at a line end gets ``break="no"``), recovered printed pages ``pb``,
running heads ``fw``, note calls ``ref`` to the ``note`` they call, and tables
``table``/``row``/``cell`` from the edition's data, with the anchors of the
book as ``xml:id``.  ``data/schemas/tei-edition.rng`` (a RELAX NG customization
of TEI P5 restricted to these elements) validates the result in the tests.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import anchors

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ET.register_namespace("", TEI_NS)


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
    for excerpt in excerpts:
        div = _el(body, "div", type="excerpt", xml_id=excerpt.id, n=excerpt.title)
        tables = {t.witness_lines[0]: t for t in edition.tables_of(source_id)}
        ctx = {"emendations": edition.emendations,
               "apparatus": f"{info.root_url}{apparatus_page or f'book/apparatus/{source_id}.html'}",
               "note": lambda number, e=excerpt: anchors.note(e.source, e.note_chapter, number)}
        for block in excerpt.blocks:
            if block.kind == "table" and block.lines[0] in tables:
                _table(div, tables[block.lines[0]], block.anchor)
                continue
            tag = {"heading": "head", "endnote": "note"}.get(block.kind, "p")
            attrs = {"xml_id": block.anchor}
            if tag == "note":
                attrs.update(type="endnote", n=block.number)
            element = _el(div, tag, **attrs)
            writer = _Writer(element)
            writer.add("lb", n=str(block.lines[0]))
            _inline(writer, block.segments, block.lines[0], ctx)
        if excerpt.note_blocks:
            notes = _el(div, "div", type="notes")
            for note in excerpt.note_blocks:
                element = _el(notes, "note", type="endnote", n=note.number,
                              xml_id=note.anchor if not note.continues else "")
                writer = _Writer(element)
                writer.add("lb", n=str(note.lines[0]))
                _inline(writer, note.segments, note.lines[0], ctx)
        elif excerpt.notes_lost:
            _el(div, "note", excerpt.notes_lost, type="editorial")
    return ET.ElementTree(root)  # not indented: the paragraphs are mixed content, and spaces there are text


def to_bytes(tree: ET.ElementTree) -> bytes:
    return ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True) + b"\n"
