"""In a real browser: the front page starts the reader, and the index of names leads to the name itself.

Uses the served book and Chromium of conftest; screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import shoot, in_view
from edition.citation import load_works

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ["best-sons", "class-struggles", "inside-europe", "lenin-stalin-hitler", "second-revolution", "belyi-raion"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def test_on_a_phone_the_front_page_links_all_six_chapters_in_its_body(site, phone):
    phone.goto(f"{site}/book/index.html")
    body = phone.locator("main#main-content article")
    for chapter in CHAPTERS:
        link = body.locator(f"ol.edition-works-chapters a[href='{chapter}.html']")
        assert link.count() == 1, chapter
        link.scroll_into_view_if_needed()
        assert link.is_visible(), f"the link to {chapter} is not visible on a phone"
    phone.evaluate("window.scrollTo(0, 0)")
    shoot(phone, "front-page-phone")


def test_the_works_are_listed_with_the_titles_of_the_bibliographic_record(site, page):
    works = load_works(ROOT / "data" / "bibliography.bib")
    page.goto(f"{site}/book/index.html")
    shown = page.locator("ol.edition-works-chapters a").all_inner_texts()
    titles = [" ".join(t.split()) for t in shown]
    for work in works.values():
        assert work.title.replace("-", "–") in titles, work.title
    bibliography = page.locator("#edition-works-list").inner_text()
    assert "Class Struggles in the USSR. Third Period" in bibliography
    assert "Class struggles" not in bibliography and "third period" not in bibliography


def test_start_reading_leads_to_a_chapter_of_the_sources_and_so_does_next(site, page):
    page.goto(f"{site}/book/index.html")
    start = page.get_by_role("link", name=re.compile("^Start reading"))
    assert start.is_visible() and in_view(page, "p.edition-start a")
    start.click()
    page.wait_for_load_state()
    assert page.url.rsplit("/", 1)[-1].removesuffix(".html") in CHAPTERS
    assert page.locator("section.excerpt").count() > 0
    page.goto(f"{site}/book/index.html")
    following = page.locator("a.right-next").get_attribute("href")
    assert following.removesuffix(".html") in CHAPTERS
    shoot(page, "front-page")
    assert not page.problems


def test_the_front_page_shows_no_checksum_and_no_witness_file(site, page, edition):
    page.goto(f"{site}/book/index.html")
    text = page.locator("main#main-content article").inner_text()
    assert "SHA-256" not in text
    for source in edition.sources.values():
        assert source.witness.file not in text and source.witness.sha256[:12] not in text
    page.goto(f"{site}/book/method.html#source-best-sons")
    assert page.locator("#source-best-sons").is_visible()
    assert edition.sources["best-sons"].witness.file in page.locator("#source-best-sons").inner_text()


def test_a_released_anchor_of_the_source_register_is_forwarded_to_the_method(site, page):
    page.goto(f"{site}/book/index.html#source-class-struggles")
    page.wait_for_url(re.compile(r"method\.html#source-class-struggles$"))
    assert in_view(page, "#source-class-struggles")


def test_the_kinds_of_name_are_headings_and_the_a_to_z_links_jump(site, page):
    page.goto(f"{site}/book/index-of-names.html")
    for kind, heading in [("person", "People"), ("place", "Places"), ("institution", "Institutions"), ("event", "Events")]:
        assert page.locator(f"section#index-{kind} > h2").inner_text().startswith(heading)
    letters = page.locator("section#index-person nav.index-az a")
    assert letters.count() > 15
    link = page.locator("section#index-person nav.index-az a", has_text=re.compile("^S$"))
    link.click()
    assert page.evaluate("location.hash") == "#index-person-s"
    assert page.evaluate("document.querySelector('#index-person-s').tagName") == "H3"
    assert in_view(page, "#index-person-s")
    assert page.locator("#index-person-s + dl dt").first.inner_text().startswith("S")
    shoot(page, "index-of-names-letter")
    assert not page.problems


def test_stalins_locators_follow_the_text_and_name_no_bare_witness_line(site, page):
    page.goto(f"{site}/book/index-of-names.html#name-stalin")
    places = page.locator("#name-stalin + dd .name-places")
    labels = places.locator("a").all_inner_texts()
    assert len(labels) > 20
    assert not [label for label in labels if re.fullmatch(r"(¶|note) [\d-]+", label)]
    works = places.locator("cite").all_inner_texts()
    assert works.index("The Best Sons of the Fatherland") < works.index("Class Struggles in the USSR, Third Period, Part One")
    pages = [int(re.match(r"pp?\. (\d+)", label).group(1)) for label in labels if label.startswith("p")]
    assert pages[:4] == sorted(pages[:4])  # Bettelheim's first excerpts, in the order of the book
    shoot(page, "index-of-names-stalin")


def test_following_a_locator_marks_the_name_in_the_passage(site, page, edition):
    page.goto(f"{site}/book/index-of-names.html#name-stalin")
    page.locator("#name-stalin + dd a", has_text="p. 8").first.click()
    page.wait_for_url(re.compile(r"class-struggles\.html\?name=stalin#class-struggles-p928$"))
    marks = page.locator("#class-struggles-p928 .reading-text mark.name-mark")
    marks.first.wait_for()
    assert marks.all_inner_texts() == ["Stalin"]
    assert in_view(page, "#class-struggles-p928 mark.name-mark")
    shoot(page, "index-of-names-marked")
    # a form the reading text prints with an apostrophe, and a note
    page.goto(f"{site}/book/second-revolution.html?name=stalin#second-revolution-p7")
    page.locator("#second-revolution-p7 mark.name-mark").first.wait_for()
    forms = next(n.forms for n in edition.index.names if n.id == "stalin")
    for text in page.locator("#second-revolution-p7 mark.name-mark").all_inner_texts():
        assert text in forms, text
    assert not page.problems


def test_the_address_cannot_put_markup_into_the_page_and_without_script_the_paragraph_is_still_shown(site, page, browser):
    for name in ("%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "__proto__", "Stalin%3Cb%3E"):
        page.goto(f"{site}/book/best-sons.html?name={name}#best-sons-p455")
        page.wait_for_load_state("networkidle")
        assert page.locator("#best-sons-p455 img, #best-sons-p455 mark, #best-sons-p455 b").count() == 0
    page.goto(f"{site}/book/best-sons.html?name=kolkhoztsentr#best-sons-p455")
    page.locator("#best-sons-p455 mark.name-mark").first.wait_for()
    assert page.locator("#best-sons-p455 img").count() == 0
    assert "Kolkhoztsentr" in page.locator("#best-sons-p455 mark.name-mark").all_inner_texts()
    assert page.locator("#best-sons-p455 .em-tip mark").count() == 0  # the tooltip's witness reading is not the text
    assert not page.problems
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 1000})
    plain = context.new_page()
    plain.goto(f"{site}/book/best-sons.html?name=kolkhoztsentr#best-sons-p455")
    assert plain.locator("mark.name-mark").count() == 0
    assert plain.locator("#best-sons-p455:target").count() == 1
    assert plain.locator("#best-sons-p455").evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    context.close()
