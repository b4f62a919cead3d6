"""The edition's data for one build, and which page holds which excerpt.

The data is loaded and checked once, when the builder starts: bad data stops
the build before any page is read, with the file, line and field.  While
pages are read, the excerpt directive records where each excerpt is placed,
so that the apparatus can link back to it and so that an excerpt placed twice,
or never, is reported.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ..corpus import Edition, load_edition
from ..datafiles import EditionError

logger = logging.getLogger(__name__)


def edition(app: Sphinx) -> Edition:
    return app.env.edition_data  # type: ignore[attr-defined]


def findings(app: Sphinx) -> list:
    """Every finding, with its verdict (the build stops earlier if one has none)."""
    return app.env.edition_findings  # type: ignore[attr-defined]


def placements(app: Sphinx) -> dict[str, str]:
    """Excerpt ID -> docname of the page that shows it."""
    env = app.env
    if not hasattr(env, "edition_placements"):
        env.edition_placements = {}
    return env.edition_placements


def _load(app: Sphinx) -> None:
    root = Path(app.config.edition_root) if app.config.edition_root else None
    try:
        app.env.edition_data = load_edition(root)
        app.env.edition_findings = app.env.edition_data.findings()
        data = app.env.edition_data.root / "data"
        app.env.edition_data_files = [str(p) for p in sorted(data.rglob("*")) if p.is_file()]
    except EditionError as err:
        raise ExtensionError(f"the edition's data is refused: {err}") from None


def _depend_on_data(env) -> None:
    """Make the page being read depend on every file of ``data/`` (listed once per build)."""
    for path in env.edition_data_files:
        env.note_dependency(path)


def note_data_dependency(directive) -> None:
    """A page that shows the edition's data is rebuilt whenever any file of ``data/`` changes."""
    _depend_on_data(directive.env)


def _notebook_reads_data(app, docname, source):
    """A notebook reads data/ through the package: re-read (and so re-execute) it whenever data/ changes."""
    if str(app.env.doc2path(docname)).endswith(".ipynb"):
        _depend_on_data(app.env)


def _purge(app, env, docname):
    for key, doc in list(placements(app).items()):
        if doc == docname:
            del placements(app)[key]


def _check_placed(app, env):
    placed = placements(app)
    for excerpt_id, excerpt in edition(app).excerpts.items():
        if excerpt_id not in placed:
            where = excerpt.where
            logger.warning(
                f"excerpt {excerpt_id} ({where.file}:{where.line}) is not shown on any page of the book",
                type="edition", subtype="unplaced",
            )


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _load)
    app.connect("env-purge-doc", _purge)
    app.connect("source-read", _notebook_reads_data)
    app.connect("env-check-consistency", _check_placed)
