"""The edition's Sphinx extension: a thin layer over the plain functions of ``edition``.

One file per directive, as in sphinx-design:

* ``excerpt.py``    ``{excerpt}``: an excerpt in reading and diplomatic view, with its notes
* ``annotation.py`` ``{annotation}``: an editor's note beside a paragraph of an excerpt
* ``apparatus.py``  ``{apparatus}``, ``{apparatus-sources}``: a source's apparatus page, and the list of them
* ``findings.py``  ``{findings}``: the register of findings, and findings.json / .csv
* ``register.py``  ``{source-register}``, ``{emendation-types}``: tables from the data
* ``names.py``     ``{index-of-names}``: the index of people, places, institutions and events
  (and ``edition-names.js``, which marks a name where its locator leads)
* ``bibstyle.py``  the bibliography's style, titles as the bibliographic record spells them
* ``cite.py``      the Cite controls, the citation files (_cite/) and the citation meta tags
* ``exports.py``   ``{exports}``: a chapter's TEI and data package (written to _exports/)
* ``redirects.py`` retired anchors forwarded to where they live now (data/redirects.yaml)
* ``page.py``      what every page loads (no unused third-party scripts or icon font)
* ``search.py``    search by passage: the Pagefind index of every citable thing, the search page
* ``buildinfo.py``  the edition's version, build date and commit on every page
* ``deployment.py`` where the edition is published: base URL, repository, unreleased banner, version switcher
* ``state.py``      the edition's data, loaded once per build, and where each excerpt stands
"""

from pathlib import Path

from sphinx.application import Sphinx

from . import (annotation, apparatus, bibstyle, buildinfo, cite, deployment, excerpt, exports, findings, names, page, redirects,
               register, search, state)

STATIC = Path(__file__).resolve().parent.parent / "static"


def setup(app: Sphinx) -> dict:
    app.add_config_value("edition_apparatus_doc", "book/apparatus/{source}", "env")
    app.add_config_value("edition_findings_doc", "book/findings", "env")
    app.add_config_value("edition_glossary_doc", "book/glossary", "env")
    app.add_config_value("edition_root", "", "env")
    state.setup(app)
    excerpt.setup(app)
    annotation.setup(app)
    apparatus.setup(app)
    register.setup(app)
    bibstyle.setup(app)
    findings.setup(app)
    names.setup(app)
    cite.setup(app)
    redirects.setup(app)
    exports.setup(app)
    buildinfo.setup(app)
    deployment.setup(app)
    page.setup(app)
    search.setup(app)
    app.connect("builder-inited", lambda app: app.config.html_static_path.append(str(STATIC)))
    app.add_css_file("edition.css")
    app.add_js_file("edition.js")
    app.add_js_file("edition-names.js")
    app.add_js_file("edition-apparatus.js")
    return {"version": "1", "parallel_read_safe": False, "parallel_write_safe": True, "env_version": 1}
