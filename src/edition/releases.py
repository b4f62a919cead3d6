"""Releases and the anchor registry: a cited anchor never stops resolving.

Each release is recorded in ``data/releases.yaml`` (version, date, commit),
and its public anchors in ``data/anchors/<version>.txt``: one line per page
(``book/best-sons.html``) and per fragment (``book/best-sons.html#best-sons-p455``).
A later build must resolve every anchor of every recorded release, directly or
through ``data/redirects.yaml``, which maps old pages to new pages, old
fragments to new ones, and every fragment with a given prefix that moved from one
page to another (the entries of one source's apparatus, say); the build writes a small page at every redirected
address and a forwarder for redirected fragments.  :func:`unresolved` is the
check the tests run; renaming an anchor without a redirect makes it fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from . import anchors
from .datafiles import load_yaml

# ids that are parts of a control, not places to cite
_INTERNAL = re.compile(r"-tip$")
# the folder of the published site that holds the development tree
DEV_FOLDER = "dev"


def released(version: str) -> bool:
    """Whether a version number is a release: numbers only (0.1.0), no pre-release or development part."""
    return re.fullmatch(r"\d+(\.\d+)*", version) is not None


def folder(version: str) -> str:
    """The folder of the published site that holds a version: its number, or dev/ while it is unreleased."""
    return version if released(version) else DEV_FOLDER


class _Ids(HTMLParser):
    """The ids inside a page's main content."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main" or self.depth:
            self.depth += 1
            if attrs.get("id"):
                self.ids.append(attrs["id"])

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


def page_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return parser.ids


def public_anchors(site: Path) -> list[str]:
    """Every page of a built site and every citable fragment on it, sorted."""
    found = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith(("_", "genindex", "search")) or "/_" in relative:
            continue
        found.append(relative)
        for ident in page_ids(page.read_text(encoding="utf-8")):
            if anchors.is_valid(ident) and not anchors.SPHINX_GENERATED.match(ident) and not _INTERNAL.search(ident):
                found.append(f"{relative}#{ident}")
    return sorted(set(found))


@dataclass
class Redirects:
    pages: dict[str, str] = field(default_factory=dict)  # old page -> new page
    fragments: dict[str, str] = field(default_factory=dict)  # old page#fragment -> new page#fragment
    moved: list[dict] = field(default_factory=list)  # {page, prefix, to}: fragments page#<prefix>... now on to

    def forward(self, anchor: str) -> str:
        """Where an old anchor lives now (itself if nothing redirects it); a fragment named one by one
        comes before a moved prefix, and a moved prefix before its page's redirect."""
        if anchor in self.fragments:
            return self.fragments[anchor]
        page, sep, fragment = anchor.partition("#")
        for rule in self.moved:
            if sep and page == rule["page"] and fragment.startswith(rule["prefix"]):
                return f"{rule['to']}#{fragment}"
        if page in self.pages:
            return self.pages[page] + sep + fragment
        return anchor


def load_redirects(data: Path) -> Redirects:
    file = data / "redirects.yaml"
    if not file.exists():
        return Redirects()
    raw = load_yaml(file, "redirects")
    return Redirects(dict(raw.get("pages") or {}), dict(raw.get("fragments") or {}), list(raw.get("moved") or []))


def load_releases(data: Path) -> list[dict]:
    file = data / "releases.yaml"
    return list(load_yaml(file, "releases")["releases"]) if file.exists() else []


def registry(data: Path, version: str) -> list[str]:
    return (data / "anchors" / f"{version}.txt").read_text(encoding="utf-8").split()


def unresolved(recorded: list[str], current: set[str], redirects: Redirects) -> list[str]:
    """The anchors of a release that the current site resolves neither directly nor through a redirect."""
    missing = []
    for anchor in recorded:
        target = redirects.forward(anchor)
        if target not in current:
            missing.append(anchor if target == anchor else f"{anchor} (redirected to {target}, which does not exist)")
    return missing
