"""Every recorded release and the development tree in one static site: ``make site``.

    python scripts/site.py --out _build/site

Each release of ``data/releases.yaml`` is built from its own commit (a git
worktree, with that commit's code and data) into ``<out>/<version>/``.  The
newest release is also ``<out>/stable/``, where the site's root page leads: a
reader lands on, and cites, a released version.  The current tree is built into
``<out>/dev/`` when its version is unreleased (``0.2.0.dev0``); its pages say
so and its citations point there.

``<out>/switcher.json`` is the one list of versions, in the form the theme's
version switcher reads when a page is opened (so a version built before a newer
one was released still learns of it).  The builds of this tree carry that
switcher; every page of every version also gets a plain-link version bar (the
no-JavaScript form of the switcher; the only one in builds made before the
switcher existed), and a page of a version that is not the newest release a
banner linking the same page in ``stable/``.

The public address of the site is the edition's base URL (``html.baseurl``, or
``EDITION_BASE_URL`` for a deployment); the switcher's links are absolute
addresses under it, so serve the site at that address (for a look on this
machine: ``EDITION_BASE_URL=http://127.0.0.1:8000/ make site`` and serve
``_build/site`` on port 8000).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from html import escape
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from edition.releases import DEV_FOLDER, folder, load_redirects, load_releases, released  # noqa: E402

STABLE = "stable"


def base_url() -> str:
    """The site's public address: EDITION_BASE_URL, else html.baseurl of _config.yml; ends with '/'."""
    configured = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["baseurl"]
    return (os.environ.get("EDITION_BASE_URL") or configured).rstrip("/") + "/"


def build(tree: Path, out: Path, switcher_url: str) -> Path:
    """A strict build of the edition at ``tree`` with that tree's own package; its HTML folder."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "EDITION_ROOT": str(tree),
           "EDITION_SWITCHER_JSON": switcher_url}
    subprocess.run([str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", str(tree), "--all", "-W", "-n",
                    "--path-output", str(out)], check=True, env=env, cwd=tree)
    return out / "_build" / "html"


def version_of(tree: Path) -> str:
    with open(tree / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def label(version: str, stable: str) -> str:
    if version == stable:
        return f"{version} (stable)"
    return version if released(version) else f"{version} (unreleased)"


def switcher(versions: list[str], stable: str, base: str) -> list[dict]:
    """The entries of switcher.json: the stable release first and preferred, then every version, newest first."""
    entries = [{"name": f"stable ({stable})", "version": stable, "url": f"{base}{STABLE}/", "preferred": True}]
    for v in reversed(versions):
        name = v if v == stable else label(v, stable)  # the stable one is listed first, under its alias
        entries.append({"name": name, "version": folder(v), "url": f"{base}{folder(v)}/"})
    return entries


def version_bar(page: str, depth: int, versions: list[str], current: str, stable: str, exists) -> str:
    """Links to this page in every version (or to that version's start page where it has no such page)."""
    up = "../" * (depth + 1)
    links = []
    for v in reversed(versions):
        target = page if exists(v, page) else "index.html"
        mark = ' aria-current="page"' if v == current else ""
        links.append(f'<a href="{up}{escape(folder(v))}/{escape(target)}"{mark}>{escape(label(v, stable))}</a>')
    return f'<nav class="edition-version-bar" aria-label="versions of the edition">Versions: {" · ".join(links)}</nav>'


def banner(page: str, depth: int, current: str, stable: str, target: str) -> str:
    """The note on a page of a version other than the stable one, linking the same page in stable/."""
    up = "../" * (depth + 1)
    link = f'<a href="{up}{STABLE}/{escape(target)}">Read this page in the stable version ({escape(stable)})</a>.'
    if not released(current):  # the build's own banner already says that it is unreleased
        return f'<div class="edition-old-version" role="note">{link}</div>'
    return (f'<div class="edition-old-version" role="note">You are reading version {escape(current)} of the edition, '
            f'kept so that citations of it still resolve. {link}</div>')


STYLE = ("<style>.edition-version-bar{font-size:.8rem;padding:.3rem 1rem;border-bottom:1px solid #ccc}"
         ".edition-old-version{background:#fff3cd;color:#222;padding:.6rem 1rem;border-bottom:2px solid #8a3b12;"
         "font-size:.95rem}</style>")


def decorate(html: str, bar: str, note: str) -> str:
    """The version bar (and the banner of a version other than the stable one) at the top of a page's body.

    Where the page has the theme's version switcher, the bar is its no-JavaScript form."""
    if "version-switcher__button" in html:
        bar = f"<noscript>{bar}</noscript>"
    html = html.replace("</head>", STYLE + "</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bar + note, html, count=1)


def newest_release(versions: list[str]) -> str:
    numbers = [v for v in versions if released(v)]
    if not numbers:
        raise SystemExit("no released version to publish as stable: record a release first (make release)")
    return max(numbers, key=lambda v: tuple(int(x) for x in v.split(".")))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "_build" / "site"))
    out = Path(parser.parse_args().out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    base = base_url()
    switcher_url = f"{base}switcher.json"
    built: dict[str, Path] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for release in load_releases(ROOT / "data"):
            tree = Path(scratch) / release["version"]
            subprocess.run(["git", "worktree", "add", "--detach", str(tree), release["commit"]], cwd=ROOT, check=True)
            try:
                html = build(tree, Path(scratch) / f"{release['version']}-out", switcher_url)
                built[release["version"]] = Path(shutil.copytree(html, out / release["version"]))
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
        current = version_of(ROOT)
        if current not in built:
            html = build(ROOT, Path(scratch) / "current-out", switcher_url)
            built[current] = Path(shutil.copytree(html, out / folder(current)))
    versions = list(built)
    stable = newest_release(versions)
    redirects = load_redirects(ROOT / "data")

    def exists(v: str, page: str) -> bool:
        return (built[v] / page).is_file()

    for v, site_folder in built.items():
        for path in site_folder.rglob("*.html"):
            page = path.relative_to(site_folder).as_posix()
            depth = page.count("/")
            target = page if exists(stable, page) else redirects.forward(page)
            target = target if exists(stable, target.split("#")[0]) else "index.html"
            note = banner(page, depth, v, stable, target) if v != stable else ""
            path.write_text(decorate(path.read_text(encoding="utf-8"), version_bar(page, depth, versions, v, stable, exists),
                                     note), encoding="utf-8")
    shutil.copytree(built[stable], out / STABLE)
    (out / "switcher.json").write_text(json.dumps(switcher(versions, stable, base), indent=2) + "\n", encoding="utf-8")
    (out / "index.html").write_text('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Collectivization in Six '
                                    f'Works</title><meta http-equiv="refresh" content="0; url={STABLE}/index.html"></head><body>'
                                    f'<p><a href="{STABLE}/index.html">The stable version of the edition ({escape(stable)})</a>.'
                                    '</p></body></html>\n', encoding="utf-8")
    print(f"the site is in {out}: versions {', '.join(versions)}; stable = {stable}"
          + (f"; {DEV_FOLDER}/ = {current}" if not released(current) else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
