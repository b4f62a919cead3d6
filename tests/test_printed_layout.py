"""What the reading text makes of a printed page's layout: divided words, running heads,
indented page starts, note calls printed as plain digits, and a witness that holds only notes.

Each case builds an excerpt from a few witness lines in memory, so that the rule is shown
on the smallest text that needs it; the round trip must hold in every case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from edition import anchors
from edition.apparatus import Rule, RuleBook, differences, reading_text, rebuild_witness, witness_text
from edition.datafiles import EditionError, Located, load_yaml
from edition.excerpts import Passage, build_body, sha256
from edition.pages import load_pages

WHERE = Located("excerpts.yaml", 3)
HEAD = r"^(?:(?P<verso>[0-9][0-9 ]*) Charles Bettelheim|Class Struggles in the USSR (?P<recto>[0-9][0-9 ]*)) *$"
KINDS = ("join-lines", "join-page-break", "word-splits", "page-starts", "running-heads", "declared-note-calls",
         "typographic-quotes")


def rules(*kinds: str) -> RuleBook:
    return RuleBook({k: Rule(k, k, "d", f"demo-rule-{k}", WHERE, HEAD if k == "running-heads" else "") for k in kinds})


def passage(text: str, first: int = 1) -> Passage:
    count = text.count("\n")
    return Passage("demo", first, first + count - 1, text, sha256(text), Path("demo.txt"), WHERE)


def demo_folder(tmp_path: Path) -> Path:
    """A data/demo/ folder beside the project's schemas, for data files of a demo source."""
    (tmp_path / "data" / "demo").mkdir(parents=True, exist_ok=True)
    if not (tmp_path / "data" / "schemas").exists():
        (tmp_path / "data" / "schemas").symlink_to(Path(__file__).resolve().parents[1] / "data" / "schemas")
    return tmp_path / "data" / "demo"


def structure(tmp_path: Path, yaml_text: str):
    file = tmp_path / "structure.yaml"
    file.write_text(yaml_text or "{}\n", encoding="utf-8")
    return load_yaml(file)


def body(tmp_path, text, yaml_text="", kinds=KINDS, pages=None):
    found, stream = build_body("demo-ex01", passage(text), structure(tmp_path, yaml_text), rules(*kinds), {}, WHERE,
                               chapter="1", pages=pages)
    assert rebuild_witness(reading_text(stream), differences(stream)) == text
    assert witness_text(stream) == text
    return found


def test_a_line_that_ends_without_a_space_ends_inside_a_divided_word(tmp_path):
    blocks = body(tmp_path, "If the peas\nants refused, the Central Com-\nmittee acted. \n")
    assert blocks[0].reading.rstrip() == "If the peasants refused, the Central Committee acted."


def test_a_line_that_ends_with_a_space_is_joined_with_one_space(tmp_path):
    blocks = body(tmp_path, "the poor peasants \nwere hostile. \n")
    assert blocks[0].reading.rstrip() == "the poor peasants were hostile."


def test_the_excerpt_corrects_the_rule_line_by_line(tmp_path):
    text = "the First Five\nYear Plan and the tax-\nin-kind, Stalin\nsaid. \n"
    blocks = body(tmp_path, text, "line_ends: {1: hyphen, 2: hyphen, 3: space}\n")
    assert blocks[0].reading.rstrip() == "the First Five-Year Plan and the tax-in-kind, Stalin said."


def test_without_the_rule_word_splits_a_line_end_is_always_a_space(tmp_path):
    blocks = body(tmp_path, "peas\nants. \n", kinds=("join-lines",))
    assert blocks[0].reading.rstrip() == "peas ants."


