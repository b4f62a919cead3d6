"""Search by passage and lighter pages, in a real browser.

A search leads to the paragraph, note or finding that matches, texts first, with a snippet of the
reading text; its filters narrow the results without a reload and stay in the address.  No page
loads the theme's icon font or Sphinx's search index, and the header keeps named, working controls.
"""

from __future__ import annotations

import re

import pytest

from conftest import pages_of

pytestmark = pytest.mark.build


def results(page, query: str) -> list[dict]:
    """Every result of search.html?<query>, after "Show more" until all are listed."""
    page.goto(f"{page.site}/search.html?{query}" if hasattr(page, "site") else query)
    page.wait_for_function("/found/.test(document.getElementById('edition-search-status').textContent)", timeout=20000)
    while page.locator("#edition-search-more").is_visible():
        count = page.locator("#edition-search-results li").count()
        page.locator("#edition-search-more").click()
        page.wait_for_function(f"document.querySelectorAll('#edition-search-results li').length > {count}")
    return page.evaluate("""() => [...document.querySelectorAll('#edition-search-results li')].map(li => ({
        href: li.querySelector('a').getAttribute('href'), kind: li.dataset.kind,
        where: li.querySelector('.search-result-where').textContent,
        snippet: li.querySelector('.search-result-snippet').textContent}))""")


def test_a_search_for_a_place_lists_a_paragraph_of_the_text_first(site, page):
    found = results(page, f"{site}/search.html?q=Ivanovo")
    assert "best-sons.html#best-sons-p" in found[0]["href"]
    kinds = [r["kind"] for r in found]
    assert kinds.index("text") < min(kinds.index(k) for k in kinds if k != "text")
    assert kinds == sorted(kinds, key=["text", "note", "annotation", "finding", "apparatus", "index", "page"].index)


@pytest.mark.parametrize("plain, separated", [("25000ers", "25,000ers"), ("26380", "26,380")])
def test_a_number_finds_the_same_passages_with_and_without_its_separators(site, page, plain, separated):
    with_plain = {r["href"] for r in results(page, f"{site}/search.html?q={plain}&work=best-sons&kind=text")}
    with_separators = {r["href"] for r in results(page, f"{site}/search.html?q={separated}&work=best-sons&kind=text")}
    assert with_plain and with_plain == with_separators


def test_a_snippet_is_reading_text_never_the_cite_controls_or_the_witness(site, page):
    for query in ("Ivanovo", "Kolkhoztsentr", "Viola"):
        for result in results(page, f"{site}/search.html?q={query}&kind=text"):
            for noise in ("CSL-JSON", "BibTeX", "Download:", "edited by The editors"):
                assert noise not in result["snippet"], (query, result)
            assert not re.search(r"\bcite\b", result["snippet"]), (query, result)
    # the witness's misreading is in the diplomatic view, the tooltips and the apparatus, never in the texts
    page.goto(f"{site}/search.html?q=Kolkhoztsestr&kind=text")
    page.wait_for_function("/Nothing found/.test(document.getElementById('edition-search-status').textContent)")
    kinds = {r["kind"] for r in results(page, f"{site}/search.html?q=Kolkhoztsestr")}
    assert "apparatus" in kinds and not kinds & {"text", "note"}, kinds


def test_the_kind_and_work_filters_narrow_the_results_without_reload_and_stay_in_the_address(site, page):
    everything = results(page, f"{site}/search.html?q=Kolkhoztsentr")
    page.evaluate("window.sameDocument = true")
    page.select_option("#edition-search-kind", "note")
    page.wait_for_function("location.search.includes('kind=note') && /found/.test(document.getElementById('edition-search-status').textContent)")
    notes = page.evaluate("[...document.querySelectorAll('#edition-search-results li')].map(li => li.dataset.kind)")
    assert notes and set(notes) == {"note"} and len(notes) < len(everything)
    page.select_option("#edition-search-kind", "")
    page.select_option("#edition-search-work", "best-sons")
    page.wait_for_function("location.search.includes('work=best-sons') && !location.search.includes('kind=')")
    page.wait_for_function("/found/.test(document.getElementById('edition-search-status').textContent)")
    hrefs = page.evaluate("[...document.querySelectorAll('#edition-search-results li a')].map(a => a.getAttribute('href'))")
    assert hrefs and all("best-sons" in h for h in hrefs)
    assert page.evaluate("window.sameDocument") is True
    assert "q=Kolkhoztsentr" in page.url


def test_a_result_leads_to_its_anchor(site, page):
    results(page, f"{site}/search.html?q=Ivanovo")
    first = page.locator("#edition-search-results li a").first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_url(f"**{href}")
    target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
    assert target == href.split("#")[1]


def test_the_search_results_have_no_serious_accessibility_violation(site, page):
    from axe_playwright_python.sync_playwright import Axe

    results(page, f"{site}/search.html?q=Ivanovo")
    violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations
    assert page.locator("#edition-search-status[aria-live='polite']").count() == 1
    assert page.get_by_label("Words or numbers").count() == 1


def test_no_page_loads_the_icon_font_or_sphinx_search(site, browser, built_book):
    context = browser.new_context()
    loaded = []
    for path in pages_of(built_book):
        page = context.new_page()
        page.on("request", lambda r: loaded.append(r.url))
        page.goto(f"{site}/{path}")
        page.wait_for_load_state("networkidle")
        page.close()
    context.close()
    for name in ("fontawesome", "searchindex.js", "searchtools.js", "language_data.js", ".woff", ".ttf"):
        assert not [u for u in loaded if name in u], name


def test_the_header_controls_have_names_icons_and_work(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site}/book/best-sons.html")
    page.wait_for_load_state("networkidle")
    for name in ("Toggle primary sidebar", "Color mode", "Search", "Fullscreen mode"):
        button = page.get_by_role("button", name=name).first
        assert button.is_visible(), name
        icon = button.locator("i, span.fa-solid").first
        assert icon.evaluate("i => getComputedStyle(i).maskImage.startsWith('url(')"), name
    mode = page.evaluate("document.documentElement.dataset.theme")
    page.get_by_role("button", name="Color mode").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") != mode
    page.get_by_role("button", name="Search").first.click()
    page.keyboard.type("Ivanovo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=Ivanovo*")
    page.wait_for_function("/found/.test(document.getElementById('edition-search-status').textContent)")
    context.close()


def test_the_phone_menu_opens_the_table_of_contents_and_the_desktop_has_one_search_field(site, browser):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    page.goto(f"{site}/book/best-sons.html")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Toggle primary sidebar").first.click()
    navigation = page.locator("#pst-primary-sidebar-modal")
    assert navigation.evaluate("d => d.open")
    assert navigation.get_by_role("link", name="Editorial method").is_visible()
    page.keyboard.press("Escape")
    assert not navigation.evaluate("d => d.open")
    phone.close()
    desktop = browser.new_context(viewport={"width": 1440, "height": 900})
    page = desktop.new_page()
    page.goto(f"{site}/book/best-sons.html")
    page.wait_for_load_state("networkidle")
    fields = page.locator("button.search-button-field")
    assert sum(fields.nth(i).is_visible() for i in range(fields.count())) == 1
    assert page.locator(".bd-sidebar-primary button.search-button-field").is_visible()
    desktop.close()
