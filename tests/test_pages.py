"""Every built page is valid HTML.

Readers, archives and crawlers meet the edition as files: a page the Nu HTML
Checker rejects may be read differently by each of them.

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
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


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
    files = html_files(built_book)
    result = subprocess.run([*nu_checker, "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr)["messages"]
    problems = [f"{where(m, built_book)}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]
    assert not problems, f"{len(problems)} errors:\n" + "\n".join(problems)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(files) > 40, "the check saw the whole site"


def where(message: dict, built_book: Path) -> str:
    """The file of a checker's message, relative to the site."""
    path = Path(urlsplit(message.get("url", "")).path)
    return path.relative_to(built_book.resolve()).as_posix() if path.is_relative_to(built_book.resolve()) else str(path)
