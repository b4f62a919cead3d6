"""The index of names as a historian uses it: places in text order, named by printed page or by excerpt and paragraph."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from edition import anchors, render
from edition.names import Name, block_label, filing_key, initial, locators

ROOT = Path(__file__).resolve().parents[1]
LABEL = re.compile(r"^(?:pp?\. \d+(?:–\d+)?(?: n\. [0-9]+)?|ex\d+ (?:¶ \d+|n\. [0-9]+|heading))$")


def reading_order() -> list[str]:
    """The excerpt IDs as a reader meets them: the chapters in _toc.yml order, the excerpts in chapter order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    order = []
    for file in files:
        chapter = ROOT / f"{file}.md"
        if chapter.exists():
            order += re.findall(r"^:{3,}\{excerpt\} (\S+)", chapter.read_text(encoding="utf-8"), flags=re.M)
    return order


def places_of(edition, name_id: str):
    return locators(edition.index, edition.excerpts, edition.pages, reading_order())[name_id]


def test_stalins_places_follow_the_text_chapter_by_chapter_excerpt_by_excerpt_block_by_block(edition):
    order = reading_order()
    places = places_of(edition, "stalin")
    assert len(places) > 20

    def position(place):
        excerpt = next(e for e in edition.excerpts.values() if place.block in [b.anchor for b in e.blocks + e.note_blocks])
        return order.index(excerpt.id), [b.anchor for b in excerpt.blocks + excerpt.note_blocks].index(place.block)

    positions = [position(p) for p in places]
    assert positions == sorted(positions)
    # the works come in the order of the book: Viola before Bettelheim before Reiman
    sources = list(dict.fromkeys(p.source for p in places))
    assert sources.index("best-sons") < sources.index("class-struggles") < sources.index("second-revolution")


def test_no_place_is_named_by_a_bare_witness_line(edition):
    for name in edition.index.names:
        for place in places_of(edition, name.id):
            assert LABEL.match(place.label), f"{name.id}: {place.label!r}"
            assert re.search(r"witness line \d+$", place.title)  # the line is still there, for the curious


def test_every_block_that_names_a_name_is_reached_by_a_locator_with_its_label(edition):
    for name in edition.index.names:
        labels = {(p.source, p.label) for p in places_of(edition, name.id)}
        for hit in edition.index.occurrences[name.id]:
            excerpt = edition.excerpts[hit.excerpt]
            block = next(b for b in excerpt.blocks + excerpt.note_blocks if b.anchor == hit.block)
            assert (hit.source, block_label(excerpt, block, edition.pages.get(hit.source))) in labels


def test_class_struggles_places_are_named_by_the_printed_page_where_it_is_recovered(edition):
    data = yaml.safe_load((ROOT / "data/class-struggles/pages.yaml").read_text(encoding="utf-8"))["pages"]
    # the lines of each page whose start and whose successor's start are both located
    spans = [(a["line"], b["line"] - 1, a["page"]) for a, b in zip(data, data[1:])
             if a["line"] is not None and b["line"] is not None and b["page"] == a["page"] + 1]

    def page_of(line):
        return next((page for first, last, page in spans if first <= line <= last), None)

    checked = 0
    for name in edition.index.names:
        for place in places_of(edition, name.id):
            if place.source != "class-struggles":
                continue
            excerpt = edition.excerpts[place.title.split(",")[0]]
            block = next(b for b in excerpt.blocks + excerpt.note_blocks if b.anchor == place.block)
            low, high = page_of(block.lines[0]), page_of(block.lines[-1])
            if low is None or high is None:
                continue
            expected = f"p. {low}" if low == high else f"pp. {low}–{high}"
            assert place.label.split(" n. ")[0] == expected, f"{place.block}: {place.label!r}, expected {expected}"
            checked += 1
    assert checked > 50
    stalin = {p.block: p.label for p in places_of(edition, "stalin")}
    assert stalin["class-struggles-p928"] == "p. 8"  # page 8 runs from line 924 to 993
    assert stalin["class-struggles-n4-2-13"] == "p. 271 n. 13"


def test_where_no_page_is_recovered_a_place_is_the_excerpt_and_its_paragraph_or_note(edition):
    excerpt = edition.excerpts["best-sons-ex02"]
    labels = {b.anchor: block_label(excerpt, b) for b in excerpt.blocks + excerpt.note_blocks}
    assert labels["best-sons-p473"] == "ex02 ¶ 1"
    assert labels["best-sons-p517"] == "ex02 ¶ 1"  # it carries on paragraph 1 after the table
    assert labels["best-sons-p519"] == "ex02 ¶ 2"
    assert labels["best-sons-n2-15"] == "ex02 n. 15"
    assert block_label(edition.excerpts["best-sons-ex01"], edition.excerpts["best-sons-ex01"].blocks[0]) == "ex01 heading"


def test_two_places_on_one_printed_page_are_one_locator(edition):
    for name in edition.index.names:
        labels = [(p.source, p.label) for p in places_of(edition, name.id)]
        assert len(labels) == len(set(labels)), name.id


def test_names_are_filed_under_their_first_letter_without_accents():
    assert initial("Ėfremenkov") == "e" and filing_key("Ėfremenkov") == filing_key("Efremenkov")
    assert initial("Ul'ianova, Mariia") == "u"
    assert initial("25,000ers") == "0"
    assert filing_key("Kaganovich") < filing_key("Kalinin") < filing_key("Krupskaia")


def _name(id_, heading, kind="person"):
    return Name(id_, heading, kind, (heading,), "", "", "", "", None)


def test_a_kind_of_name_has_an_a_to_z_list_whose_letters_are_headings_of_the_scheme():
    names = [_name("zeta", "Zeta"), _name("alpha", "Alpha"), _name("ebro", "Ėbro"), _name("x", "<Evil>", "place")]
    html = render.names_index_html("person", names, {}, {}, {})
    letters = re.findall(r'<h3 class="index-letter" id="([^"]+)">', html)
    assert letters == ["index-person-a", "index-person-e", "index-person-z"]
    assert all(anchors.is_valid(a) for a in letters)
    assert re.findall(r'<a href="#([^"]+)">', html) == letters
    assert "Evil" not in html  # a place is not in the people's list
    assert "&lt;Evil&gt;" in render.names_index_html("place", names, {}, {}, {})


def test_a_locator_carries_the_name_and_escapes_the_data():
    from edition.names import Locator

    names = [_name("o-brien", "O'Brien <b>")]
    places = {"o-brien": [Locator("best-sons", "best-sons-p455", "ex01 ¶ 1", 'best-sons-ex01, "witness" line 455')]}
    html = render.names_index_html("person", names, places, {"best-sons-p455": "best-sons.html"}, {"best-sons": "Best <Sons>"})
    assert 'href="best-sons.html?name=o-brien#best-sons-p455"' in html
    assert "O&#x27;Brien &lt;b&gt;" in html and "Best &lt;Sons&gt;" in html
    assert 'title="best-sons-ex01, &quot;witness&quot; line 455"' in html
