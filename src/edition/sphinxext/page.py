"""What every page loads: nothing the edition does not use, nothing from another site.

The Jupyter Book stack registers sphinx-thebe, which adds a configuration
script twice on every page (an error in the browser console) and would load
Thebe from a public CDN; the edition runs no remote kernels, so its scripts
are left out of the pages.  Docutils marks a bibliography ``role="list"``
without list items, which assistive technology reads as a broken list; the
role is dropped (each entry keeps its ``doc-biblioentry`` role).
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _drop_thebe(app: Sphinx, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts is None:
        return
    context["script_files"] = [s for s in scripts if "thebe" not in str(s) and "thebe" not in str(getattr(s, "attributes", {}))]


def _bibliography_role(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = context["body"].replace('<div role="list" class="citation-list">', '<div class="citation-list">')


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _bibliography_role)
