"""``{index-of-names}``: the people, places, institutions and events the excerpts name.

    ```{index-of-names}
    ```

The entries come from ``data/names.yaml``; their places from the reading text
of every excerpt.  Each kind of name is a section of the page (a real heading,
``index-<kind>``), with an A–Z list.  The links need the page of each excerpt,
known once all pages are read, so the directive leaves a placeholder filled in
when the page is resolved.  The printed forms of every name are written to
``_static/edition-names.json``, from which ``edition-names.js`` marks the name
in the paragraph a locator leads to.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import anchors, render
from ..names import KINDS, locators
from .excerpt import anchor_pages
from .state import edition, note_data_dependency, placements


class names_placeholder(nodes.General, nodes.Element):
    pass


class IndexOfNamesDirective(SphinxDirective):
    def run(self):
        note_data_dependency(self)
        std = self.env.get_domain("std")
        names = edition(self.env.app).index.names
        for name in names:
            std.anonlabels[name.anchor] = (self.env.docname, name.anchor)
        sections = []
        for kind, heading in KINDS.items():
            if not any(n.kind == kind for n in names):
                continue
            section = nodes.section(ids=[anchors.index_kind(kind)])
            section += nodes.title(text=heading)
            section += names_placeholder(kind=kind)
            sections.append(section)
        return sections


def reading_order(app: Sphinx) -> list[str]:
    """The excerpt IDs in the order a reader meets them: the chapters as _toc.yml orders them, then within each."""
    env, docs = app.env, []

    def walk(doc: str) -> None:
        if doc not in docs:
            docs.append(doc)
            for child in env.toctree_includes.get(doc, []):
                walk(child)

    walk(app.config.root_doc)
    rank = {doc: i for i, doc in enumerate(docs)}
    placed = list(placements(app).items())  # in the order the directives were read
    return [e for e, _ in sorted(placed, key=lambda item: rank.get(item[1], len(rank)))]


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(names_placeholder))
    if not found:
        return
    data = edition(app)
    titles = {s.id: s.short_title for s in data.sources.values()}
    places = locators(data.index, data.excerpts, data.pages, reading_order(app))
    pages = anchor_pages(app, docname)
    for node in found:
        html = render.names_index_html(node["kind"], data.index.names, places, pages, titles)
        node.replace_self(nodes.raw("", html, format="html"))


def _write_forms(app: Sphinx, exception) -> None:
    """The printed forms of each name, for the script that marks a name where a locator leads."""
    if exception or app.builder.format != "html":
        return
    forms = {n.id: list(n.forms) for n in edition(app).index.names}
    static = Path(app.outdir) / "_static"
    static.mkdir(exist_ok=True)
    (static / "edition-names.json").write_text(json.dumps(forms, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_node(names_placeholder)
    app.add_directive("index-of-names", IndexOfNamesDirective)
    app.connect("doctree-resolved", _fill)
    app.connect("build-finished", _write_forms)
