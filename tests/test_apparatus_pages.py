"""The apparatus, one page per source: every entry once on its source's page, places on one line counted
once, filters that change nothing without JavaScript, and old addresses forwarded by moved prefixes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition import render
from edition.apparatus import Emendation, Place
from edition.datafiles import EditionError, Located, load_yaml
from edition.releases import Redirects, load_redirects, registry

ROOT = Path(__file__).resolve().parents[1]
WHERE = Located("emendations.yaml", 1)


def places(*lines: int, excerpt: str = "demo-ex06") -> tuple[Place, ...]:
    anchors = ["demo-em001"] + [f"demo-em001-{k}" for k in range(2, len(lines) + 1)]
    return tuple(Place(excerpt, line, None, anchor, WHERE) for line, anchor in zip(lines, anchors))


def page_of(edition, source: str) -> str:
    links = render.Links(excerpt_pages={e: f"../{edition.excerpts[e].source}.html" for e in edition.excerpts})
    return render.apparatus_html(edition.sources[source], list(edition.rules[source].rules.values()),
                                 edition.emendations_of(source), edition.excerpts_of(source), links,
                                 edition.emendation_types)


def test_five_places_on_one_line_are_one_locator_counted_and_linking_to_the_first():
    links = render.Links(excerpt_pages={"demo-ex06": "demo.html"})
    html = render.places_html(places(825, 825, 825, 825, 825, 827), links)
    assert html.count("l. 825") == 1
    assert '<a href="demo.html#demo-em001">ex06 l. 825</a> <span class="place-times">(×5)</span>' in html
    assert '<a href="demo.html#demo-em001-6">ex06 l. 827</a>' in html and "(×1)" not in html


def test_a_family_whose_places_collapse_still_links_each_place_by_its_anchor():
    em = Emendation("demo-em001", "demo", "ocr", "Kolkhoztsestr", "Kolkhoztsentr", "n read as s",
                    places(821, 825, 825, 825, 825, 825), WHERE)
    html = render.families_html([em], render.Links(excerpt_pages={"demo-ex06": "demo.html"}), {"ocr": "a misreading"})
    locators = html.split('<details class="family-places">')[0]
    assert locators.count("ex06 l. 825") == 1 and "(×5)" in locators
    for place in em.places:
        assert f'href="demo.html#{place.anchor}"><code>{place.anchor}</code>' in html


def test_each_source_has_its_page_with_every_rule_and_emendation_of_the_data_once(edition):
    for source in edition.sources:
        html = page_of(edition, source)
        for em in edition.emendations_of(source):
            assert html.count(f'id="{em.id}"') == 1, em.id
            assert len(re.findall(rf'<tr class="apparatus-entry[^"]*" id="{em.id}" data-cite="emendation"', html)) == 1
        for rule in edition.rules[source].rules.values():
            assert html.count(f'id="{rule.anchor}"') == 1, rule.anchor
        others = [em.id for s in edition.sources if s != source for em in edition.emendations_of(s)]
        assert not any(f'id="{other}"' in html for other in others)


def test_every_row_names_its_type_and_excerpts_for_the_filter(edition):
    html = page_of(edition, "best-sons")
    for em in edition.emendations_of("best-sons"):
        row = re.search(rf'<tr [^>]*id="{em.id}"[^>]*>', html).group(0)
        assert f'data-type="{em.type}"' in row
        assert f'data-excerpts="{" ".join(sorted({p.excerpt for p in em.places}))}"' in row


def test_the_filter_is_hidden_without_javascript_and_offers_only_what_the_page_has(edition):
    html = page_of(edition, "inside-europe")
    form = re.search(r'<form class="apparatus-filter"[^>]*>.*?</form>', html).group(0)
    assert " hidden " in form.split(">", 1)[0] + " "
    types = {em.type for em in edition.emendations_of("inside-europe")}
    assert set(re.findall(r'<option value="([a-z-]+)">', form.split('name="type"')[1])) == types
    assert not re.search(r'<tr[^>]* hidden', html)


def test_long_witness_readings_are_escaped_and_may_wrap(edition):
    em = Emendation("demo-em009", "demo", "ocr", "<b>" + "x" * 120, "y", "a long mark", places(10), WHERE)
    excerpt = edition.excerpts["best-sons-ex06"]
    em = Emendation(em.id, em.source, em.type, em.witness, em.reading, em.reason,
                    (Place(excerpt.id, 10, None, em.id, WHERE),), WHERE)
    row = render.emendations_html([em], excerpt, render.Links(), {"ocr": "a misreading"})
    assert '<td data-label="witness" class="em-witness">&lt;b&gt;' + "x" * 120 in row and "<b>" not in row
    css = (ROOT / "src" / "edition" / "static" / "edition.css").read_text(encoding="utf-8")
    rule = re.search(r"\.apparatus-emendations \.em-witness, \.apparatus-emendations \.em-reading \{([^}]*)\}", css)
    assert "overflow-wrap: anywhere" in rule.group(1) and "nowrap" not in rule.group(1)


def test_the_overview_lists_each_source_with_its_counts(edition):
    counts = {s: (len(edition.rules[s].rules), len(edition.emendations_of(s)),
                  sum(len(em.places) for em in edition.emendations_of(s))) for s in edition.sources}
    html = render.apparatus_sources_html(list(edition.sources.values()), counts,
                                         {s: f"apparatus/{s}.html" for s in edition.sources})
    for source in edition.sources:
        rules, emendations, places_ = counts[source]
        assert re.search(rf'href="apparatus/{source}.html">.*?</a></td><td data-label="rules">{rules}</td>'
                         rf'<td data-label="emendations">{emendations}</td><td data-label="places">{places_}</td>', html)


# --- old addresses: fragments that moved by prefix ------------------------------------------------------------


def test_a_moved_prefix_forwards_each_fragment_but_a_fragment_listed_by_name_wins():
    redirects = Redirects(
        fragments={"book/apparatus.html#best-sons-of-old": "book/apparatus/best-sons.html#apparatus-best-sons"},
        moved=[{"page": "book/apparatus.html", "prefix": "best-sons-", "to": "book/apparatus/best-sons.html"}])
    assert redirects.forward("book/apparatus.html#best-sons-em001") == "book/apparatus/best-sons.html#best-sons-em001"
    assert redirects.forward("book/apparatus.html#best-sons-of-old") == "book/apparatus/best-sons.html#apparatus-best-sons"
    assert redirects.forward("book/apparatus.html#class-struggles-em001") == "book/apparatus.html#class-struggles-em001"
    assert redirects.forward("book/best-sons.html#best-sons-em001") == "book/best-sons.html#best-sons-em001"
    assert redirects.forward("book/apparatus.html") == "book/apparatus.html"


def test_every_apparatus_anchor_of_0_1_0_is_forwarded_to_its_sources_page(edition):
    redirects = load_redirects(ROOT / "data")
    for anchor in registry(ROOT / "data", "0.1.0"):
        page, _, fragment = anchor.partition("#")
        source = next((s for s in edition.sources if fragment.startswith(f"{s}-")), None)
        if page == "book/apparatus.html" and source and (fragment in edition.emendations or "-rule-" in fragment):
            assert redirects.forward(anchor) == f"book/apparatus/{source}.html#{fragment}"


def test_a_moved_entry_without_its_prefix_is_a_clear_error(tmp_path):
    (tmp_path / "data" / "schemas").mkdir(parents=True)
    schema = ROOT / "data" / "schemas" / "redirects.schema.json"
    (tmp_path / "data" / "schemas" / schema.name).write_text(schema.read_text(encoding="utf-8"), encoding="utf-8")
    file = tmp_path / "data" / "redirects.yaml"
    file.write_text("pages: {}\nmoved:\n  - {page: book/apparatus.html, to: book/apparatus/x.html}\n", encoding="utf-8")
    with pytest.raises(EditionError) as error:
        load_redirects(tmp_path / "data")
    assert "redirects.yaml" in str(error.value) and "prefix" in str(error.value)
