"""Retired anchors keep resolving: pages at the old addresses, and a forwarder for old fragments.

``data/redirects.yaml`` says where a page or a fragment of an earlier release
now lives.  At the end of the build every redirected page gets a small page at
its old address that forwards (keeping the fragment), and every page loads a
script with the fragment map and the moved prefixes: an old fragment that is no
longer on the page is forwarded to its new place.

The site's own ``index.html`` forwards in the same way to the book's first
page (``book/index.html``); it is written before the table-of-contents
extension would write its bare ``<meta>`` line, which is not an HTML page.
"""

from __future__ import annotations

import json
import posixpath
from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from ..releases import load_redirects
from .state import edition

FORWARDER = """/* Forward fragments that an earlier release had on this page (data/redirects.yaml). */
(function () {
  "use strict";
  var MAP = %s;
  var MOVED = %s;
  function forward() {
    var hash = decodeURIComponent(window.location.hash.slice(1));
    if (!hash || document.getElementById(hash)) { return; }
    var meta = document.querySelector('meta[name="edition-page"]');
    var root = document.documentElement.getAttribute("data-content_root") || "";
    var page = meta && meta.getAttribute("content");
    var target = page && MAP[page + "#" + hash];
    for (var i = 0; page && !target && i < MOVED.length; i++) {
      if (MOVED[i].page === page && hash.indexOf(MOVED[i].prefix) === 0) { target = MOVED[i].to + "#" + hash; }
    }
    if (target) { window.location.replace(root + target); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", forward); } else { forward(); }
})();
"""


def _page_meta(app: Sphinx, pagename, templatename, context, doctree) -> None:
    context["metatags"] = context.get("metatags", "") + f'<meta name="edition-page" content="{escape(pagename)}.html">\n'


def _write(app: Sphinx, exception) -> None:
    if exception or app.builder.format != "html":
        return
    redirects = load_redirects(edition(app).root / "data")
    out = Path(app.outdir)
    (out / "_static").mkdir(exist_ok=True)
    (out / "_static" / "edition-redirects.js").write_text(
        FORWARDER % (json.dumps(redirects.fragments, sort_keys=True, ensure_ascii=False),
                     json.dumps(redirects.moved, sort_keys=True, ensure_ascii=False)), encoding="utf-8")
    for old, new in sorted(redirects.pages.items()):
        target = posixpath.relpath(new, posixpath.dirname(old) or ".")
        page = out / old
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(forwarding_page("Moved", target, "This page has moved to {link}.", new), encoding="utf-8")


def forwarding_page(title: str, target: str, sentence: str, label: str) -> str:
    """A small valid page that forwards at once to ``target`` (keeping the fragment), with a link for
    readers without scripts; ``sentence`` holds ``{link}`` where the link to ``label`` goes."""
    link = f'<a href="{escape(target)}">{escape(label)}</a>'
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><meta http-equiv=\"refresh\" content=\"0; url={escape(target)}\">"
            f"<script>window.location.replace({json.dumps(target)} + window.location.hash);</script></head>"
            f"<body><p>{escape(sentence).replace('{link}', link)}</p></body></html>\n")


def _root_page(app: Sphinx, exception) -> None:
    """The site's index.html forwards to the book's root page."""
    root = app.config.root_doc
    if exception or app.builder.name != "html" or root == "index":
        return
    page = forwarding_page(app.config.html_title or app.config.project, f"{root}.html",
                           "The edition begins at {link}.", app.config.html_title or app.config.project)
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.add_js_file("edition-redirects.js")
    app.connect("html-page-context", _page_meta)
    app.connect("build-finished", _write)
    app.connect("build-finished", _root_page, priority=400)  # before sphinx-external-toc's bare redirect (500)
