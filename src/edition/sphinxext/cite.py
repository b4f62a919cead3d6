"""Citations on the pages and beside them: the Cite controls' text, the download files, the meta tags.

The records come from ``edition.citation``; this layer knows only where things
stand in the built book.  At the end of the build it writes, for every
citable anchor, ``_cite/<anchor>.bib``, ``.ris`` and ``.json`` beside the
pages, and for every table a page listing the citation of each cell.  Every
chapter page that shows excerpts carries Highwire ``citation_*`` meta tags, so
that Zotero and similar tools see the chapter, its source work and the edition.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from .. import citation
from .buildinfo import build_date, root_of, stamp, version
from .state import edition, findings, placements

CITE_DIR = "_cite"


def edition_info(app: Sphinx) -> citation.EditionInfo:
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    return citation.EditionInfo(app.config.html_title or app.config.project, app.config.author, version(root_of(app.config)),
                                build_date()[:4], base)


def works(app: Sphinx) -> dict[str, citation.Work]:
    if not hasattr(app, "_edition_works"):
        app._edition_works = citation.load_works(edition(app).root / "data" / "bibliography.bib")
    return app._edition_works


def cite_dir(docname: str) -> str:
    """The relative URL of the citation files from a page."""
    return "../" * docname.count("/") + f"{CITE_DIR}/"


def page_of(docname: str) -> str:
    return f"{docname}.html"


def texts(app: Sphinx, cited: list[citation.Cited]) -> dict[str, str]:
    info = edition_info(app)
    return {c.anchor: citation.chicago(c, info) for c in cited}


def excerpt_cites(app: Sphinx, excerpt, docname: str) -> dict[str, str]:
    return texts(app, citation.excerpt_citations(edition(app), excerpt, page_of(docname), works(app)))


def finding_cites(app: Sphinx, docname: str) -> dict[str, str]:
    return texts(app, citation.finding_citations(edition(app), findings(app), page_of(docname), works(app)))


def apparatus_cites(app: Sphinx, source_id: str, docname: str) -> dict[str, str]:
    return texts(app, citation.emendation_citations(edition(app), source_id, page_of(docname), works(app)))


def everything(app: Sphinx) -> list[citation.Cited]:
    """Every citable anchor of the built book, with the page that holds it."""
    data, placed = edition(app), placements(app)
    found = []
    for excerpt_id, doc in sorted(placed.items()):
        found += citation.excerpt_citations(data, data.excerpts[excerpt_id], page_of(doc), works(app))
    found += citation.finding_citations(data, findings(app), page_of(app.config.edition_findings_doc), works(app))
    for source_id in data.sources:
        doc = app.config.edition_apparatus_doc.format(source=source_id)
        found += citation.emendation_citations(data, source_id, page_of(doc), works(app))
    return found


def _cells_page(table_id: str, cells: list[citation.Cited], info: citation.EditionInfo, stamp: dict) -> str:
    items = "".join(
        f'<li id="{escape(c.anchor)}"><p><code>{escape(c.anchor)}</code></p><p>{escape(citation.chicago(c, info))}</p>'
        f'<p><a href="{escape(c.anchor)}.bib" download>BibTeX</a> · <a href="{escape(c.anchor)}.ris" download>RIS</a> · '
        f'<a href="{escape(c.anchor)}.json" download>CSL-JSON</a> · <a href="../{escape(c.page)}#{escape(c.anchor)}">'
        "the cell in the edition</a></p></li>" for c in cells)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
            "content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"../_static/favicon.svg\">"
            f"<title>Citations of the cells of {escape(table_id)}</title></head><body><main>"
            f"<h1>Citations of the cells of <code>{escape(table_id)}</code></h1>"
            f"<p>{escape(info.title)}, version {escape(info.version)}. Every cell of the table, cited.</p>"
            f"<ol>{items}</ol></main><footer><p class=\"edition-stamp\">Edition version <strong>{escape(stamp['version'])}"
            f"</strong> · built {escape(stamp['date'])} · commit <code>{escape(stamp['commit'])}</code></p></footer>"
            "</body></html>\n")


def _write(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    info = edition_info(app)
    out = Path(app.outdir) / CITE_DIR
    out.mkdir(exist_ok=True)
    cells: dict[str, list[citation.Cited]] = {}
    for cited in everything(app):
        for ext, text in citation.downloads(cited, info).items():
            (out / f"{cited.anchor}.{ext}").write_text(text, encoding="utf-8")
        # the plain citation, which the Cite control shows; the byte-order mark makes a browser read it as UTF-8
        (out / f"{cited.anchor}.txt").write_text("\ufeff" + citation.chicago(cited, info) + "\n", encoding="utf-8")
        if cited.kind == "table cell":
            cells.setdefault(cited.extra["table"], []).append(cited)
    for table_id, found in cells.items():
        (out / f"{table_id}-cells.html").write_text(_cells_page(table_id, found, info, stamp(edition(app).root)),
                                                    encoding="utf-8")


def _meta_tags(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Highwire citation_* tags on a chapter page that shows excerpts: the chapter, its source work, the edition."""
    data = edition(app)
    shown = [data.excerpts[e] for e, doc in placements(app).items() if doc == pagename]
    if not shown:
        return
    info = edition_info(app)
    source = data.sources[shown[0].source]
    work = works(app)[source.bibtex]
    tags = [("citation_title", f"{context.get('title', '')}".replace("<em>", "").replace("</em>", "")),
            *[("citation_author", f"{family}, {given}".strip(", ")) for family, given in work.authors],
            ("citation_inbook_title", info.title), ("citation_editor", info.editors),
            ("citation_publication_date", info.year), ("citation_online_date", build_date()),
            ("citation_publisher", info.editors), ("citation_language", "en"),
            ("citation_public_url", f"{info.root_url}{pagename}.html"),
            ("citation_abstract_html_url", f"{info.root_url}{pagename}.html"),
            ("DC.relation", f"{work.author_text}. {work.year}. {work.title}.")]
    html = "".join(f'<meta name="{name}" content="{escape(value, quote=True)}">\n' for name, value in tags if value)
    context["metatags"] = context.get("metatags", "") + html


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _write)
    app.connect("html-page-context", _meta_tags)