def test_declared_note_calls_become_superscript_and_the_space_before_them_goes(tmp_path):
    yaml_text = (
        "note_calls:\n"
        "  - {line: 1, witness: ' 8'}\n"
        "  - {line: 2, witness: '192918', number: '18'}\n"
    )
    blocks = body(tmp_path, "were practicable. 8 In 1928 \nthe decree of 192918 fixed targets. \n", yaml_text)
    assert blocks[0].reading.rstrip() == "were practicable.⁸ In 1928 the decree of 1929¹⁸ fixed targets."
    calls = [s.value for s in blocks[0].segments if s.mark == "note-call"]
    assert calls == ["8", "18"]


@pytest.mark.parametrize(
    "yaml_text, field, message",
    [
        ("note_calls:\n  - {line: 1, witness: ' 9'}\n", "witness", "note call ' 9' is not in the unemended text of witness line 1"),
        ("note_calls:\n  - {line: 1, witness: '1'}\n", "occurrence", "occurs 2 times"),
        ("note_calls:\n  - {line: 1, witness: '1929', number: '18'}\n", "number", "does not end in the digits '18'"),
    ],
)
def test_a_note_call_that_does_not_fit_is_refused_with_its_line_and_field(tmp_path, yaml_text, field, message):
    with pytest.raises(EditionError) as caught:
        body(tmp_path, "in 1929, 1 said. 8 \n", yaml_text)
    assert caught.value.field == field and caught.value.line == 2
    assert message in str(caught.value)


def test_a_running_head_inside_a_paragraph_is_dropped_and_its_page_marked(tmp_path):
    text = "at the end of 1932 \n\n\n\nClass Struggles in the USSR 25 7 \n\nrather than October 1933. \n"
    blocks = body(tmp_path, text, "continued: [1]\n")
    assert [b.kind for b in blocks] == ["paragraph"]
    assert blocks[0].reading.rstrip() == "at the end of 1932 rather than October 1933."
    assert [(s.mark, s.value) for s in blocks[0].segments if s.mark == "page-head"] == [("page-head", "257")]


def test_a_word_divided_over_a_page_is_joined_without_a_space(tmp_path):
    text = "the works of Magnito\n\n\n20 Charles Bettelheim \n\ngorsk were built. \n"
    blocks = body(tmp_path, text, "continued: [1]\n")
    assert blocks[0].reading.rstrip() == "the works of Magnitogorsk were built."


def test_a_running_head_between_paragraphs_is_a_block_of_its_own(tmp_path):
    blocks = body(tmp_path, "One. \n\n20 Charles Bettelheim \n\nTwo. \n")
    assert [b.kind for b in blocks] == ["paragraph", "page-head", "paragraph"]
    assert blocks[1].reading == ""


def test_an_indented_line_begins_a_page_whose_number_comes_from_the_page_data(tmp_path):
    blocks = body(tmp_path, "the poor \n peasants were hostile. \n", pages={2: "21"})
    assert blocks[0].reading.rstrip() == "the poor peasants were hostile."
    assert [(s.mark, s.value) for s in blocks[0].segments if s.mark == "page-start"] == [("page-start", "21")]
    assert anchors.page("demo", "21") == "demo-pg21"


def test_a_running_head_that_contradicts_the_page_data_is_refused(tmp_path):
    with pytest.raises(EditionError, match="running head of page 20, the page data says 21"):
        body(tmp_path, "One. \n\n20 Charles Bettelheim \n\nTwo. \n", pages={3: "21"})


def test_a_witness_of_endnotes_is_a_body_of_numbered_notes_the_first_without_its_beginning(tmp_path):
    text = "farmers with a cow. WKP 313. \n\n77. Kollektivizatsiia, 467. \n 78. In Belyi raion \nofficials. \n"
    blocks = body(tmp_path, text, "endnotes: true\nbegins_mid_note: '76'\n")
    assert [(b.kind, b.number, b.anchor) for b in blocks] == [
        ("endnote", "76", "demo-n1-76"), ("endnote", "77", "demo-n1-77"), ("endnote", "78", "demo-n1-78")]
    assert blocks[2].reading.rstrip() == "78. In Belyi raion officials."


