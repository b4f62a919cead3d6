"""Shared fixtures: the edition's data, the witness folder, a copy of the project, the built book."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from edition.corpus import load_edition
from edition.datafiles import witness_folder

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def edition():
    return load_edition(ROOT)


@pytest.fixture(scope="session")
def witnesses() -> Path:
    """The folder of full witness files, from EDITION_WITNESSES; skip without it."""
    folder = witness_folder()
    if folder is None:
        pytest.skip("EDITION_WITNESSES is not set: no witness folder to compare the excerpts with (CI passes ../shared/seeds)")
    if not folder.is_dir():
        pytest.skip(f"EDITION_WITNESSES={folder} is not a folder")
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    """A scratch copy of the edition (data, book, configuration) that a test may damage."""
    for name in ("data", "book", "notebooks", "_config.yml", "_toc.yml", "pyproject.toml", "CHANGELOG.md"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy2(source, tmp_path / name)
    return tmp_path


def jupyter_book(root: Path, out: Path) -> subprocess.CompletedProcess:
    """A full strict build of the book at ``root`` into ``out``."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--all", "-W", "-n", "--keep-going",
         "--path-output", str(out)],
        capture_output=True, text=True, cwd=root,
    )


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built once, strictly, from this checkout; its HTML folder.

    EDITION_BUILT_BOOK names the HTML folder of a book already built from this
    checkout (``make book`` writes ``_build/html``), to rerun the tests of the
    built book without building it again; CI never sets it.
    """
    if os.environ.get("EDITION_BUILT_BOOK"):
        return Path(os.environ["EDITION_BUILT_BOOK"]).resolve()
    out = tmp_path_factory.mktemp("book")
    result = jupyter_book(ROOT, out)
    if result.returncode != 0:
        pytest.fail(f"the strict build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return out / "_build" / "html"


# --- the built book in a real browser (Debian's Chromium through Playwright) -------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def pages_of(built_book: Path) -> list[str]:
    """Every page a reader can open (not the theme's template fragments, not the pages that forward)."""
    return sorted(p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html")
                  if "_static" not in p.parts and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8").lower())


@pytest.fixture(scope="session")
def site(built_book):
    """The built book served over HTTP on 127.0.0.1 (the version switcher and search need HTTP)."""
    handler = functools.partial(QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        message = f"no Chromium at {CHROMIUM} (install Debian's chromium, as .ci/run does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI=true, so the browser tests must run")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    # a request the page's own next navigation cancels (net::ERR_ABORTED) is not a broken resource;
    # a missing one answers 404, which the response handler reports
    page.on("requestfailed", lambda r: page.problems.append(f"failed request: {r.url} ({r.failure})")
            if r.failure != "net::ERR_ABORTED" else None)
    page.on("response", lambda r: page.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    yield page
    context.close()


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
        }""",
        selector,
    )
