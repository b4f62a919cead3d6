"""``{apparatus}``: the normalization rules and emendations of one source, on that source's apparatus page;
``{apparatus-sources}``: the overview's list of those pages.

    ```{apparatus} best-sons
    ```

Each source has its own page (``edition_apparatus_doc``, e.g. ``book/apparatus/{source}``), so that the
chapters' emendation links, the citations and the TEI export all know where an entry stands.  Rules come
first, then the families (one emendation of a corruption found at many places, with every place), then
the emendations excerpt by excerpt, each with its anchor and a link back to its place in the text.  The
links need to know on which page each excerpt stands, which is known only once every page has been read,
so the directive leaves a placeholder that is filled in when the page is resolved.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import render
from . import cite
from .state import edition, note_data_dependency, placements


def apparatus_doc(app: Sphinx, source_id: str) -> str:
    """The document of a source's apparatus (the config value ``edition_apparatus_doc`` with ``{source}``)."""
    return app.config.edition_apparatus_doc.format(source=source_id)


class apparatus_placeholder(nodes.General, nodes.Element):
    pass


class ApparatusDirective(SphinxDirective):
    required_arguments = 1

    def run(self):
        source = self.arguments[0]
        note_data_dependency(self)
        if source not in edition(self.env.app).sources:
            raise self.error(f"apparatus: unknown source {source!r}")
        if self.env.docname != apparatus_doc(self.env.app, source):
            raise self.error(f"apparatus: the apparatus of {source} belongs on {apparatus_doc(self.env.app, source)} "
                             f"(edition_apparatus_doc in _config.yml), not on {self.env.docname}")
        return [apparatus_placeholder(source=source)]


class ApparatusSourcesDirective(SphinxDirective):
    def run(self):
        note_data_dependency(self)
        data, app = edition(self.env.app), self.env.app
        counts = {s: (len(data.rules[s].rules), len(data.emendations_of(s)),
                      sum(len(em.places) for em in data.emendations_of(s))) for s in data.sources}
        pages = {s: app.builder.get_relative_uri(self.env.docname, apparatus_doc(app, s)) for s in data.sources}
        return [nodes.raw("", render.apparatus_sources_html(list(data.sources.values()), counts, pages), format="html")]


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
        html = render.apparatus_html(source, list(data.rules[source.id].rules.values()), data.emendations_of(source.id),
                                     data.excerpts_of(source.id), links, data.emendation_types, cites, folder)
        node.replace_self(nodes.raw("", html, format="html"))


def setup(app: Sphinx) -> None:
    app.add_node(apparatus_placeholder)
    app.add_directive("apparatus", ApparatusDirective)
    app.add_directive("apparatus-sources", ApparatusSourcesDirective)
    app.connect("doctree-resolved", _fill)
