"""``{index-of-names}``: the people, places, institutions and events the excerpts name.

    ```{index-of-names}
    ```

The entries come from ``data/names.yaml``; their places from the reading text
of every excerpt.  The links need the page of each excerpt, known once all
pages are read, so the directive leaves a placeholder filled in when the page
is resolved.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import render
from .excerpt import anchor_pages
from .state import edition, note_data_dependency


class names_placeholder(nodes.General, nodes.Element):
    pass


class IndexOfNamesDirective(SphinxDirective):
    def run(self):
        note_data_dependency(self)
        std = self.env.get_domain("std")
        for name in edition(self.env.app).index.names:
            std.anonlabels[name.anchor] = (self.env.docname, name.anchor)
        return [names_placeholder()]


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    nodes_found = list(doctree.findall(names_placeholder))
    if not nodes_found:
        return
    data = edition(app)
    titles = {s.id: s.short_title for s in data.sources.values()}
    html = render.names_index_html(data.index, anchor_pages(app, docname), titles)
    for node in nodes_found:
        node.replace_self(nodes.raw("", html, format="html"))


def setup(app: Sphinx) -> None:
    app.add_node(names_placeholder)
    app.add_directive("index-of-names", IndexOfNamesDirective)
    app.connect("doctree-resolved", _fill)
