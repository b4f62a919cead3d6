"""``{excerpt}``: an excerpt of a witness, in reading and diplomatic view.

    ::::{excerpt} best-sons-ex01
    :::{annotation} best-sons-p455
    An editor's note beside paragraph best-sons-p455.
    :::
    ::::

The directive looks the excerpt up in the data, renders each block with
``edition.render`` and sets the annotations written inside it beside the
block they name.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import render
from . import cite
from .annotation import annotation_node, skip_node
from .state import edition, findings, note_data_dependency, placements


logger = logging.getLogger(__name__)


class excerpt_node(nodes.General, nodes.Element):
    """The whole excerpt; becomes ``<section class="excerpt" id=...>``."""


class passage_row(nodes.General, nodes.Element):
    """A block of the excerpt and the annotations beside it."""


def visit_excerpt(self, node):
    self.body.append(
        f'<section class="excerpt" id="{node["excerpt_id"]}" data-cite="excerpt" '
        f'data-source="{node["source"]}" aria-label="excerpt {node["excerpt_id"]}">'
    )


def depart_excerpt(self, node):
    self.body.append("</section>")


def visit_row(self, node):
    self.body.append('<div class="passage-row">')


def depart_row(self, node):
    self.body.append("</div>")


class ExcerptDirective(SphinxDirective):
    required_arguments = 1
    has_content = True

    def run(self):
        excerpt_id = self.arguments[0]
        note_data_dependency(self)
        data = edition(self.env.app)
        excerpt = data.excerpts.get(excerpt_id)
        if excerpt is None:
            known = ", ".join(sorted(data.excerpts)) or "none"
            raise self.error(f"excerpt: unknown excerpt {excerpt_id!r} (the data has: {known})")
        placed = placements(self.env.app)
        if placed.get(excerpt_id, self.env.docname) != self.env.docname:
            raise self.error(f"excerpt: {excerpt_id} is already shown on page {placed[excerpt_id]}")
        placed[excerpt_id] = self.env.docname

        container = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, container)
        notes_by_block: dict[str, list[nodes.Node]] = {}
        block_ids = {b.anchor for b in excerpt.blocks}
        for child in container.children:
            if not isinstance(child, annotation_node):
                raise self.error(f"excerpt: only annotations may stand inside {excerpt_id}, not {child.tagname}")
            if child["target"] not in block_ids:
                raise self.error(
                    f"annotation: {child['target']!r} is not a paragraph of {excerpt_id} "
                    f"(its blocks: {', '.join(b.anchor for b in excerpt.blocks)})"
                )
            notes_by_block.setdefault(child["target"], []).append(child)
        for target, found in notes_by_block.items():
            for k, child in enumerate(found, 1):
                child["ids"] = [f"{target}-a{k}"]

        builder = self.env.app.builder
        links = render.Links(
            apparatus=builder.get_relative_uri(self.env.docname, self.config.edition_apparatus_doc.format(source=excerpt.source)),
            findings=builder.get_relative_uri(self.env.docname, self.config.edition_findings_doc),
        )
        by_cell: dict[str, list] = {}
        for finding in findings(self.env.app):
            by_cell.setdefault(finding.anchor, []).append(finding)
        ctx = render.Context(
            data.sources[excerpt.source],
            {r.id: r for r in data.rules[excerpt.source].rules.values()},
            data.emendations,
            links,
            tables={t.witness_lines[0]: t for t in data.tables_of(excerpt.source)},
            findings=by_cell,
            notes_lost=bool(excerpt.notes_lost),
            glossary=data.glossary,
            glossary_url=builder.get_relative_uri(self.env.docname, self.config.edition_glossary_doc),
            cite=cite.excerpt_cites(self.env.app, excerpt, self.env.docname),
            cite_dir=cite.cite_dir(self.env.docname),
            note_chapter=excerpt.note_chapter,
            notes={b.anchor for b in excerpt.note_blocks},
        )
        node = excerpt_node(excerpt_id=excerpt_id, source=excerpt.source)
        node.append(nodes.raw("", render.head_html(excerpt, ctx), format="html"))
        for block in excerpt.blocks:
            row = passage_row()
            row.append(nodes.raw("", render.block_html(block, ctx, excerpt.note_chapter), format="html"))
            if block.anchor in notes_by_block:
                aside = nodes.container(classes=["annotations"])
                aside.extend(notes_by_block[block.anchor])
                row.append(aside)
            node.append(row)
        node.append(nodes.raw("", render.notes_html(excerpt, ctx), format="html"))
        self._register_labels(excerpt)
        return [node]

    def _register_labels(self, excerpt):
        """Let chapters link to excerpt, paragraphs and notes with [text](anchor)."""
        std = self.env.get_domain("std")
        for anchor in page_anchors(edition(self.env.app), excerpt):
            std.anonlabels[anchor] = (self.env.docname, anchor)
        std.labels[excerpt.id] = (self.env.docname, excerpt.id, excerpt.title)


def anchor_pages(app: Sphinx, docname: str) -> dict[str, str]:
    """Every anchor an excerpt puts on a page -> that page's URL relative to ``docname``."""
    data, pages = edition(app), {}
    for excerpt_id, doc in placements(app).items():
        url = app.builder.get_relative_uri(docname, doc)
        for anchor in page_anchors(data, data.excerpts[excerpt_id]):
            pages[anchor] = url
    return pages


def page_anchors(data, excerpt) -> list[str]:
    """Every anchor an excerpt puts on its page: its own and those of the tables it shows."""
    tables = {t.witness_lines[0]: t for t in data.tables_of(excerpt.source)}
    return excerpt.anchors + [a for b in excerpt.blocks if b.lines[0] in tables for a in tables[b.lines[0]].anchors]


def _check_duplicate_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """An ID that a chapter gives (a label, a heading) may not repeat an anchor of an excerpt on the page."""
    data = edition(app)
    docname = app.env.docname
    taken = {a: e for e, doc in placements(app).items() if doc == docname for a in page_anchors(data, data.excerpts[e])}
    for ident, node in doctree.ids.items():
        if ident in taken and not isinstance(node, excerpt_node):
            logger.warning(f"duplicate anchor #{ident}: the page already has it from excerpt {taken[ident]}",
                           location=node, type="edition", subtype="duplicate-anchor")


def setup(app: Sphinx) -> None:
    skip = (skip_node, None)
    app.add_node(excerpt_node, html=(visit_excerpt, depart_excerpt), latex=skip, text=skip)
    app.add_node(passage_row, html=(visit_row, depart_row), latex=skip, text=skip)
    app.add_directive("excerpt", ExcerptDirective)
    app.connect("doctree-read", _check_duplicate_anchors)
