"""``{findings}``: the register of findings of one source, and its downloads.

    ```{findings} best-sons
    ```

Every finding of the checks, table by table: what was checked, printed
against computed, the editors' verdict and commentary, the source's own note
where it flags the error, and a link to the cell.  The links need the page of
each table's excerpt, known once all pages are read, so the directive leaves a
placeholder filled in when the page is resolved.  The whole register is also
written beside the site as ``findings.json`` and ``findings.csv``.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import render
from . import cite
from ..checks import as_csv, published
from .excerpt import anchor_pages
from .state import edition, findings, note_data_dependency, placements


class findings_placeholder(nodes.General, nodes.Element):
    pass


class FindingsDirective(SphinxDirective):
    required_arguments = 1

    def run(self):
        note_data_dependency(self)
        source = self.arguments[0]
        if source not in edition(self.env.app).sources:
            raise self.error(f"findings: unknown source {source!r}")
        std = self.env.get_domain("std")
        for finding in findings(self.env.app):
            if finding.source == source:
                std.anonlabels[finding.id] = (self.env.docname, finding.id)
        return [findings_placeholder(source=source)]


def _places(app: Sphinx, docname: str) -> tuple[dict[str, str], dict[str, str]]:
    """Every anchor an excerpt puts on a page -> that page's relative URL; table ID -> its excerpt's ID."""
    data, table_excerpts = edition(app), {}
    for excerpt_id in placements(app):
        excerpt = data.excerpts[excerpt_id]
        for table in data.tables_of(excerpt.source):
            if excerpt.body.first <= table.witness_lines[0] <= excerpt.body.last:
                table_excerpts[table.id] = excerpt_id
    return anchor_pages(app, docname), table_excerpts


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    data = edition(app)
    for node in list(doctree.findall(findings_placeholder)):
        own = [f for f in findings(app) if f.source == node["source"]]
        pages, excerpts = _places(app, docname)
        html = render.findings_html(own, data.tables, data.verdict_types, pages, excerpts,
                                    cite=cite.finding_cites(app, docname), cite_dir=cite.cite_dir(docname))
        node.replace_self(nodes.raw("", html, format="html"))


def _write_downloads(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    everything = findings(app)
    (out / "findings.json").write_text(json.dumps(published(everything), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "findings.csv").write_text(as_csv(everything), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_node(findings_placeholder)
    app.add_directive("findings", FindingsDirective)
    app.connect("doctree-resolved", _fill)
    app.connect("build-finished", _write_downloads)
