"""Anchors are promises: every anchor of every released version resolves in this build, directly or through
a redirect; a release is recorded only from a clean tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition.releases import Redirects, load_redirects, load_releases, public_anchors, registry, unresolved

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def current(built_book) -> set[str]:
    return set(public_anchors(built_book))


@pytest.mark.build
def test_every_anchor_of_every_recorded_release_resolves(current):
    releases = load_releases(ROOT / "data")
    if not releases:
        pytest.skip("no release is recorded yet in data/releases.yaml (make release records one)")
    redirects = load_redirects(ROOT / "data")
    for release in releases:
        recorded = registry(ROOT / "data", release["version"])
        assert recorded, release["version"]
        missing = unresolved(recorded, current, redirects)
        assert not missing, f"anchors of release {release['version']} that no longer resolve:\n" + "\n".join(missing)


@pytest.mark.build
def test_a_renamed_anchor_fails_until_a_redirect_forwards_it(current):
    old = "book/best-sons.html#best-sons-p455"
    assert old in current
    renamed = (current - {old}) | {"book/best-sons.html#best-sons-paragraph-455"}
    assert unresolved([old], renamed, Redirects()) == [old]
    forwarded = Redirects(fragments={old: "book/best-sons.html#best-sons-paragraph-455"})
    assert unresolved([old], renamed, forwarded) == []
    moved = Redirects(pages={"book/best-sons.html": "book/viola.html"})
    assert unresolved([old], current, moved) == [f"{old} (redirected to book/viola.html#best-sons-p455, which does not exist)"]


@pytest.mark.build
def test_the_registry_holds_pages_and_citable_fragments_but_no_generated_ids(current):
    assert "book/best-sons.html" in current
    assert "book/best-sons.html#best-sons-t1-totals-total" in current
    assert "book/class-struggles.html#class-struggles-pg88" in current
    assert not any(a.rsplit("#", 1)[-1].startswith("id") and a.rsplit("#", 1)[-1][2:].isdigit() for a in current)
    assert not any(a.endswith("-tip") for a in current)


@pytest.mark.build
def test_every_page_can_forward_an_old_fragment(built_book):
    assert (built_book / "_static" / "edition-redirects.js").is_file()
    page = (built_book / "book" / "best-sons.html").read_text(encoding="utf-8")
    assert '<meta name="edition-page" content="book/best-sons.html">' in page and "edition-redirects.js" in page


def test_a_release_is_refused_from_a_dirty_tree(tmp_path):
    for name in ("data", "scripts", "src", "pyproject.toml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / name)
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    git("init", "-q")
    git("-c", "user.name=e", "-c", "user.email=e@example.org", "add", "-A")
    git("-c", "user.name=e", "-c", "user.email=e@example.org", "commit", "-qm", "scratch")
    (tmp_path / "data" / "units.yaml").write_text("changed\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "scripts/release.py", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "uncommitted changes" in result.stdout


def site_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("site_script", ROOT / "scripts" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_older_version_says_so_and_links_the_same_page_in_the_stable_one():
    site = site_module()
    pages = {("0.1.0", "book/best-sons.html"), ("0.2.0", "book/best-sons.html")}
    bar = site.version_bar("book/best-sons.html", 1, ["0.1.0", "0.2.0"], "0.1.0", "0.2.0",
                           lambda v, page: (v, page) in pages)
    html = site.decorate("<html><head></head><body class='x'><p>text</p></body></html>", bar,
                         site.banner("book/best-sons.html", 1, "0.1.0", "0.2.0", "book/best-sons.html"))
    assert '<a href="../../0.2.0/book/best-sons.html">0.2.0 (stable)</a>' in html
    assert '<a href="../../0.1.0/book/best-sons.html" aria-current="page">0.1.0</a>' in html
    assert "You are reading version 0.1.0" in html and 'href="../../stable/book/best-sons.html"' in html
    assert html.index("edition-version-bar") < html.index("<p>text</p>")


def test_a_page_missing_from_a_version_links_to_that_versions_start_page():
    site = site_module()
    bar = site.version_bar("book/new.html", 1, ["0.1.0", "0.2.0"], "0.2.0", "0.2.0", lambda v, page: v == "0.2.0")
    assert '<a href="../../0.1.0/index.html">0.1.0</a>' in bar


def test_the_development_tree_lives_in_dev_and_never_becomes_the_stable_version():
    site = site_module()
    versions = ["0.1.0", "0.2.0.dev0"]
    stable = site.newest_release(versions)
    assert stable == "0.1.0"
    entries = site.switcher(versions, stable, "https://edition.example.org/c/")
    assert entries[0] == {"name": "stable (0.1.0)", "version": "0.1.0", "url": "https://edition.example.org/c/stable/",
                          "preferred": True}
    assert [e for e in entries if e.get("preferred")] == entries[:1]
    assert {"name": "0.2.0.dev0 (unreleased)", "version": "dev", "url": "https://edition.example.org/c/dev/"} in entries
    bar = site.version_bar("index.html", 0, versions, "0.2.0.dev0", stable, lambda v, page: True)
    assert '<a href="../dev/index.html" aria-current="page">0.2.0.dev0 (unreleased)</a>' in bar
    note = site.banner("index.html", 0, "0.2.0.dev0", stable, "index.html")
    assert 'href="../stable/index.html">Read this page in the stable version (0.1.0)</a>' in note
    assert site.newest_release(["0.9.0", "0.10.0", "0.11.0.dev0"]) == "0.10.0"


def test_where_the_theme_has_its_version_switcher_the_plain_bar_is_its_fallback_without_javascript():
    site = site_module()
    page = '<html><head></head><body><button class="version-switcher__button">v</button></body></html>'
    assert "<noscript><nav class=\"edition-version-bar\"" in site.decorate(page, '<nav class="edition-version-bar"></nav>', "")
