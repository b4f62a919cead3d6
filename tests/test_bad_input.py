"""Bad input is refused with an error naming file, line and field; nothing is dropped or guessed.

The simplest cases of each kind are in tests/bad_inputs/ (test_bad_inputs.py); these need code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.corpus import load_edition
from edition.datafiles import EditionError
from edition.excerpts import sha256

from conftest import jupyter_book


def edit(file: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text in a data file; return the 1-based line where the change starts."""
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    line = text[: text.index(old)].count("\n") + 1
    file.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def refused(project: Path) -> EditionError:
    with pytest.raises(EditionError) as caught:
        load_edition(project)
    return caught.value


def line_of(file: Path, text: str) -> int:
    content = file.read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1


EMENDATIONS = "data/best-sons/emendations.yaml"
EXCERPTS = "data/best-sons/excerpts.yaml"


def test_an_emendation_outside_its_excerpt(project):
    file = project / EMENDATIONS
    line = edit(file, "- {excerpt: best-sons-ex01, line: 457}", "- {excerpt: best-sons-ex01, line: 600}")
    err = refused(project)
    assert (err.file, err.line, err.field) == (str(file), line, "line")
    assert "witness line 600 is not in excerpt best-sons-ex01" in str(err)


def test_a_line_range_outside_the_witness(project):
    file = project / EXCERPTS
    line = edit(file, "lines: [531, 576]", "lines: [4100, 4200]")
    err = refused(project)
    assert (err.file, err.line, err.field) == (str(file), line, "lines")
    assert "lies outside the witness lines of best-sons (1-4139" in str(err)


def test_a_stored_passage_whose_hash_does_not_match(project):
    file = project / EXCERPTS
    line = edit(file, "sha256: 2f9695a3", "sha256: 0f9695a3")
    err = refused(project)
    assert (err.file, err.line, err.field) == (str(file), line, "sha256")
    assert "00453-00471.txt has SHA-256 2f9695a3" in str(err)


def test_a_stored_passage_that_was_altered(project):
    passage = project / "data/best-sons/witness/00453-00471.txt"
    passage.write_text(passage.read_text(encoding="utf-8").replace("plenum", "plenary", 1), encoding="utf-8")
    err = refused(project)
    assert err.field == "sha256" and "00453-00471.txt has SHA-256" in str(err)


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        (EMENDATIONS, "id: best-sons-em002", "id: best-sons-em001", "emendation 'best-sons-em001' is recorded twice"),
        (EXCERPTS, "id: best-sons-ex02", "id: best-sons-ex01", "excerpt 'best-sons-ex01' is declared twice"),
        ("data/best-sons/rules.yaml", "id: join-lines", "id: join-page-break", "rule 'join-page-break' is declared twice"),
    ],
)
def test_a_duplicate_id(project, file, old, new, message):
    line = edit(project / file, old, new)
    err = refused(project)
    assert (err.file, err.line, err.field) == (str(project / file), line, "id")
    assert message in str(err)


def test_a_malformed_yaml_file(project):
    file = project / EXCERPTS
    line = edit(file, "    title: The organization of the recruitment drive", "    title: [The organization")
    err = refused(project)
    assert err.file == str(file) and err.line is not None and err.line >= line
    assert "malformed YAML" in str(err)


def test_a_required_field_missing(project):
    file = project / EMENDATIONS
    line = edit(file, "    type: ocr\n", "", 1)
    err = refused(project)
    assert err.file == str(file) and err.field == "emendations[0].type"
    assert err.line == line - 1
    assert "'type' is a required property" in str(err)


def test_a_field_of_the_wrong_type(project):
    file = project / EXCERPTS
    line = edit(file, "lines: [453, 471]", "lines: [453, \"471\"]")
    err = refused(project)
    assert (err.file, err.line, err.field) == (str(file), line, "excerpts[0].lines[1]")


def test_an_unknown_emendation_type(project):
    file = project / EMENDATIONS
    line = edit(file, "type: ocr", "type: guess")
    err = refused(project)
    assert (err.file, err.line, err.field) == (str(file), line, "type")
    assert "'guess' is not an emendation type" in str(err)


