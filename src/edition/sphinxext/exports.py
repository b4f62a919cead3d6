"""``{exports}``: what a chapter offers beyond the page, and the files behind it.

    ```{exports} best-sons
    ```

At the end of the build the edition writes, under ``_exports/``, each
source's excerpts as TEI P5 (``<source>.tei.xml``, see ``edition.tei``) and,
for a source with tables, its data package as a zip: the source's data folder
less its witness passages, that is the Frictionless ``datapackage.json`` at the
root of the zip with its CSV files under ``tables/`` where the descriptor says
they are, and the source's YAML data beside it.  So the zip is itself a data
package (``frictionless validate --type package <source>-data.zip``).  It is
written in name order with fixed dates, so that the same data gives the same
bytes.  The directive links a chapter to its files.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import render, tei
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
        html = render.exports_html(_prefix(self.env.docname), source, bool(data.tables_of(source)))
        return [nodes.raw("", html, format="html")]


def data_zip(folder: Path, target: Path) -> None:
    """Zip a source's data folder (not its witness passages) with the folder's content at the zip's root."""
    files = sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*")
                   if p.is_file() and "witness" not in p.relative_to(folder).parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # unpacked files readable by all, as in the repository
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
            data_zip(data.root / "data" / source, out / f"{source}-data.zip")


def setup(app: Sphinx) -> None:
    app.add_directive("exports", ExportsDirective)
    app.connect("build-finished", _write)
