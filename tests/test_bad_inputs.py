"""The corpus of bad inputs (tests/bad_inputs/): each is refused clearly, or shown as text."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from edition.corpus import load_edition
from edition.datafiles import EditionError

from conftest import jupyter_book

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))


def cases(stage: str) -> list[Path]:
    return [c for c in CASES if yaml.safe_load(c.read_text(encoding="utf-8"))["stage"] == stage]


def apply(project: Path, case: dict) -> None:
    file = project / case["file"]
    text = file.read_text(encoding="utf-8")
    old_digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for change in [{"replace": case["replace"], "with": case["with"]}, *case.get("also", [])]:
        assert change["replace"] in text, f"{case['file']} does not contain {change['replace']!r}"
        text = text.replace(change["replace"], change["with"], 1)
    file.write_text(text, encoding="utf-8")
    if "/witness/" in case["file"]:  # a changed passage keeps a matching hash, so that only its content is at issue
        excerpts = file.parent.parent / "excerpts.yaml"
        new_digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        excerpts.write_text(excerpts.read_text(encoding="utf-8").replace(old_digest, new_digest), encoding="utf-8")


@pytest.mark.parametrize("path", cases("data"), ids=lambda p: p.stem)
def test_bad_data_is_refused_naming_file_line_and_field(project, path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    apply(project, case)
    with pytest.raises(EditionError) as caught:
        load_edition(project).findings()
    assert re.search(case["error"], str(caught.value)), f"{case['what']}: got {caught.value}"
    assert caught.value.line and caught.value.field


@pytest.mark.build
@pytest.mark.parametrize("path", cases("build"), ids=lambda p: p.stem)
def test_a_bad_chapter_stops_the_build_naming_file_and_line(project, tmp_path, path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    apply(project, case)
    result = jupyter_book(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, case["what"]
    assert re.search(case["error"], output), f"{case['what']}: {output[-2000:]}"


@pytest.mark.build
@pytest.mark.parametrize("path", cases("escaped"), ids=lambda p: p.stem)
def test_markup_in_the_witness_is_shown_as_text(project, tmp_path, path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    apply(project, case)
    result = jupyter_book(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-2000:]
    html = (tmp_path / "out" / "_build" / "html" / case["page"]).read_text(encoding="utf-8")
    assert case["shown"] in html
    assert case["absent"] not in html


def test_every_case_says_what_it_is():
    for path in CASES:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert {"what", "stage", "file", "replace", "with"} <= set(case), path.name
