"""The build stamp on every page: edition version, build date and commit.

The version has one source of truth, ``pyproject.toml``.  The build date is
``SOURCE_DATE_EPOCH`` when it is set (reproducible builds), else today's UTC
date; the commit is that of the checkout, marked when the tree has changes
that are not committed.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tomllib
from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from ..datafiles import project_root


def version(root: Path) -> str:
    with open(root / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def root_of(config) -> Path:
    """The edition's root folder for a build: ``edition_root`` when set, else the project's."""
    return Path(config.edition_root) if config.edition_root else project_root()


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.date().isoformat()


def commit(root: Path) -> str:
    def git(*args):
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)

    head = git("rev-parse", "--short=12", "HEAD")
    if head.returncode != 0:
        return "no commit"
    dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    return head.stdout.strip() + (" with uncommitted changes" if dirty else "")


def stamp(root: Path) -> dict[str, str]:
    return {"version": version(root), "date": build_date(), "commit": commit(root)}


def _footer(app: Sphinx, config) -> None:
    info = stamp(root_of(config))
    config.html_theme_options["extra_footer"] = (
        f'<p class="edition-stamp">Edition version <strong>{escape(info["version"])}</strong> · '
        f'built {escape(info["date"])} · commit <code>{escape(info["commit"])}</code></p>'
    )
    config.myst_substitutions = {**(config.myst_substitutions or {}), "edition_version": info["version"]}


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _footer)
