"""The reader's experience in a real browser: links, views, tooltips, search, keyboard, small screens, accessibility.

The book is built once, served on 127.0.0.1, and read in Debian's Chromium
driven by Playwright.  Without a browser these tests skip and say why; with
CI=true a missing browser is a failure, so CI always runs them.  Screenshots
of each page type are written to test-artifacts/.
"""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS, pages_of, shoot, in_view

pytestmark = pytest.mark.build


@pytest.mark.parametrize(
    "path, anchor, name",
    [
        ("book/best-sons.html", "best-sons-p461", "paragraph"),
        ("book/best-sons.html", "best-sons-n2-14", "endnote"),
        ("book/best-sons.html", "best-sons-em002", "emendation"),
        ("book/best-sons.html", "best-sons-t1-totals-total", "table-cell"),
        ("book/findings.html", "best-sons-t1-column-sum-total", "finding"),
    ],
)
def test_a_deep_link_scrolls_its_target_into_view_and_highlights_it(site, page, path, anchor, name):
    page.goto(f"{site}/{path}#{anchor}")
    page.wait_for_load_state("networkidle")
    selector = f"[id='{anchor}']"
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == anchor
    assert in_view(page, selector)
    style = page.evaluate(f"getComputedStyle(document.querySelector(\"{selector}\")).outlineStyle")
    assert style != "none", f"#{anchor} is not highlighted"
    shoot(page, f"deep-link-{name}")
    assert not page.problems


def test_the_view_switch_changes_the_text_and_holds_on_the_next_page(site, page):
    page.goto(f"{site}/book/best-sons.html")
    reading, witness = page.locator("#best-sons-p455 .reading-text"), page.locator("#best-sons-w455")
    assert reading.is_visible() and not witness.is_visible()
    page.locator("[data-view-switch]").first.click()
    assert witness.is_visible() and not reading.is_visible()
    assert page.locator("[data-view-switch]").first.get_attribute("aria-pressed") == "true"
    shoot(page, "chapter-diplomatic")
    page.goto(f"{site}/book/class-struggles.html")
    assert page.evaluate("document.documentElement.dataset.editionView") == "diplomatic"
    assert page.locator("#class-struggles-w9983").is_visible()
    page.locator("[data-view-switch]").first.click()
    page.goto(f"{site}/book/best-sons.html")
    assert page.locator("#best-sons-p455 .reading-text").is_visible()
    assert not page.problems


def test_an_emendation_shows_its_witness_reading_on_hover_and_on_keyboard_focus(site, page):
    page.goto(f"{site}/book/best-sons.html")
    page.wait_for_load_state("networkidle")
    page.locator("[data-marks-switch] button[data-marks='all']").first.click()
    popover = page.locator(".edition-popover")
    assert popover.count() == 0
    page.locator("#best-sons-em001").hover()
    assert popover.is_visible() and "Kolkhoztsestr" in popover.inner_text()
    page.mouse.move(0, 0)
    page.locator("#best-sons-em002").focus()
    tip = " ".join(page.locator("#best-sons-em002-tip").text_content().split())
    assert popover.is_visible() and tip in " ".join(popover.text_content().split())
    shoot(page, "emendation-focus")


@pytest.mark.parametrize("query, expected", [("Kolkhoztsentr", "best-sons.html"),
                                             ("best-sons-t1-column-sum-total", "findings.html")])
def test_the_search_box_finds_a_witness_term_and_a_finding(site, page, query, expected):
    page.goto(f"{site}/search.html?q={query}")
    results = page.locator("#edition-search-results li.search-result a")
    results.first.wait_for(timeout=20000)
    assert any(expected in href for href in results.evaluate_all("links => links.map(a => a.href)"))


def test_every_page_loads_without_console_error_or_failed_request(site, browser, built_book):
    context = browser.new_context()
    problems = []
    for path in pages_of(built_book):
        page = context.new_page()
        page.on("console", lambda m, p=path: problems.append(f"{p}: console {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e, p=path: problems.append(f"{p}: {e}"))
        page.on("requestfailed", lambda r, p=path: problems.append(f"{p}: failed {r.url}"))
        page.on("response", lambda r, p=path: problems.append(f"{p}: HTTP {r.status} {r.url}") if r.status >= 400 else None)
        page.goto(f"{site}/{path}")
        page.wait_for_load_state("networkidle")
        page.close()
    context.close()
    assert not problems


def test_keyboard_only_navigation_reaches_every_control(site, page):
    page.goto(f"{site}/book/best-sons.html")
    controls = page.evaluate(
        """() => Array.from(document.querySelectorAll('main a[href], main button, main [tabindex="0"]'))
               .filter(e => e.offsetParent !== null && !e.closest('details:not([open]) > :not(summary)')
                            && e.getAttribute('tabindex') !== '-1')
               .map((e, i) => { e.dataset.control = i; return e.id || e.outerHTML.slice(0, 80); })"""
    )
    reached = set()
    for _ in range(2 * len(controls) + 400):  # a popover's link is a stop of its own after its trigger
        page.keyboard.press("Tab")
        index = page.evaluate("document.activeElement.dataset.control")
        if index is not None:
            reached.add(controls[int(index)])
        if set(controls) <= reached:
            break
    missing = [c for c in controls if c not in reached]
    assert not missing, f"{len(missing)} controls never get the focus, e.g. {missing[:3]}"


def test_on_a_phone_annotations_sit_below_their_passage_and_nothing_scrolls_sideways(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    for path in ("book/best-sons.html", "book/class-struggles.html", "book/findings.html", "book/index.html"):
        page.goto(f"{site}/{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    page.goto(f"{site}/book/best-sons.html#best-sons-p455")
    passage = page.locator("#best-sons-p455").bounding_box()
    note = page.locator("#best-sons-p455-a1").bounding_box()
    assert note["y"] >= passage["y"] + passage["height"] - 1
    shoot(page, "phone-chapter")
    context.close()


def test_no_page_has_a_serious_or_critical_accessibility_violation(site, browser, built_book):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems = []
    for path in pages_of(built_book):
        page.goto(f"{site}/{path}")
        page.wait_for_load_state("networkidle")
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    context.close()
    assert not problems, "\n".join(problems)


def test_screenshots_of_each_page_type(site, page):
    for path, name in [("book/index.html", "introduction"), ("book/method.html", "method"),
                       ("book/best-sons.html#best-sons-ex02", "chapter-reading"), ("book/apparatus.html", "apparatus"),
                       ("book/findings.html", "register"), ("notebooks/best-sons-tables.html", "notebook")]:
        page.goto(f"{site}/{path}")
        page.wait_for_load_state("networkidle")
        shoot(page, name)
    assert len(list(ARTIFACTS.glob("*.png"))) >= 6
