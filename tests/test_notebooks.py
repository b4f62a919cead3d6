"""The notebooks: each runs top to bottom in a fresh kernel, as a reader runs it, and never goes stale."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, jupyter_book

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_runs_top_to_bottom_in_a_fresh_kernel(path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_stored_without_outputs(path):
    """Outputs are made at build time only, so no stale output is ever published."""
    notebook = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")


def test_notebooks_hold_no_copy_of_the_data():
    for path in NOTEBOOKS:
        source = "".join(c.source for c in nbformat.read(path, as_version=4).cells)
        assert "read_csv" not in source and "datapackage.json\")" not in source and "open(" not in source, path.name


@pytest.mark.build
def test_a_change_in_the_data_re_executes_the_notebooks_at_the_next_build(project, tmp_path):
    out = tmp_path / "out"
    assert jupyter_book(project, out).returncode == 0
    package = project / "data" / "class-struggles" / "datapackage.json"
    data = json.loads(package.read_text(encoding="utf-8"))
    data["resources"][0]["title"] = "A title changed in the data only"
    package.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    import subprocess
    import sys

    incremental = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(project), "-W", "-n", "--keep-going",
         "--path-output", str(out)], capture_output=True, text=True, cwd=project)
    assert incremental.returncode == 0, incremental.stdout[-3000:]
    page = (out / "_build" / "html" / "notebooks" / "class-struggles-tables.html").read_text(encoding="utf-8")
    assert "A title changed in the data only" in page
