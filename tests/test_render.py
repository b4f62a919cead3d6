"""The display layer: both views from the same segments, witness text always shown as text."""

from __future__ import annotations

from edition import render
from edition.apparatus import Emendation, Place, Rule, Segment
from edition.datafiles import Located
from edition.excerpts import Block
from edition.sources import Source, Witness

WHERE = Located("test.yaml", 1)
SOURCE = Source("demo", "Demo", "demo", "A. Author", "A Title", "Nowhere, 1930", "A. Author", "certain", "test",
                Witness("demo.txt", 10, "0" * 64, 1, 10), WHERE)
EM = Emendation("demo-em001", "demo", "ocr", "Kolkhozsentr", "Kolkhoztsentr", "the book's usual form",
                (Place("demo-ex01", 3, None, "demo-em001", WHERE),), WHERE)
JOIN = Rule("join-page-break", "join-page-break", "joins pages", "demo-rule-join-page-break", WHERE)


def context():
    return render.Context(SOURCE, {"join-page-break": JOIN}, {EM.id: EM}, render.Links(apparatus="apparatus.html"))


def test_witness_text_with_markup_is_escaped_in_both_views():
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    block = Block("paragraph", "demo-p3", [3], [Segment(hostile, hostile)])
    html = render.block_html(block, context(), "1")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_an_emendation_shows_the_reading_and_carries_the_witness_reading_and_reason():
    block = Block("paragraph", "demo-p3", [3], [Segment("of ", "of "), Segment("Kolkhozsentr", "Kolkhoztsentr", EM.id, "emendation", "demo-em001")])
    html = render.block_html(block, context(), "1")
    reading, diplomatic = html.split('<div class="diplomatic-text"')
    assert 'id="demo-em001"' in reading and ">Kolkhoztsentr</a>" in reading
    assert 'href="apparatus.html#demo-em001"' in reading and 'aria-describedby="demo-em001-tip"' in reading
    assert 'role="tooltip" id="demo-em001-tip"' in reading and "the book&#x27;s usual form" in reading
    assert ">Kolkhozsentr</a>" in diplomatic and "Kolkhoztsentr" not in diplomatic.split("title=")[0]


def test_the_diplomatic_view_numbers_every_witness_line_of_a_block():
    segments = [Segment("first half", "first half"), Segment("\n\n", " ", "join-page-break", "join"), Segment("second", "second")]
    html = render.diplomatic_html(Block("paragraph", "demo-p5", [5, 7], segments), context(), with_ids=True)
    assert [f'id="demo-w{n}"' in html for n in (5, 6, 7)] == [True, True, True]
    assert "first half" in html and "second" in html


def test_a_page_break_join_is_marked_in_the_reading_view():
    segments = [Segment("a", "a"), Segment("\n\n", " ", "join-page-break", "join"), Segment("b", "b")]
    html = render.reading_html(segments, context(), "1")
    assert 'class="page-break"' in html and "demo-rule-join-page-break" in html


def test_a_note_call_links_to_its_endnote_and_the_endnote_back():
    segments = [Segment("done.", "done."), Segment("¹⁴", "¹⁴", "note-calls", "note-call", "14")]
    html = render.reading_html(segments, context(), "2")
    assert 'id="demo-n2-14-ref"' in html and 'href="#demo-n2-14"' in html


def test_the_first_form_of_a_glossary_term_in_a_paragraph_links_to_it():
    from edition.glossary import Entry

    entry = Entry("kulak", "kulak", ("kulaks", "kulak"), "a rich peasant")
    ctx = render.Context(SOURCE, {}, {}, render.Links(), glossary=[entry], glossary_url="glossary.html")
    segments = [Segment("The kulaks, and one kulak more; no kulakness.", "The kulaks, and one kulak more; no kulakness.")]
    html = render.reading_html(segments, ctx, "1", terms=set())
    assert html.count('class="gloss"') == 1
    assert ('<a class="gloss" href="glossary.html#glossary-kulak" title="glossary: kulak" '
            'data-definition="a rich peasant">kulaks</a>') in html
    diplomatic = render.diplomatic_html(Block("paragraph", "demo-p1", [1], segments), ctx, with_ids=False)
    assert "gloss" not in diplomatic


def test_a_family_of_identical_corruptions_is_one_apparatus_entry_listing_every_place(edition):
    family = edition.emendations["best-sons-em001"]
    assert len(family.places) > 1
    links = render.Links(excerpt_pages={e: "best-sons.html" for e in edition.excerpts})
    html = render.families_html(edition.emendations_of("best-sons"), links, edition.emendation_types)
    assert html.count(f'id="{family.id}"') == 1
    for place in family.places:
        assert f'href="best-sons.html#{place.anchor}"' in html
    excerpt = edition.excerpts[family.places[0].excerpt]
    rows = render.emendations_html(edition.emendations_of("best-sons"), excerpt, links, edition.emendation_types)
    assert f'id="{family.id}"' not in rows and f'href="#{family.id}"' in rows


def test_a_printed_page_is_marked_with_its_number_and_citable():
    rule = Rule("running-heads", "running-heads", "d", "demo-rule-running-heads", Located("rules.yaml", 1))
    ctx = context()
    ctx.rules[rule.id] = rule
    html = render.reading_html([Segment("at the end ", "at the end "), Segment("20 Charles Bettelheim", "", rule.id, "page-head", "20"),
                                Segment("of 1932", "of 1932")], ctx, "1")
    assert 'id="demo-pg20"' in html and "p.&#160;20" in html and "Charles Bettelheim" not in html


def test_an_emendation_that_reads_a_space_still_names_its_link():
    em = Emendation("demo-em002", "demo", "ocr", "·", " ", "a raised dot for a space", (), WHERE)
    ctx = context()
    ctx.emendations[em.id] = em
    html = render.reading_html([Segment("·", " ", em.id, "emendation", "demo-em002")], ctx, "")
    assert 'aria-label="emendation demo-em002: a space"' in html


def test_a_deletion_shows_a_caret_and_its_link_alone_names_it():
    """The caret of a deletion is text in the link; the link's label says "deleted" (the Nu checker
    forbids a label on a plain span, and a second label would be read twice)."""
    em = Emendation("demo-em003", "demo", "ocr", "x", "", "a stray letter", (), WHERE)
    ctx = context()
    ctx.emendations[em.id] = em
    html = render.reading_html([Segment("x", "", em.id, "emendation", "demo-em003")], ctx, "")
    assert 'aria-label="emendation demo-em003: deleted">' in html and '<span class="em-empty">‸</span></a>' in html
