"""Shared fixtures: the edition's data, the witness folder, a copy of the project, the built book."""

from __future__ import annotations

import shutil
import subprocess
import sys
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
    """The book built once, strictly, from this checkout; its HTML folder."""
    out = tmp_path_factory.mktemp("book")
    result = jupyter_book(ROOT, out)
    if result.returncode != 0:
        pytest.fail(f"the strict build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return out / "_build" / "html"
