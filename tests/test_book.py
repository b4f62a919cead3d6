"""The built book: strict, stamped with its version, and every citable thing at its anchor."""

from __future__ import annotations

import re

import pytest

from edition import anchors
from edition.sphinxext.buildinfo import version

pytestmark = pytest.mark.build


def pages(built_book):
    """Every HTML page of the book (not the theme's template fragments under _static)."""
    return {
        p.relative_to(built_book).as_posix(): p.read_text(encoding="utf-8")
        for p in built_book.rglob("*.html")
        if "_static" not in p.parts
    }


def page_of(excerpt_id: str, html_pages: dict[str, str]) -> str:
    holders = [name for name, html in html_pages.items() if f'<section class="excerpt" id="{excerpt_id}"' in html]
    assert len(holders) == 1, f"{excerpt_id} is on {holders}"
    return holders[0]


def test_the_book_builds_with_warnings_as_errors(built_book):
    assert (built_book / "book" / "best-sons.html").is_file()


def test_every_anchor_of_the_scheme_is_on_its_page_exactly_once(built_book, edition):
    html_pages = pages(built_book)
    expected: dict[str, list[str]] = {name: [] for name in html_pages}
    for excerpt in edition.excerpts.values():
        expected[page_of(excerpt.id, html_pages)] += excerpt.anchors
    for source in edition.sources:
        expected[f"book/apparatus/{source}.html"] += [r.anchor for r in edition.rules[source].rules.values()]
        expected[f"book/apparatus/{source}.html"] += [em.id for em in edition.emendations_of(source)]
    problems = [p for name, html in html_pages.items() for p in anchors.page_problems(name, html, expected[name])]
    assert not problems, "\n".join(problems)


def test_the_anchor_check_fails_on_a_generated_id_a_missing_and_a_doubled_anchor():
    html = '<p id="id3">x</p><div data-cite="paragraph">y</div><p id="best-sons-p1"></p><p id="best-sons-p1"></p>'
    problems = anchors.page_problems("page.html", html, ["best-sons-p1", "best-sons-p2"])
    assert problems == [
        "page.html: #best-sons-p2 is missing",
        "page.html: #best-sons-p1 appears 2 times",
        "page.html: generated ID #id3",
        "page.html: a citable paragraph without an ID",
    ]


def test_every_page_shows_version_build_date_and_commit(built_book, edition):
    stamp = re.compile(r"Edition version <strong>([^<]+)</strong> · built (\d{4}-\d{2}-\d{2}) · commit <code>([^<]+)</code>")
    for name, html in pages(built_book).items():
        if 'http-equiv="Refresh"' in html or 'http-equiv="refresh"' in html:
            continue  # the redirect from /index.html
        match = stamp.search(html)
        assert match, f"{name} has no build stamp"
        assert match.group(1) == version(edition.root)


def test_emendations_link_to_their_apparatus_entry_and_back(built_book, edition):
    html_pages = pages(built_book)
    for em in edition.emendations.values():
        apparatus = html_pages[f"book/apparatus/{em.source}.html"]
        for place in em.places:
            page = page_of(place.excerpt, html_pages)
            assert f'href="apparatus/{em.source}.html#{em.id}"' in html_pages[page], em.id
            assert f'href="../{page.removeprefix("book/")}#{place.anchor}"' in apparatus, place.anchor


def test_both_views_are_in_the_page_and_the_switch_is_a_button(built_book):
    chapter = (built_book / "book" / "best-sons.html").read_text(encoding="utf-8")
    assert chapter.count('class="diplomatic-text"') >= chapter.count('class="passage ')
    assert 'data-view-switch aria-pressed="false"' in chapter
    assert "edition.js" in chapter and "edition.css" in chapter


def test_annotations_sit_in_the_row_of_their_paragraph(built_book):
    chapter = (built_book / "book" / "best-sons.html").read_text(encoding="utf-8")
    row = re.search(r'<div class="passage-row">(?:(?!<div class="passage-row">).)*?id="best-sons-p475-a2"', chapter, re.S)
    assert row and 'id="best-sons-p475"' in row.group(0)


def test_the_search_index_knows_the_reading_text(built_book):
    import gzip
    import json

    records = {}
    for fragment in (built_book / "pagefind" / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        records[record["url"]] = record
    paragraph = records["book/best-sons.html#best-sons-p455"]
    assert "Kolkhoztsentr" in paragraph["content"] and "Kolkhoztsestr" not in paragraph["content"]
    assert "CSL-JSON" not in paragraph["content"] and "BibTeX" not in paragraph["content"]
    assert paragraph["filters"] == {"kind": ["text"], "work": ["best-sons"]}
    assert "Kolkhoztsestr" in records["book/apparatus/best-sons.html#best-sons-em001"]["content"]
    table = records["book/best-sons.html#best-sons-p475"]  # Table 1, whose cells carry finding flags
    assert "Ivanovo" in table["content"] and "\u2691" not in table["content"]


def test_the_same_inputs_give_the_same_book(tmp_path):
    from conftest import ROOT, jupyter_book
    import filecmp
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    try:
        for run in ("first", "second"):
            assert jupyter_book(ROOT, tmp_path / run).returncode == 0
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    first, second = tmp_path / "first" / "_build" / "html", tmp_path / "second" / "_build" / "html"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [str(f) for f in files if not filecmp.cmp(first / f, second / f, shallow=False)]
    assert not different


def test_trimming_what_a_page_loads_keeps_the_themes_settings_of_that_page(built_book):
    """The theme adds each page's name (and, on a site, its version switcher) to the page's scripts after the
    edition has dropped the assets the page does not use; the edition must not drop those."""
    for page, name in (("book/best-sons.html", "book/best-sons"), ("search.html", "search")):
        html = (built_book / page).read_text(encoding="utf-8")
        assert f"DOCUMENTATION_OPTIONS.pagename = '{name}';" in html, page
