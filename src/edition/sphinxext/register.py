"""``{source-register}``, ``{emendation-types}``, ``{verdict-types}``, ``{edition-glossary}``: the edition's registers from its data.

The introduction and the editorial method show the source register and the
emendation types straight from ``data/``, so that the book never states them
differently from the data the build uses.
"""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import render
from .state import edition, note_data_dependency


class SourceRegisterDirective(SphinxDirective):
    def run(self):
        note_data_dependency(self)
        data = edition(self.env.app)
        counts = Counter(e.source for e in data.excerpts.values())
        return [nodes.raw("", render.source_register_html(list(data.sources.values()), counts), format="html")]


class EmendationTypesDirective(SphinxDirective):
    def run(self):
        note_data_dependency(self)
        data = edition(self.env.app)
        return [nodes.raw("", render.vocabulary_html("Emendation types and their display level (data/vocabulary.yaml)",
                                                     "type", data.emendation_types, data.emendation_marks), format="html")]


class VerdictTypesDirective(SphinxDirective):
    def run(self):
        note_data_dependency(self)
        types = edition(self.env.app).verdict_types
        return [nodes.raw("", render.vocabulary_html("Verdicts (data/vocabulary.yaml)", "verdict", types), format="html")]


class GlossaryDirective(SphinxDirective):
    def run(self):
        note_data_dependency(self)
        entries = edition(self.env.app).glossary
        std = self.env.get_domain("std")
        for entry in entries:
            std.anonlabels[entry.anchor] = (self.env.docname, entry.anchor)
        return [nodes.raw("", render.glossary_html(entries), format="html")]


def setup(app: Sphinx) -> None:
    app.add_directive("source-register", SourceRegisterDirective)
    app.add_directive("emendation-types", EmendationTypesDirective)
    app.add_directive("verdict-types", VerdictTypesDirective)
    app.add_directive("edition-glossary", GlossaryDirective)