@pytest.mark.parametrize(
    "entries, field, message",
    [
        ("  - {page: 21, line: 50, evidence: trace}\n  - {page: 20, line: 90, evidence: head}\n", "page", "page 20 comes after page 21"),
        ("  - {page: 20, line: 50, evidence: head}\n  - {page: 21, line: 40, evidence: trace}\n", "line", "not after page 20"),
        ("  - {page: 20, line: null, evidence: head}\n", "evidence", "needs a line"),
        ("  - {page: 20, line: 9, evidence: none}\n", "evidence", "head, trace or blank, not none"),
    ],
)
def test_page_data_out_of_order_or_without_evidence_is_refused(tmp_path, entries, field, message):
    folder = demo_folder(tmp_path)
    (folder / "pages.yaml").write_text(f"source: demo\npages:\n{entries}", encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        load_pages(folder, "demo")
    assert caught.value.field == field and message in str(caught.value)


def test_a_page_whose_start_is_not_located_widens_the_pages_cited(tmp_path):
    folder = demo_folder(tmp_path)
    (folder / "pages.yaml").write_text(
        "source: demo\npages:\n  - {page: 20, line: 10, evidence: head}\n  - {page: 21, line: null, evidence: none}\n"
        "  - {page: 22, line: 90, evidence: trace}\n", encoding="utf-8")
    pages = load_pages(folder, "demo")
    assert pages.span(12, 20) == "20-21"
    assert pages.span(95, 99) == "22"
    assert pages.span(1, 5) is None


def test_a_note_call_with_a_space_inside_it_is_still_one_call(tmp_path):
    blocks = body(tmp_path, "in 1934 (42.4 millions.)1 1. In 1938 less. \n",
                  "note_calls:\n  - {line: 1, witness: ')1 1', number: '11'}\n")
    assert blocks[0].reading.rstrip() == "in 1934 (42.4 millions.)¹¹. In 1938 less."


def test_a_heading_run_into_the_line_before_it_is_declared_a_block_of_its_own(tmp_path):
    text = "grew stronger. \nI. Urbanization \n\nIn the 1930s. \n"
    blocks = body(tmp_path, text, "block_starts: [2]\nheadings: [2]\n")
    assert [(b.kind, b.reading.rstrip()) for b in blocks] == [
        ("paragraph", "grew stronger."), ("heading", "I. Urbanization"), ("paragraph", "In the 1930s.")]


def test_line_numbers_as_keys_need_no_quotes(tmp_path):
    blocks = body(tmp_path, "the First Five\nYear Plan. \n", "line_ends: {1: hyphen}\n")
    assert blocks[0].reading.rstrip() == "the First Five-Year Plan."


def test_an_indent_followed_at_once_by_an_emendation_still_begins_a_page(tmp_path):
    from edition.apparatus import Emendation, Place
    place = Place("demo-ex01", 2, None, "demo-em001", WHERE)
    em = Emendation("demo-em001", "demo", "ocr", "~1oreover", "Moreover", "r", (place,), WHERE)
    text = "the poor \n ~1oreover they paid. \n"
    found, stream = build_body("demo-ex01", passage(text), structure(tmp_path, ""), rules(*KINDS), {2: [(em, place)]},
                               WHERE, chapter="1", pages={2: "21"})
    assert found[0].reading.rstrip() == "the poor Moreover they paid."
    assert [s.value for s in found[0].segments if s.mark == "page-start"] == ["21"]
    assert witness_text(stream) == text


def test_a_year_at_the_start_of_a_line_does_not_begin_a_note(tmp_path):
    text = "77. Pravda, July 30, \n1937. \n\n78. WKP 313. \n"
    blocks = body(tmp_path, text, "endnotes: true\n")
    assert [b.number for b in blocks] == ["77", "78"]
    assert blocks[0].reading.rstrip() == "77. Pravda, July 30, 1937."
