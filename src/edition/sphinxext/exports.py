"""``{exports}``: what a chapter offers beyond the page, and the files behind it.

    ```{exports} best-sons
    ```

At the end of the build the edition writes, under ``_exports/``, each
source's excerpts as TEI P5 (``<source>.tei.xml``, see ``edition.tei``) and,
for a source with tables, its data package as a zip (the Frictionless
``datapackage.json`` with its CSV files, and the source's YAML data).  The zip
is written with fixed dates, so that the same data gives the same bytes.  The
directive links a chapter to its files.
"""

from __future__ import annotations

import zipfile
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import tei
from .cite import edition_info
from .state import edition, note_data_dependency

EXPORTS = "_exports"


def _prefix(docname: str) -> str:
    return "../" * docname.count("/") + f"{EXPORTS}/"


class ExportsDirective(SphinxDirective):
    required_arguments = 1

    def run(self):
        note_data_dependency(self)
        data = edition(self.env.app)
        source = self.arguments[0]
        if source not in data.sources:
            raise self.error(f"exports: unknown source {source!r}")
        here = _prefix(self.env.docname)
        links = [f'<a href="{here}{source}.tei.xml" download>TEI P5 XML</a> (the excerpts with their apparatus, '
                 "witness lines, notes and tables)"]
        if data.tables_of(source):
            links.append(f'<a href="{here}{source}-data.zip" download>data package</a> (the tables as a Frictionless '
                         "data package with CSV files, and the source's data files)")
        items = "".join(f"<li>{link}</li>" for link in links)
        html = f'<div class="edition-exports"><p class="exports-title">Take this chapter with you</p><ul>{items}</ul></div>'
        return [nodes.raw("", html, format="html")]


def _zip(folder: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.parent.name != "witness"):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def _write(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    data, info = edition(app), edition_info(app)
    out = Path(app.outdir) / EXPORTS
    out.mkdir(exist_ok=True)
    for source in data.sources:
        apparatus = f"{app.config.edition_apparatus_doc.format(source=source)}.html"
        (out / f"{source}.tei.xml").write_bytes(tei.to_bytes(tei.source_tei(data, source, info, apparatus)))
        if data.tables_of(source):
            _zip(data.root / "data" / source, out / f"{source}-data.zip")


def setup(app: Sphinx) -> None:
    app.add_directive("exports", ExportsDirective)
    app.connect("build-finished", _write)
