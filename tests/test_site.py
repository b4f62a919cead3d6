"""The published site (make site): readers land on the newest release, the development tree is marked as
such, and one switcher.json, which the theme's version switcher reads, lists every version."""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import QuietHandler

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The whole site, built for and served at a loopback address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "EDITION_BASE_URL": base}
    env.pop("EDITION_SWITCHER_JSON", None)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "site.py"), "--out", str(out)], env=env,
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base, out
    server.shutdown()


def test_the_root_leads_to_the_newest_release_and_switcher_json_lists_every_version(site):
    base, out = site
    assert 'url=stable/index.html' in (out / "index.html").read_text(encoding="utf-8")
    entries = json.loads((out / "switcher.json").read_text(encoding="utf-8"))
    preferred = [e for e in entries if e.get("preferred")]
    assert len(preferred) == 1 and preferred[0]["url"] == f"{base}stable/"
    assert all(e["url"].startswith(base) and (out / e["url"][len(base):] / "index.html").is_file() for e in entries)
    assert (out / "dev" / "book" / "best-sons.html").is_file() and not (out / "latest").exists()


def test_a_reader_of_the_development_tree_is_told_and_can_switch_versions(site, browser):
    base, out = site
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base}dev/book/best-sons.html")
    page.wait_for_load_state("networkidle")
    assert "Unreleased development version" in page.locator(".bd-header-announcement").inner_text()
    assert page.get_by_role("link", name="Read this page in the stable version").get_attribute("href") == \
        "../../stable/book/best-sons.html"
    switcher = page.locator(".version-switcher__button").first
    switcher.click()
    names = page.locator(".version-switcher__menu a").all_inner_texts()
    assert any(n.startswith("stable") for n in names) and any("unreleased" in n for n in names)
    assert not problems
    page.goto(f"{base}")
    page.wait_for_load_state("networkidle")
    assert "/stable/" in page.url and "Unreleased" not in page.content()
    page.close()


def test_the_stable_version_keeps_every_citation_address_of_its_release(site):
    base, out = site
    anchors = (ROOT / "data" / "anchors" / "0.1.0.txt").read_text(encoding="utf-8").split()
    pages = {a.split("#")[0] for a in anchors}
    assert pages and all((out / "0.1.0" / page).is_file() for page in pages)
