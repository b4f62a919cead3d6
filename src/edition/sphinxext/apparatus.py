"""``{apparatus}``: the normalization rules and emendations of one source.

    ```{apparatus} best-sons
    ```

Rules come first, then the families (one emendation of a corruption found at
many places, with every place), then the emendations excerpt by excerpt, each with its
anchor and a link back to its place in the text.  The links need to know on
which page each excerpt stands, which is known only once every page has been
read, so the directive leaves a placeholder that is filled in when the page
is resolved.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import render
from . import cite
from .state import edition, note_data_dependency, placements


class apparatus_placeholder(nodes.General, nodes.Element):
    pass


class ApparatusDirective(SphinxDirective):
    required_arguments = 1

    def run(self):
        source = self.arguments[0]
        note_data_dependency(self)
        if source not in edition(self.env.app).sources:
            raise self.error(f"apparatus: unknown source {source!r}")
        return [apparatus_placeholder(source=source)]


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    data = edition(app)
    placed = placements(app)
    for node in list(doctree.findall(apparatus_placeholder)):
        source = data.sources[node["source"]]
        links = render.Links(
            apparatus="",
            excerpt_pages={k: app.builder.get_relative_uri(docname, doc) for k, doc in placed.items()},
        )
        cites, folder = cite.apparatus_cites(app, source.id, docname), cite.cite_dir(docname)
        html = [render.rules_html(list(data.rules[source.id].rules.values()), source),
                render.families_html(data.emendations_of(source.id), links, data.emendation_types, cites, folder)]
        for excerpt in data.excerpts_of(source.id):
            html.append(render.emendations_html(data.emendations_of(source.id), excerpt, links, data.emendation_types,
                                                cites, folder))
        node.replace_self(nodes.raw("", "".join(html), format="html"))


def setup(app: Sphinx) -> None:
    app.add_node(apparatus_placeholder)
    app.add_directive("apparatus", ApparatusDirective)
    app.connect("doctree-resolved", _fill)
