"""The witness is evidence: every excerpt is verbatim, and the reading text gives it back byte for byte."""

from __future__ import annotations

import hashlib

import pytest

from edition.apparatus import differences, reading_text, rebuild_witness, witness_text
from edition.excerpts import witness_lines


def all_passages(edition):
    return [(e, p) for e in edition.excerpts.values() for p in e.passages]


def test_every_passage_is_rebuilt_from_reading_text_and_apparatus(edition):
    assert all_passages(edition), "the edition has no excerpts"
    for excerpt, passage in all_passages(edition):
        segments = excerpt.stream(passage)
        rebuilt = rebuild_witness(reading_text(segments), differences(segments))
        assert rebuilt == passage.text, f"{excerpt.id} lines {passage.first}-{passage.last}"
        assert hashlib.sha256(rebuilt.encode("utf-8")).hexdigest() == passage.sha256


def test_every_difference_is_caused_by_a_declared_rule_or_a_recorded_emendation(edition):
    for excerpt, passage in all_passages(edition):
        known = set(edition.emendations) | {r.id for r in edition.rules[excerpt.source].rules.values()}
        for diff in differences(excerpt.stream(passage)):
            assert diff.cause in known, f"{excerpt.id}: {diff.witness!r} -> {diff.reading!r} has no cause"


def test_the_blocks_cover_the_witness_without_gap_or_overlap(edition):
    for excerpt in edition.excerpts.values():
        body = witness_text(excerpt.stream(excerpt.body))
        assert body == excerpt.body.text
        covered = [n for b in excerpt.blocks + excerpt.note_blocks for n in b.lines if excerpt.body.first <= n <= excerpt.body.last]
        assert len(covered) == len(set(covered)), f"{excerpt.id}: a witness line is in two blocks"
        text_lines = {n for n, t in excerpt.body.numbered if t.strip()}
        assert text_lines <= set(covered) | {n for b in excerpt.blocks if b.kind == "table" for n in range(b.lines[0], b.lines[-1] + 1)}


def test_every_recorded_emendation_is_applied_at_each_of_its_places(edition):
    applied = {
        seg.value
        for e in edition.excerpts.values()
        for b in e.blocks + e.note_blocks
        for seg in b.segments
        if seg.mark == "emendation"
    }
    for em in edition.emendations.values():
        for place in em.places:
            assert place.anchor in applied, f"{em.id} is not applied at line {place.line}"


def test_each_stored_passage_is_the_very_lines_of_its_witness(edition, witnesses):
    for excerpt, passage in all_passages(edition):
        source = edition.sources[excerpt.source]
        lines = witness_lines((witnesses / source.witness.file).read_text(encoding="utf-8"))
        assert "".join(lines[passage.first - 1 : passage.last]) == passage.text, f"{excerpt.id} {passage.first}-{passage.last}"


def test_each_witness_is_the_registered_file(edition, witnesses):
    for source in edition.sources.values():
        data = (witnesses / source.witness.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source.witness.sha256, source.witness.file
        assert len(witness_lines(data.decode("utf-8"))) == source.witness.line_count, source.witness.file


@pytest.mark.parametrize("text", ["", "a\n", "a\n\nb", "x\r\ny\n", "one\u2028two\n"])
def test_witness_lines_split_on_newline_only(text):
    assert "".join(witness_lines(text)) == text
    assert all(line.count("\n") <= 1 for line in witness_lines(text))


def test_every_recovered_page_rests_on_the_evidence_the_data_names(edition, witnesses):
    """A head line is a running head (by the rule's pattern, or garbled: then it names no text but the head),
    a trace line is indented, a blank-evidence line follows three blank lines and is not indented."""
    for source_id, pages in edition.pages.items():
        if not pages.entries:
            continue
        source = edition.sources[source_id]
        lines = witness_lines((witnesses / source.witness.file).read_text(encoding="utf-8"))
        rules = edition.rules[source_id]
        for page, line, evidence in pages.entries:
            text = lines[line - 1].rstrip("\n") if line else ""
            if evidence == "head":
                number = rules.running_head(text)
                assert number in (str(page), None), f"{source_id} p. {page}: line {line} is the head of p. {number}"
                assert len(text.split()) <= 8, f"{source_id} p. {page}: line {line} is more than a running head: {text!r}"
            elif evidence == "trace":
                assert text.startswith(" ") and text.strip(), f"{source_id} p. {page}: line {line} is not indented"
            elif evidence == "blank":
                assert not text.startswith(" ") and all(not lines[line - 1 - k].strip() for k in (1, 2, 3)), (
                    f"{source_id} p. {page}: line {line} does not follow three blank lines")
