"""Record a release of the edition: ``make release``.

    python scripts/release.py check    refuse a dirty tree, a development version, or a version released before
    python scripts/release.py record   build the book, write data/anchors/<version>.txt, add the release to
                                       data/releases.yaml (version, date, commit)

``make release`` runs ``check``, then the whole test suite, then ``record``; a
failing step stops it.  The version comes from pyproject.toml, its only home.
Afterwards commit the two data files and tag the commit ``v<version>``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from edition.releases import load_releases, public_anchors  # noqa: E402


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def check() -> int:
    if git("status", "--porcelain"):
        print("release refused: the working tree has uncommitted changes (commit or stash them first)")
        return 1
    v = version()
    if not v.replace(".", "").isdigit() or v.count(".") != 2:
        print(f"release refused: {v} is not a release version (set X.Y.Z in pyproject.toml and commit)")
        return 1
    if any(r["version"] == v for r in load_releases(ROOT / "data")):
        print(f"release refused: {v} is already recorded in data/releases.yaml")
        return 1
    print(f"release {v}: the tree is clean; running the tests")
    return 0


def record() -> int:
    if check():
        return 1
    v, commit = version(), git("rev-parse", "HEAD")
    site = ROOT / "_build" / "release" / v
    subprocess.run([str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", str(ROOT), "--all", "-W", "-n",
                    "--path-output", str(site.parent / f"{v}-build")], check=True)
    found = public_anchors(site.parent / f"{v}-build" / "_build" / "html")
    (ROOT / "data" / "anchors").mkdir(exist_ok=True)
    (ROOT / "data" / "anchors" / f"{v}.txt").write_text("\n".join(found) + "\n", encoding="utf-8")
    releases = ROOT / "data" / "releases.yaml"
    if not releases.exists():
        releases.write_text("# The released versions of the edition (see scripts/release.py).\nreleases:\n", encoding="utf-8")
    with open(releases, "a", encoding="utf-8") as fh:
        fh.write(f"  - {{version: \"{v}\", date: \"{dt.date.today().isoformat()}\", commit: {commit}}}\n")
    print(f"release {v} recorded: {len(found)} anchors in data/anchors/{v}.txt; commit {commit[:12]}")
    print(f"now: git add data/releases.yaml data/anchors/{v}.txt && git commit -m 'Release {v}' && git tag v{v}")
    return 0


if __name__ == "__main__":
    sys.exit({"check": check, "record": record}[sys.argv[1]]())
