"""What every page loads: nothing the edition does not use, nothing from another site.

The Jupyter Book stack registers sphinx-thebe, which adds a configuration
script twice on every page (an error in the browser console) and would load
Thebe from a public CDN; the edition runs no remote kernels, so its scripts
are left out of the pages.  Docutils marks a bibliography ``role="list"``
without list items, which assistive technology reads as a broken list; the
role is dropped (each entry keeps its ``doc-biblioentry`` role).

The theme's icon font (a 1.5 MB script, and the Font Awesome rules and fonts
in the theme's stylesheet) is not loaded: the layout override in
``templates/`` leaves out the script and Sphinx's search scripts, the rules
are cut from the theme's stylesheet when the build finishes, and the few
icons the theme shows are drawn in CSS (edition.css, "Theme icons").  A
page loads the copy button, toggle, sphinx-design and notebook styles only
when its body uses them (code cells, toggles, design components, notebook
cells); Sphinx's search-term highlighter is not loaded at all.

Every page is valid HTML (the Nu HTML Checker finds no error).  A pandas
table in a notebook's output comes with a ``<style scoped>`` element, which
HTML no longer has; it is dropped and its three rules are in edition.css
("Notebook tables").

Every link of a page leads to a file of the site.  The theme's download menu
links the page's source under ``_sources/``, which the edition does not
publish (``html_copy_source: false``): on a notebook page the menu's source
entry offers the notebook's own download (the file its ``{download}`` link
gives), and pages without one have no download menu.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Each optional asset of the Jupyter Book stack, and what in a page's body needs it.
NEEDED_BY = {
    "clipboard.min.js": ("<pre",), "copybutton.js": ("<pre",), "copybutton.css": ("<pre",), "pygments.css": ("<pre",),
    "togglebutton.js": ('class="toggle', "dropdown", "tag_hide", "tag_remove"),
    "togglebutton.css": ('class="toggle', "dropdown", "tag_hide", "tag_remove"),
    "design-tabs.js": ('class="sd-',), "sphinx-design.min.css": ('class="sd-',),
    "mystnb.": ('class="cell', "pasted-inline"),  # glued text alone is styled in edition.css
}
NEVER = ("thebe", "sphinx_highlight.js")
FONT_AWESOME_RULE = re.compile(r"\.fa[a-z]?\b|\.fa-|Font Awesome|--fa-")


def _drop_thebe(app: Sphinx, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts is None:
        return
    # in place: the list is the builder's, and the theme adds its page's settings to it after this handler
    scripts[:] = [s for s in scripts if "thebe" not in str(s) and "thebe" not in str(getattr(s, "attributes", {}))]


def _asset_name(asset) -> str:
    return str(getattr(asset, "filename", "") or asset) + str(getattr(asset, "attributes", {}).get("body", ""))


def _needed(name: str, body: str) -> bool:
    if any(never in name for never in NEVER):
        return False
    for asset, uses in NEEDED_BY.items():
        if asset in name or ("toggle" in name and asset.startswith("togglebutton")):
            return any(use in body for use in uses)
    return True


def _only_what_the_page_uses(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    for key in ("script_files", "css_files"):
        if context.get(key) is not None:
            context[key][:] = [a for a in context[key] if _needed(_asset_name(a), body)]  # in place, as above


def _top_level_rules(css: str) -> list[str]:
    """The stylesheet cut into its top-level rules and at-rules (braces counted, strings and comments skipped)."""
    rules, depth, start, i, quote = [], 0, 0, 0, ""
    while i < len(css):
        c = css[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif css.startswith("/*", i):
            i = css.find("*/", i + 2) + 1 or len(css)
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                rules.append(css[start:i + 1])
                start = i + 1
        elif c == ";" and depth == 0:
            rules.append(css[start:i + 1])
            start = i + 1
        i += 1
    return rules + ([css[start:]] if css[start:].strip() else [])


def without_font_awesome(css: str) -> str:
    """The theme's stylesheet less the Font Awesome rules: its font faces, icon classes and animations."""
    kept = []
    for rule in _top_level_rules(css):
        head, _, block = rule.partition("{")
        if head.lstrip().startswith("@media") or head.lstrip().startswith("@supports"):
            inner = _top_level_rules(block.rsplit("}", 1)[0])
            inner = [r for r in inner if not FONT_AWESOME_RULE.search(r.partition("{")[0]) and "Font Awesome" not in r]
            if inner:
                kept.append(head + "{" + "".join(inner) + "}")
            continue
        if "Font Awesome" in rule or re.match(r"\s*@keyframes\s+fa-", head) or FONT_AWESOME_RULE.search(head):
            continue
        kept.append(rule)
    return "".join(kept)


def _no_icon_font(app: Sphinx, exception) -> None:
    """Cut Font Awesome out of the built theme files: no page loads it."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    theme_css = static / "styles" / "pydata-sphinx-theme.css"
    if theme_css.is_file():
        css = theme_css.read_text(encoding="utf-8")
        trimmed = without_font_awesome(css)
        if trimmed != css:
            theme_css.write_text(trimmed, encoding="utf-8")
            (static / "styles" / "pydata-sphinx-theme.css.map").unlink(missing_ok=True)
    shutil.rmtree(static / "vendor" / "fontawesome", ignore_errors=True)
    if (static / "vendor").is_dir() and not any((static / "vendor").iterdir()):
        (static / "vendor").rmdir()
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (static / "scripts" / name).unlink(missing_ok=True)


def _templates(app: Sphinx, config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def _bibliography_role(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = context["body"].replace('<div role="list" class="citation-list">', '<div class="citation-list">')


_SCOPED_STYLE = re.compile(r"<style scoped>.*?</style>\n?", re.S)


def _no_scoped_style(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if "<style scoped>" in context.get("body", ""):
        context["body"] = _SCOPED_STYLE.sub("", context["body"])


def _notebook_download(app: Sphinx, pagename: str, context) -> str | None:
    """The relative URL of the notebook file a notebook page offers (its ``{download}``), if any."""
    if pagename not in app.env.all_docs:
        return None
    source = Path(app.env.doc2path(pagename, False)).as_posix()
    download = app.env.dlfiles.get(source) if source.endswith(".ipynb") else None
    return context["pathto"](f"_downloads/{download[1]}", 1) if download else None


def _downloads_that_exist(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The theme's download menu offers only files the site has (it runs after the theme fills the menu)."""
    buttons = context.get("header_buttons")
    if not buttons:
        return
    notebook = _notebook_download(app, pagename, context)
    kept = []
    for button in buttons:
        if button.get("label") == "download-buttons":
            if notebook is None:
                continue
            button = dict(button, buttons=[
                dict(item, url=notebook, text=".ipynb", tooltip="Download the notebook (without outputs)")
                if item.get("label") == "download-source-button" else item
                for item in button["buttons"] if item.get("label") != "download-notebook-button"])
        kept.append(button)
    context["header_buttons"] = kept


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _templates)
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _only_what_the_page_uses)
    app.connect("build-finished", _no_icon_font)
    app.connect("html-page-context", _bibliography_role)
    app.connect("html-page-context", _no_scoped_style)
    app.connect("html-page-context", _downloads_that_exist, priority=600)  # the theme fills the menu at 501
