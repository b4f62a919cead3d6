"""Every recorded release and the current tree in one static site: ``make site``.

    python scripts/site.py --out _build/site

Each release of ``data/releases.yaml`` is built from its own commit (a git
worktree, with that commit's code and data) into ``<out>/<version>/``, the
current tree into ``<out>/<its version>/``, and the newest of them is copied to
``<out>/latest/``.  ``<out>/switcher.json`` lists the versions in the form of
the PyData theme's version switcher.  Every page then gets a version bar with
links to the same page in every version (plain links: no script needed), and
every page of an older version a banner that links to the same page in the
latest.  ``<out>/index.html`` forwards to ``latest/``.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from edition.releases import load_redirects, load_releases  # noqa: E402


def build(tree: Path, out: Path) -> Path:
    """A strict build of the edition at ``tree`` with that tree's own package; its HTML folder."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "EDITION_ROOT": str(tree)}
    subprocess.run([str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", str(tree), "--all", "-W", "-n",
                    "--path-output", str(out)], check=True, env=env, cwd=tree)
    return out / "_build" / "html"


def version_of(tree: Path) -> str:
    with open(tree / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def version_bar(page: str, depth: int, versions: list[str], current: str, latest: str, exists) -> str:
    """Links to this page in every version (or to that version's start page where it has no such page)."""
    up = "../" * (depth + 1)
    links = []
    for v in versions:
        target = page if exists(v, page) else "index.html"
        label = f"{v} (latest)" if v == latest else v
        mark = ' aria-current="page"' if v == current else ""
        links.append(f'<a href="{up}{v}/{escape(target)}"{mark}>{escape(label)}</a>')
    return (f'<nav class="edition-version-bar" aria-label="versions of the edition">Version: {" · ".join(links)} · '
            f'<a href="{up}latest/{escape(page if exists(latest, page) else "index.html")}">latest</a></nav>')


def banner(page: str, depth: int, current: str, latest: str, target: str) -> str:
    up = "../" * (depth + 1)
    return (f'<div class="edition-old-version" role="note">You are reading version {escape(current)} of the edition, '
            f'kept so that citations of it still resolve. <a href="{up}latest/{escape(target)}">Read this page in the '
            f'latest version ({escape(latest)})</a>.</div>')


STYLE = ("<style>.edition-version-bar{font-size:.8rem;padding:.3rem 1rem;border-bottom:1px solid #ccc}"
         ".edition-old-version{background:#fff3cd;color:#222;padding:.6rem 1rem;border-bottom:2px solid #8a3b12;"
         "font-size:.95rem}</style>")


def decorate(html: str, bar: str, note: str) -> str:
    """The version bar (and the banner of an older version) at the top of a page's body."""
    html = html.replace("</head>", STYLE + "</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bar + note, html, count=1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "_build" / "site"))
    out = Path(parser.parse_args().out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    built: dict[str, Path] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for release in load_releases(ROOT / "data"):
            tree = Path(scratch) / release["version"]
            subprocess.run(["git", "worktree", "add", "--detach", str(tree), release["commit"]], cwd=ROOT, check=True)
            try:
                built[release["version"]] = Path(shutil.copytree(build(tree, Path(scratch) / f"{release['version']}-out"),
                                                                 out / release["version"]))
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
        current = version_of(ROOT)
        built[current] = Path(shutil.copytree(build(ROOT, Path(scratch) / "current-out"), out / current))
    versions = list(built)
    latest = versions[-1]
    redirects = load_redirects(ROOT / "data")

    def exists(v: str, page: str) -> bool:
        return (built[v] / page).is_file()

    for v, folder in built.items():
        for path in folder.rglob("*.html"):
            page = path.relative_to(folder).as_posix()
            depth = page.count("/")
            target = page if exists(latest, page) else redirects.forward(page)
            target = target if exists(latest, target.split("#")[0]) else "index.html"
            note = banner(page, depth, v, latest, target) if v != latest else ""
            path.write_text(decorate(path.read_text(encoding="utf-8"), version_bar(page, depth, versions, v, latest, exists),
                                     note), encoding="utf-8")
    shutil.copytree(built[latest], out / "latest")
    switcher = [{"name": f"{v} (latest)" if v == latest else v, "version": v, "url": f"{v}/", **({"preferred": True} if v == latest else {})}
                for v in reversed(versions)]
    (out / "switcher.json").write_text(json.dumps(switcher, indent=2) + "\n", encoding="utf-8")
    (out / "index.html").write_text('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Collectivization in Six '
                                    'Works</title><meta http-equiv="refresh" content="0; url=latest/index.html"></head><body>'
                                    '<p><a href="latest/index.html">The latest version of the edition</a>.</p></body></html>\n',
                                    encoding="utf-8")
    print(f"the site is in {out}: versions {', '.join(versions)}; latest = {latest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
