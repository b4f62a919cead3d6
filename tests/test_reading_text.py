"""The reading text: no corrupted form is left, and each rule does what the method says."""

from __future__ import annotations

import re
import unicodedata

from edition.apparatus import reading_text


def prose_blocks(edition):
    return [(e, b) for e in edition.excerpts.values() for b in e.blocks + e.note_blocks if b.kind != "table"]


def all_blocks(edition):
    return [(e, b) for e in edition.excerpts.values() for b in e.blocks + e.note_blocks]


def _as_word(form: str) -> re.Pattern:
    """A corrupted form as the reading text could still have it: a whole word where it begins or ends with one."""
    pattern = re.escape(form)
    if form[:1].isalnum():
        pattern = r"(?<!\w)" + pattern
    if form[-1:].isalnum():
        pattern += r"(?!\w)"
    return re.compile(pattern)


def test_no_form_that_an_emendation_corrects_is_left_anywhere_in_the_reading_text(edition):
    """A corrupted word that one emendation corrects is corrected wherever the work's excerpts have it.

    Emendations that change only punctuation or spacing at one place, and witness texts of fewer than three
    letters (a stray "I " on a line of its own is an ordinary word elsewhere), are corrections of
    that place only, and are not looked for elsewhere."""
    for em in edition.emendations.values():
        letters = sum(ch.isalpha() for ch in em.witness)
        punctuation_only = re.sub(r"[\W_]", "", em.witness) == re.sub(r"[\W_]", "", em.reading)
        if em.witness in em.reading or punctuation_only or letters < 3:
            continue
        form = _as_word(em.witness)
        for excerpt, block in all_blocks(edition):
            if excerpt.source == em.source:
                assert not form.search(block.reading), f"{em.witness!r} ({em.id}) left unemended in {block.anchor}"


def test_the_reading_text_has_no_letter_its_source_does_not_use(edition):
    """Letters of other scripts are damage everywhere; letters with diacritics too, where the work
    transliterates Russian without them (reading_letters: ascii in the source register)."""
    for excerpt, block in all_blocks(edition):
        ascii_only = edition.sources[excerpt.source].reading_letters == "ascii"
        letters = {ch for ch in block.reading if unicodedata.category(ch).startswith("L") and not ch.isascii()}
        strange = letters if ascii_only else {ch for ch in letters if "LATIN" not in unicodedata.name(ch, "")}
        assert not strange, f"{block.anchor}: {sorted(strange)}"


def test_prose_keeps_no_asterisk_and_no_straight_double_quote(edition):
    for _, block in prose_blocks(edition):
        assert "*" not in block.reading, block.anchor
        assert '"' not in block.reading, block.anchor


def test_a_paragraph_split_by_a_page_break_is_one_paragraph(edition):
    excerpt = edition.excerpts["best-sons-ex01"]
    block = next(b for b in excerpt.blocks if b.anchor == "best-sons-p463")
    assert block.lines == [463, 465]
    assert "In most regions a four-tiered screening process" in block.reading


def test_a_paragraph_interrupted_by_a_table_continues_after_it(edition):
    excerpt = edition.excerpts["best-sons-ex02"]
    kinds = [(b.anchor, b.kind, b.continues) for b in excerpt.blocks[:3]]
    assert kinds == [
        ("best-sons-p473", "paragraph", ""),
        ("best-sons-p475", "table", ""),
        ("best-sons-p517", "paragraph", "best-sons-p473"),
    ]
    assert excerpt.blocks[2].reading.startswith("quotas, selection criteria")


def test_note_calls_and_endnotes_match_one_to_one(edition):
    """Every call has its note, in order.  Where the excerpt says some notes are lost (and why), the notes
    that survive are stored once each."""
    for excerpt in edition.excerpts.values():
        calls = excerpt.note_calls(edition.emendations)
        numbers = [b.number for b in excerpt.note_blocks if not b.continues]
        if excerpt.notes_lost:
            assert len(set(numbers)) == len(numbers), excerpt.id
            continue
        assert calls == numbers, excerpt.id


def test_an_endnote_split_by_a_page_break_is_one_note(edition):
    notes = {b.anchor: b for b in edition.excerpts["best-sons-ex03"].note_blocks}
    note = notes["best-sons-n2-30"]
    assert note.lines == [2353, 2355]
    assert "za kollektivizatsii derevni (Moscow and Leningrad: VTsSPS, 1930)" in note.reading


def test_tables_keep_the_numbers_as_printed(edition):
    table = next(b for b in edition.excerpts["best-sons-ex02"].blocks if b.kind == "table")
    assert "TOTALS\t26,380\t13,560\t3,740\t5,600\t1,950\t900 ++\t100\t500\t30\t26,380 +++" in table.reading
    assert "+++Mistake in calculation; actual total is 26,680." in table.reading


def test_quotes_open_and_close(edition):
    text = reading_text(edition.excerpts["best-sons-ex01"].stream(edition.excerpts["best-sons-ex01"].body))
    assert "was to be “quality.”" in text
