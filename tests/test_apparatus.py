"""The apparatus engine: emendations placed exactly, rules recorded, and the round trip exact."""

from __future__ import annotations

import pytest
import re

from hypothesis import assume, given, strategies as st

from edition.apparatus import (
    Emendation, Place, Rule, RuleBook, Segment, differences, emend_line, reading_text, rebuild_witness, witness_text,
)
from edition.datafiles import EditionError, Located

WHERE = Located("emendations.yaml", 7)


def emendation(witness, reading, occurrence=None, ident="demo-em001"):
    place = Place("demo-ex01", 1, occurrence, ident, WHERE)
    return Emendation(ident, "demo", "ocr", witness, reading, "a reason", (place,), WHERE), place


def test_an_emendation_replaces_exactly_its_witness_text():
    segs = emend_line("the Kolkhozsentr decision", 1, [emendation("Kolkhozsentr", "Kolkhoztsentr")])
    assert reading_text(segs) == "the Kolkhoztsentr decision"
    assert witness_text(segs) == "the Kolkhozsentr decision"
    assert [d.cause for d in differences(segs)] == ["demo-em001"]


def test_the_occurrence_chooses_among_repeated_witness_text():
    segs = emend_line("a b a b", 1, [emendation("b", "B", occurrence=2)])
    assert reading_text(segs) == "a b a B"


@pytest.mark.parametrize(
    "line, witness, occurrence, field, message",
    [
        ("nothing here", "absent", None, "witness", "'absent' is not on witness line 1"),
        ("a b a b", "b", None, "occurrence", "'b' occurs 2 times on witness line 1; say which"),
        ("a b a b", "b", 3, "occurrence", "'b' occurs only 2 times on witness line 1"),
    ],
)
def test_an_emendation_that_does_not_fit_is_refused(line, witness, occurrence, field, message):
    with pytest.raises(EditionError) as caught:
        emend_line(line, 1, [emendation(witness, "x", occurrence)])
    assert (caught.value.file, caught.value.line, caught.value.field) == ("emendations.yaml", 7, field)
    assert message in str(caught.value)


def test_overlapping_emendations_are_refused():
    with pytest.raises(EditionError, match="demo-em002 overlaps demo-em001"):
        emend_line("Kolkhozsentr", 1, [emendation("Kolkhoz", "K"), emendation("zsentr", "ztsentr", ident="demo-em002")])


def test_rules_record_every_change_they_make():
    rules = RuleBook({k: Rule(k, k, "d", f"demo-rule-{k}", WHERE) for k in ("superscript-note-calls", "asterisk-italics", "typographic-quotes")})
    segs = rules.apply_inline([Segment('He said "*pod\'\'em*."¹²', 'He said "*pod\'\'em*."¹²')], WHERE)
    assert reading_text(segs) == "He said “pod''em.”¹²"
    assert rebuild_witness(reading_text(segs), differences(segs)) == 'He said "*pod\'\'em*."¹²'
    assert [s.value for s in segs if s.mark == "note-call"] == ["12"]


def test_an_unclosed_italic_is_refused():
    rules = RuleBook({"asterisk-italics": Rule("italics", "asterisk-italics", "d", "demo-rule-italics", WHERE)})
    with pytest.raises(EditionError, match="never close"):
        rules.apply_inline([Segment("*open", "*open")], WHERE)


def test_a_difference_that_does_not_match_the_reading_text_is_refused():
    segs = emend_line("abc", 1, [emendation("b", "B")])
    diffs = differences(segs)
    with pytest.raises(ValueError):
        rebuild_witness("aXc", diffs)


@given(
    text=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), min_size=1, max_size=80),
    cuts=st.lists(st.integers(min_value=0, max_value=80), min_size=0, max_size=8, unique=True),
    readings=st.lists(st.text(max_size=5), min_size=4, max_size=4),
)
def test_any_non_overlapping_emendations_round_trip(text, cuts, readings):
    """Random texts and random non-overlapping emendations always give the witness back."""
    bounds = sorted({c % (len(text) + 1) for c in cuts})
    spans = [(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=False) if b > a]
    places = []
    for i, (a, b) in enumerate(spans):
        starts = [m.start() for m in re.finditer(re.escape(text[a:b]), text)]
        assume(a in starts)  # a span that an earlier match of the same text swallows cannot be named by occurrence
        em, place = emendation(text[a:b], readings[i % 4], occurrence=starts.index(a) + 1, ident=f"demo-em{i:03d}")
        places.append((em, place))
    segments = emend_line(text, 1, places)
    assert witness_text(segments) == text
    assert rebuild_witness(reading_text(segments), differences(segments)) == text
    assert len([s for s in segments if s.mark == "emendation"]) == len(places)


def test_html_sup_note_calls_and_markdown_headings_are_recorded_rules():
    kinds = ("html-sup-note-calls", "markdown-headings")
    rules = RuleBook({k: Rule(k, k, "d", f"demo-rule-{k}", WHERE) for k in kinds})
    body = rules.apply_inline([Segment("a crisis.<sup>76</sup> Then", "a crisis.<sup>76</sup> Then")], WHERE)
    assert reading_text(body) == "a crisis.⁷⁶ Then"
    assert [s.value for s in body if s.mark == "note-call"] == ["76"]
    heading = rules.apply_heading([Segment("### The 1928 Crisis", "### The 1928 Crisis")])
    assert reading_text(heading) == "The 1928 Crisis"
    for segments, witness in ((body, "a crisis.<sup>76</sup> Then"), (heading, "### The 1928 Crisis")):
        assert rebuild_witness(reading_text(segments), differences(segments)) == witness
