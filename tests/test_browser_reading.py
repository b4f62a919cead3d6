"""Reading a chapter in a real browser: display layers, popovers, the cite affordance, tables that fit,
the diplomatic view's lines.

The built book is served on 127.0.0.1 and read in Debian's Chromium (fixtures in conftest.py).
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import pages_of, shoot

pytestmark = pytest.mark.build

CHAPTERS = ["best-sons", "class-struggles", "inside-europe", "lenin-stalin-hitler", "second-revolution", "belyi-raion"]

# Marks shown in the reading text, and the words of the reading text (tips, cite controls, diplomatic view excluded).
COUNT_MARKS = """() => {
    const marks = [...document.querySelectorAll('.excerpt .reading-text .emendation > a.em')];
    const shown = marks.filter(a => {
        const style = getComputedStyle(a);
        return style.textDecorationLine !== 'none' || style.backgroundColor !== 'rgba(0, 0, 0, 0)';
    }).length;
    let words = 0;
    for (const block of document.querySelectorAll('.excerpt .reading-text')) {
        const copy = block.cloneNode(true);
        copy.querySelectorAll('.em-tip, details.cite, .edition-popover').forEach(e => e.remove());
        words += copy.textContent.split(/\\s+/).filter(Boolean).length;
    }
    return {shown, all: marks.length, words};
}"""


def marks_per_thousand_words(page) -> tuple[float, dict]:
    counts = page.evaluate(COUNT_MARKS)
    return 1000 * counts["shown"] / max(counts["words"], 1), counts


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_at_the_default_level_a_chapter_carries_at_most_ten_marks_per_thousand_words(site, page, chapter):
    page.goto(f"{site}/book/{chapter}.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.dataset.editionMarks") == "significant"
    rate, counts = marks_per_thousand_words(page)
    assert rate <= 10, f"{chapter}: {counts['shown']} marks in {counts['words']} words ({rate:.1f} per 1,000)"


def test_the_marks_control_cycles_through_the_levels_and_holds_on_the_next_page(site, page):
    page.goto(f"{site}/book/belyi-raion.html")
    page.wait_for_load_state("networkidle")
    group = page.locator("[data-marks-switch]").first
    assert group.is_visible()
    seen = {}
    for level in ("all", "clean", "significant"):
        group.locator(f"button[data-marks='{level}']").click()
        assert group.locator(f"button[data-marks='{level}']").get_attribute("aria-pressed") == "true"
        seen[level] = page.evaluate(COUNT_MARKS)["shown"]
    assert seen["all"] > seen["significant"] > seen["clean"] == 0, seen
    # by keyboard alone, and remembered on another chapter
    group.locator("button[data-marks='all']").focus()
    page.keyboard.press("Enter")
    page.goto(f"{site}/book/class-struggles.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.dataset.editionMarks") == "all"
    assert page.locator("[data-marks-switch] button[data-marks='all']").first.get_attribute("aria-pressed") == "true"
    assert not page.problems


def test_a_routine_repair_is_silent_at_the_default_level_but_keeps_its_anchor_and_entry(site, page):
    page.goto(f"{site}/book/belyi-raion.html#belyi-raion-n102")
    page.wait_for_load_state("networkidle")
    routine = page.locator("#belyi-raion-n102 .em-routine > a.em").first
    assert routine.get_attribute("id") and "apparatus" in routine.get_attribute("href")
    assert routine.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    assert routine.get_attribute("tabindex") == "-1", "a mark that is not shown stays out of the tab order"
    shoot(page, "marks-significant-belyi-raion-n102")
    page.locator("[data-marks-switch] button[data-marks='all']").first.click()
    page.locator("#belyi-raion-n102").scroll_into_view_if_needed()
    assert routine.evaluate("a => getComputedStyle(a).textDecorationLine") != "none"
    assert routine.get_attribute("tabindex") is None
    shoot(page, "marks-all-belyi-raion-n102")
    page.locator("[data-marks-switch] button[data-marks='clean']").first.click()
    page.locator("#belyi-raion-n102").scroll_into_view_if_needed()
    shoot(page, "marks-clean-belyi-raion-n102")


def test_without_javascript_the_default_level_shows(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/book/belyi-raion.html")
    routine = page.locator(".reading-text .em-routine > a.em").first
    significant = page.locator(".reading-text .em-significant > a.em").first
    assert routine.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    assert significant.evaluate("a => getComputedStyle(a).textDecorationLine") != "none"
    context.close()


def test_a_note_call_shows_its_note_on_hover_focus_and_tap_and_escape_closes_it(site, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/book/best-sons.html#best-sons-p455")
    page.wait_for_load_state("networkidle")
    call = page.locator("#best-sons-p455 .note-call a").first
    note_text = page.locator("#best-sons-n2-1 .reading-text").inner_text().replace("↩", "").strip()
    popover = page.locator(".edition-popover")
    call.hover()
    assert popover.is_visible() and note_text[:20] in popover.inner_text()
    assert popover.locator("a.popover-link").get_attribute("href") == "#best-sons-n2-1"
    shoot(page, "note-popover")
    page.keyboard.press("Escape")
    assert popover.count() == 0
    page.mouse.move(0, 0)
    call.focus()
    assert popover.is_visible()
    page.keyboard.press("Tab")  # the focus moves on, into the popover's link: it is not trapped
    assert page.evaluate("document.activeElement.className") == "popover-link"
    page.keyboard.press("Tab")  # and on, out of it: the note's popover closes (the next control may open its own)
    assert page.evaluate("!document.activeElement.closest('.edition-popover')")
    assert popover.count() == 0 or popover.locator("a.popover-link").get_attribute("href") != "#best-sons-n2-1"
    context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{site}/book/best-sons.html#best-sons-p455")
    page.wait_for_load_state("networkidle")
    page.locator("#best-sons-p455 .note-call a").first.tap()
    assert page.locator(".edition-popover").is_visible(), "the first tap shows the note"
    assert page.url.endswith("#best-sons-p455"), "the first tap does not leave the passage"
    shoot(page, "note-popover-phone")
    phone.close()


def test_on_touch_the_first_tap_on_an_emendation_shows_its_reason_with_the_link_to_the_apparatus(site, browser):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{site}/book/belyi-raion.html")
    page.wait_for_load_state("networkidle")
    mark = page.locator(".reading-text .em-significant > a.em").first
    mark.scroll_into_view_if_needed()
    mark.tap()
    popover = page.locator(".edition-popover")
    assert popover.is_visible() and "witness" in popover.inner_text().lower()
    assert "apparatus" in popover.locator("a.popover-link").get_attribute("href")
    assert "belyi-raion.html" in page.url
    shoot(page, "emendation-tap-phone")
    phone.close()


def test_a_glossary_term_shows_its_definition(site, page):
    page.goto(f"{site}/book/best-sons.html")
    page.wait_for_load_state("networkidle")
    term = page.locator(".reading-text a.gloss").first
    term.scroll_into_view_if_needed()
    term.hover()
    popover = page.locator(".edition-popover")
    definition = term.get_attribute("data-definition")
    assert len(definition) > 20 and definition[:30] in popover.inner_text()


def test_every_back_link_of_a_note_leads_to_its_call(built_book):
    dead = []
    for path in pages_of(built_book):
        soup = BeautifulSoup((built_book / path).read_text(encoding="utf-8"), "html.parser")
        ids = {e["id"] for e in soup.select("[id]")}
        dead += [f"{path}{a['href']}" for a in soup.select("a.backref") if a["href"].lstrip("#") not in ids]
    assert not dead, dead


def test_the_cite_affordance_is_in_the_margin_not_a_line_under_every_paragraph(site, page):
    page.goto(f"{site}/book/best-sons.html#best-sons-p459")
    page.wait_for_load_state("networkidle")
    passage, text = page.locator("#best-sons-p459"), page.locator("#best-sons-p459 .reading-text")
    summary = page.locator("#best-sons-p459 > details.cite summary")
    page.mouse.move(0, 0)
    assert summary.evaluate("s => getComputedStyle(s).opacity") == "0"
    box, text_box = summary.bounding_box(), text.bounding_box()
    assert box["x"] + box["width"] <= text_box["x"], "the control sits in the margin, left of the text"
    assert passage.bounding_box()["height"] <= text_box["height"] + 20, "no line of its own under the paragraph"
    summary.focus()
    assert summary.evaluate("s => getComputedStyle(s).opacity") == "1", "keyboard focus shows it"
    page.keyboard.press("Enter")
    text = page.locator("#best-sons-p459 .cite-text")
    page.wait_for_function("() => (document.querySelector('#best-sons-p459 .cite-text')?.textContent || '').includes('best-sons-p459')")
    assert text.is_visible() and "Viola" in text.inner_text()
    shoot(page, "cite-open")


def test_the_excerpt_header_keeps_the_witness_file_and_hash_behind_a_disclosure(site, page):
    page.goto(f"{site}/book/best-sons.html#best-sons-ex01")
    head = page.locator("#best-sons-ex01 .excerpt-head")
    assert "best-sons-ex01" in head.inner_text() and "witness lines" in head.inner_text()
    assert not head.locator(".sha").is_visible()
    head.locator(".witness-details summary").click()
    assert head.locator(".sha").is_visible() and len(head.locator(".sha").inner_text()) == 64


def test_the_totals_of_best_sons_table_1_scroll_into_view_with_their_row_label(site, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/book/best-sons.html#best-sons-t1")
    page.wait_for_load_state("networkidle")
    frame = page.locator("#best-sons-t1 .table-scroll")
    assert page.locator("#best-sons-t1 + .table-more, #best-sons-t1 .table-more").first.is_visible(), "a cue says more columns follow"
    cell, label = page.locator("#best-sons-t1-totals-total"), page.locator("#best-sons-t1-totals")
    frame.evaluate("f => f.scrollLeft = f.scrollWidth")
    frame_box, cell_box, label_box = frame.bounding_box(), cell.bounding_box(), label.bounding_box()
    assert frame_box["x"] <= cell_box["x"] and cell_box["x"] + cell_box["width"] <= frame_box["x"] + frame_box["width"] + 1
    assert frame_box["x"] <= label_box["x"] + 1 and label_box["x"] + label_box["width"] < cell_box["x"], "the row label stays"
    assert page.evaluate("""() => { const r = document.querySelector('#best-sons-t1-totals').getBoundingClientRect();
        const e = document.elementFromPoint(r.x + 5, r.y + r.height / 2); return e && e.closest('th') && e.closest('th').id; }""") \
        == "best-sons-t1-totals", "the row label is not covered by the scrolled cells"
    shoot(page, "table-1-scrolled")
    context.close()


def test_a_flagged_cell_shows_printed_and_computed_value_and_its_finding_on_focus(site, page, edition):
    finding = next(f for f in edition.findings() if f.anchor == "best-sons-t1-totals-total")
    page.goto(f"{site}/book/best-sons.html#best-sons-t1")
    page.wait_for_load_state("networkidle")
    flag = page.locator("#best-sons-t1-totals-total a.finding-flag").first
    assert flag.get_attribute("title") is None
    flag.focus()
    popover = page.locator(".edition-popover")
    assert popover.is_visible()
    shown = popover.inner_text()
    assert finding.printed in shown and finding.computed in shown and finding.id in shown
    assert "findings.html#" + finding.id in popover.locator("a.popover-link").get_attribute("href")


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_no_table_of_a_chapter_is_wider_than_its_column_without_its_own_scroll_frame(site, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems = []
    for chapter in CHAPTERS:
        page.goto(f"{site}/book/{chapter}.html")
        problems += page.evaluate("""(chapter) => [...document.querySelectorAll('article table')].flatMap(table => {
            const frame = table.closest('.table-scroll');
            const column = (frame || table).parentElement;
            if (frame && ['auto', 'scroll'].includes(getComputedStyle(frame).overflowX)
                && frame.getBoundingClientRect().width <= column.getBoundingClientRect().width + 1) return [];
            return table.getBoundingClientRect().width > column.getBoundingClientRect().width + 1
                ? [`${chapter}: ${table.id || table.className}`] : [];
        })""", chapter)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{chapter} scrolls sideways by {overflow}px")
    context.close()
    assert not problems, problems


def test_the_diplomatic_view_keeps_one_witness_line_per_visual_line(site, browser):
    for width, height in ((1440, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_init_script("window.localStorage.setItem('edition-view', 'diplomatic')")
        page = context.new_page()
        page.goto(f"{site}/book/belyi-raion.html")
        page.wait_for_load_state("networkidle")
        wrapped = page.evaluate("""() => [...document.querySelectorAll('.diplomatic-text .wline')]
            .filter(l => l.offsetParent !== null)
            .filter(l => l.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(l).lineHeight || 16))
            .map(l => l.id)""")
        assert not wrapped, f"at {width}px these witness lines wrap: {wrapped[:5]}"
        # the numbers count from the block's first witness line (w18 is the first line of note 76)
        assert page.evaluate("getComputedStyle(document.getElementById('belyi-raion-w18'), '::before').content") \
            == "counter(wline)"
        assert page.evaluate("getComputedStyle(document.getElementById('belyi-raion-w18').parentElement).counterReset") \
            == "wline 17"
        assert page.evaluate("document.getElementById('belyi-raion-w18').previousElementSibling") is None
        if width == 1440:
            shoot(page, "diplomatic-lines")
        context.close()
