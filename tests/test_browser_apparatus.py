"""The apparatus in a real browser: one page per source, filters kept in the address, old addresses forwarded,
and no table wider than its column on a desktop or a phone."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import in_view, shoot

pytestmark = pytest.mark.build

COLUMN_OVERFLOW = """() => {
    const column = document.querySelector('article.bd-article');
    return [...column.querySelectorAll('table')]
        .filter(t => t.getBoundingClientRect().width > column.clientWidth + 1 || t.scrollWidth > t.clientWidth + 1)
        .map(t => (t.querySelector('caption') || t).textContent.slice(0, 60) + ': ' + t.scrollWidth + ' in ' + column.clientWidth);
}"""


def shown_rows(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('tr.apparatus-entry')]
        .filter(r => r.offsetParent !== null)
        .map(r => ({type: r.dataset.type, excerpts: r.dataset.excerpts.split(' '), id: r.id}))""")


def highlighted(page, anchor: str) -> bool:
    return page.evaluate(f"""() => {{
        const target = document.querySelector(':target');
        return Boolean(target && target.id === '{anchor}' && target.offsetParent !== null
                       && getComputedStyle(target).outlineStyle !== 'none');
    }}""")


def test_each_source_has_its_apparatus_page_listed_in_the_overview(site, page, edition):
    page.goto(f"{site}/book/apparatus.html")
    for source in edition.sources:
        assert page.locator(f"table.apparatus-sources a[href='apparatus/{source}.html']").count() == 1, source
        page.goto(f"{site}/book/apparatus/{source}.html")
        rows = page.locator("tr.apparatus-entry[data-cite='emendation']")
        assert sorted(rows.evaluate_all("rs => rs.map(r => r.id)")) == sorted(em.id for em in edition.emendations_of(source))
        page.goto(f"{site}/book/apparatus.html")
    assert not page.problems


def test_the_old_address_of_an_entry_forwards_to_its_sources_page_and_highlights_it(site, page):
    page.goto(f"{site}/book/apparatus.html#best-sons-em001")
    page.wait_for_url("**/book/apparatus/best-sons.html#best-sons-em001")
    page.wait_for_load_state("networkidle")
    assert highlighted(page, "best-sons-em001") and in_view(page, "[id='best-sons-em001']")
    shoot(page, "apparatus-forwarded")
    assert not page.problems


def test_filtering_by_type_hides_the_other_rows_and_writes_the_address(site, page):
    page.goto(f"{site}/book/apparatus/best-sons.html")
    everything = shown_rows(page)
    page.select_option("form.apparatus-filter select[name=type]", "spelling")
    rows = shown_rows(page)
    assert rows and len(rows) < len(everything) and {r["type"] for r in rows} == {"spelling"}
    assert page.url.endswith("/book/apparatus/best-sons.html?type=spelling")
    page.select_option("form.apparatus-filter select[name=excerpt]", "best-sons-ex01")
    assert page.url.endswith("?excerpt=best-sons-ex01&type=spelling")
    assert all("best-sons-ex01" in r["excerpts"] and r["type"] == "spelling" for r in shown_rows(page))
    assert page.locator("section.apparatus-part[data-excerpt='best-sons-ex02']").is_hidden()
    page.select_option("form.apparatus-filter select[name=type]", "")
    page.select_option("form.apparatus-filter select[name=excerpt]", "")
    assert len(shown_rows(page)) == len(everything) and page.url.endswith("/book/apparatus/best-sons.html")
    assert not page.problems


def test_a_filtered_address_applies_its_filter_and_a_deep_link_still_shows_its_entry(site, page):
    page.goto(f"{site}/book/apparatus/class-struggles.html?excerpt=class-struggles-ex03&type=ocr")
    assert page.input_value("select[name=excerpt]") == "class-struggles-ex03" and page.input_value("select[name=type]") == "ocr"
    rows = shown_rows(page)
    assert rows and all(r["type"] == "ocr" and "class-struggles-ex03" in r["excerpts"] for r in rows)
    assert "of" in page.locator(".apparatus-filter-status").inner_text()
    page.goto(f"{site}/book/apparatus/best-sons.html?type=spelling#best-sons-em001")  # em001 is of type ocr
    page.wait_for_load_state("networkidle")
    assert highlighted(page, "best-sons-em001") and in_view(page, "[id='best-sons-em001']")
    assert all(r["type"] == "spelling" or r["id"] == "best-sons-em001" for r in shown_rows(page))
    assert not page.problems


def test_without_javascript_every_entry_shows_and_no_filter_is_offered(site, browser, edition):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/book/apparatus/best-sons.html?type=spelling")
    assert page.locator("form.apparatus-filter").is_hidden()
    assert page.locator("tr.apparatus-entry[data-cite='emendation']:visible").count() == len(edition.emendations_of("best-sons"))
    context.close()


@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)])
def test_no_apparatus_table_is_wider_than_its_column(site, browser, edition, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for path in ["book/apparatus.html", *[f"book/apparatus/{s}.html" for s in edition.sources]]:
        page.goto(f"{site}/{path}")
        assert page.evaluate(COLUMN_OVERFLOW) == [], path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    page.goto(f"{site}/book/apparatus/class-struggles.html#apparatus-class-struggles-families")
    shoot(page, f"apparatus-families-{width}")
    context.close()


def test_a_long_witness_reading_wraps_inside_its_cell(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site}/book/apparatus/class-struggles.html")
    widest = page.evaluate("""() => {
        const cells = [...document.querySelectorAll('td.em-witness')];
        const longest = cells.reduce((a, b) => b.textContent.length > a.textContent.length ? b : a);
        return {length: longest.textContent.length, lines: Math.round(longest.getBoundingClientRect().height /
                parseFloat(getComputedStyle(longest).lineHeight)), overflows: longest.scrollWidth > longest.clientWidth + 1,
                wrap: getComputedStyle(longest).overflowWrap};
    }""")
    assert widest["length"] > 40 and widest["wrap"] == "anywhere" and not widest["overflows"] and widest["lines"] > 1
    context.close()


def test_places_on_one_line_are_counted_once(site, page, edition):
    family = edition.emendations["best-sons-em001"]
    lines = Counter((p.excerpt.rsplit("-", 1)[-1], p.line) for p in family.places)
    (excerpt, line), times = lines.most_common(1)[0]
    assert times > 1
    page.goto(f"{site}/book/apparatus/best-sons.html")
    cell = page.locator(f"[id='{family.id}'] td.em-places")
    text = cell.evaluate("c => [...c.childNodes].filter(n => !(n.tagName === 'DETAILS')).map(n => n.textContent).join('')")
    assert text.count(f"{excerpt} l. {line}") == 1 and f"{excerpt} l. {line} (×{times})" in text
    assert cell.locator("details.family-places li").count() == len(family.places)
    assert not page.problems