def test_a_paragraph_split_by_a_page_break_must_be_declared(project):
    file = project / EXCERPTS
    line = edit(file, "continued: [455, 463]", "continued: [455]")
    err = refused(project)
    assert (err.file, err.line, err.field) == (str(file), line, "structure.continued")
    assert "paragraph best-sons-p463 ends mid-sentence at line 463" in str(err)


def test_a_note_call_without_its_endnote(project):
    """Notes 13 and 14 are cut from the stored notes of excerpt 1, with a hash that matches."""
    folder = project / "data/best-sons/witness"
    shorter = "".join((folder / "02313-02337.txt").read_text(encoding="utf-8").splitlines(True)[:23])
    (folder / "02313-02335.txt").write_text(shorter, encoding="utf-8")
    file = project / EXCERPTS
    edit(file, "lines: [2313, 2337]\n        sha256: e6a6b597bea8cc4e22d9c2eaf8e49cd630de0f2a19f3b3eed8d52c03f563605e",
         f"lines: [2313, 2335]\n        sha256: {sha256(shorter)}")
    err = refused(project)
    assert (err.file, err.field) == (str(file), "notes")
    assert "best-sons-ex01: note calls 13, 14 have no endnote in the excerpt's notes" in str(err)


def test_bad_data_stops_the_build_before_any_page(project, tmp_path):
    edit(project / EMENDATIONS, 'witness: "Kolkhoztsestr"', 'witness: "Kolkhozcentre"')
    result = jupyter_book(project, tmp_path / "out")
    assert result.returncode != 0
    assert "the edition's data is refused" in result.stdout + result.stderr
    assert "emendations.yaml:" in result.stdout + result.stderr
    assert not (tmp_path / "out" / "_build" / "html" / "book" / "best-sons.html").exists()


def test_a_notebook_cell_error_fails_the_build(project, tmp_path):
    import nbformat

    path = project / "notebooks" / "apparatus-in-numbers.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('a broken cell')"))
    nbformat.write(notebook, path)
    result = jupyter_book(project, tmp_path / "out")
    assert result.returncode != 0
    assert "a broken cell" in result.stdout + result.stderr


def test_an_excerpt_that_no_chapter_shows_fails_the_build(project, tmp_path):
    chapter = project / "book" / "best-sons.md"
    text = chapter.read_text(encoding="utf-8")
    start = text.index("::::{excerpt} best-sons-ex03")
    chapter.write_text(text[:start] + text[text.index("::::", start + 4) + 4 :], encoding="utf-8")
    result = jupyter_book(project, tmp_path / "out")
    assert result.returncode != 0
    assert "excerpt best-sons-ex03 (" in result.stdout + result.stderr
    assert "is not shown on any page of the book" in result.stdout + result.stderr


def test_an_annotation_on_a_paragraph_outside_its_excerpt_stops_the_build(project, tmp_path):
    chapter = project / "book" / "best-sons.md"
    edit(chapter, ":::{annotation} best-sons-p459", ":::{annotation} best-sons-p533")
    result = jupyter_book(project, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"best-sons\.md:\d+: ERROR: annotation: 'best-sons-p533' is not a paragraph of best-sons-ex01",
                     result.stdout + result.stderr)


def test_an_emendation_type_without_a_display_level(project):
    file = project / "data/vocabulary.yaml"
    edit(file, "  punctuation: routine    # a point lost, doubled or misplaced\n", "")
    err = refused(project)
    assert (err.file, err.line, err.field) == (str(file), line_of(file, "emendation_marks:"), "emendation_marks")
    assert "'punctuation' has no level" in str(err)


def test_a_display_level_for_no_emendation_type(project):
    file = project / "data/vocabulary.yaml"
    line = edit(file, "  lacuna: significant", "  lacuna: significant\n  lacunae: significant") + 1
    err = refused(project)
    assert (err.file, err.line, err.field) == (str(file), line, "lacunae")


def test_an_emendation_with_an_unknown_display_level(project):
    file = project / "data/class-struggles/emendations.yaml"
    line = edit(file, "marks: significant", "marks: sometimes")
    err = refused(project)
    assert (err.file, err.line) == (str(file), line) and err.field.endswith("marks")
    assert "sometimes" in str(err)
