"""Every built page is valid HTML and every link in it leads somewhere in the site.

Readers, archives and crawlers meet the edition as files: a page the Nu HTML
Checker rejects may be read differently by each of them, and a link to a file
the site does not have breaks a promise the page makes.  Anchors are a promise
too (the edition's citations point at them), so a link with a fragment must
find an element with that ID on its page.

The checker is the npm package ``vnu-jar`` at the version pinned in
package-lock.json (``make checkers``, which ``make test`` runs, installs it with
``npm ci``), run with the machine's Java.  Without it the HTML test skips and
says why; with CI=true it fails instead, so CI always runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OFF_SITE = {"http", "https", "mailto", "data"}  # another site, a mail address, an inline image


def html_files(built_book: Path) -> list[Path]:
    """Every HTML file of the site a reader can open: pages, citation tables, the pages that forward."""
    return sorted(p for p in built_book.rglob("*.html") if "_static" not in p.relative_to(built_book).parts)


@pytest.fixture(scope="session")
def nu_checker() -> list[str]:
    java = shutil.which("java")
    missing = [what for what, there in ((f"Nu HTML Checker at {VNU.relative_to(ROOT)} (make checkers installs it)",
                                         VNU.is_file()), ("java (Debian: default-jre-headless)", java)) if not there]
    if missing:
        message = "no " + " and no ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI=true, so the HTML check must run")
        pytest.skip(message)
    return [java, "-jar", str(VNU)]


def test_every_page_passes_the_nu_html_checker(built_book, nu_checker):
    """Errors only: the checker's warnings (obsolete attributes in notebook output, advice on headings) are advice."""
    files = html_files(built_book)
    result = subprocess.run([*nu_checker, "--errors-only", "--format", "json", "--stdout", *map(str, files)],
                            capture_output=True, text=True)
    messages = json.loads(result.stdout)["messages"]
    problems = [f"{where(m, built_book)}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]
    assert not problems, f"{len(problems)} errors:\n" + "\n".join(problems)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    assert len(files) > 40, "the check saw the whole site"


def where(message: dict, built_book: Path) -> str:
    """The file of a checker's message, relative to the site."""
    path = Path(urlsplit(message.get("url", "")).path)
    return path.relative_to(built_book.resolve()).as_posix() if path.is_relative_to(built_book.resolve()) else str(path)


def links(page: Path):
    """Every href and src of a page that points into the site, as (tag, attribute, URL)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    for tag in soup.find_all(True):
        for attribute in ("href", "src"):
            url = tag.get(attribute)
            if url is not None and urlsplit(url).scheme not in OFF_SITE and not url.startswith("//"):
                yield tag.name, attribute, url


def test_every_link_and_source_of_a_page_is_a_file_of_the_site(built_book):
    """A path (less its query and fragment) names a file; a folder must hold index.html."""
    broken, checked = [], 0
    for page in html_files(built_book):
        for tag, attribute, url in links(page):
            path = unquote(urlsplit(url).path)
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file() or built_book.resolve() not in target.parents:
                broken.append(f"{page.relative_to(built_book)}: <{tag} {attribute}={url!r}>")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken)
    assert checked > 1000


def test_every_fragment_a_page_links_is_an_id_on_its_target_page(built_book):
    """A link into a page of the site, or within one, finds its anchor as an element's ID."""
    ids: dict[Path, set[str]] = {}
    missing = []
    for page in html_files(built_book):
        for tag, attribute, url in links(page):
            parts = urlsplit(url)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if not parts.fragment or target.suffix != ".html" or not target.is_file():
                continue
            if target not in ids:
                soup = BeautifulSoup(target.read_text(encoding="utf-8"), "lxml")
                ids[target] = {element["id"] for element in soup.find_all(id=True)}
            if unquote(parts.fragment) not in ids[target]:
                missing.append(f"{page.relative_to(built_book)}: <{tag} {attribute}={url!r}>")
    assert not missing, f"{len(missing)} links to a missing anchor:\n" + "\n".join(missing)


def test_a_chapter_offers_no_download_of_a_source_the_site_does_not_publish(built_book):
    """The theme's download menu would link _sources/, which the edition does not publish; a chapter's
    files are its exports, and a notebook's menu offers the notebook file its page links."""
    chapter = (built_book / "book" / "best-sons.html").read_text(encoding="utf-8")
    assert "_sources/" not in chapter and "dropdown-download-buttons" not in chapter
    notebook = (built_book / "notebooks" / "cross-source.html").read_text(encoding="utf-8")
    menu = BeautifulSoup(notebook, "lxml").select_one(".dropdown-download-buttons a.btn-download-source-button")
    assert menu is not None and menu["href"].startswith("../_downloads/") and menu["href"].endswith("/cross-source.ipynb")
    assert (built_book / "notebooks" / menu["href"]).resolve().is_file()
