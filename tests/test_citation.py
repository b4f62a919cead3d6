"""Cite exactly what you read: every anchor has a citation naming the work, the place in it, the edition,
its version and the anchor's URL, in the forms reference managers take."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from edition import citation

ROOT = Path(__file__).resolve().parents[1]
INFO = citation.EditionInfo("Collectivization in Six Works", "The editors of the edition", "0.1.0", "2026",
                            "https://edition.example.org/collectivization/")


@pytest.fixture(scope="module")
def works():
    return citation.load_works(ROOT / "data" / "bibliography.bib")


def cited(edition, works, excerpt_id, anchor):
    page = f"book/{edition.excerpts[excerpt_id].source}.html"
    return next(c for c in citation.excerpt_citations(edition, edition.excerpts[excerpt_id], page, works) if c.anchor == anchor)


def test_a_paragraph_is_cited_with_its_work_its_printed_page_the_version_and_its_url(edition, works):
    text = citation.chicago(cited(edition, works, "class-struggles-ex23", "class-struggles-p3937"), INFO)
    assert text.startswith("Bettelheim, Charles. 1994. Class Struggles in the USSR.")
    assert "p. 88" in text and "version 0.1.0" in text
    assert text.endswith("https://edition.example.org/collectivization/0.1.0/book/class-struggles.html#class-struggles-p3937.")


def test_an_attributed_work_is_cited_as_attributed(edition, works):
    text = citation.chicago(cited(edition, works, "belyi-raion-ex01", "belyi-raion-n76"), INFO)
    assert text.startswith("Manning, Roberta T. (attributed to Roberta T. Manning). 1984.")


def test_the_bibtex_parses_and_names_the_source_and_the_anchor(edition, works):
    record = cited(edition, works, "best-sons-ex02", "best-sons-t1-totals-total")
    entry = parse_string(citation.bibtex(record, INFO), "bibtex").entries["best-sons-t1-totals-total"]
    assert str(entry.persons["author"][0]) == "Viola, Lynne"
    assert entry.fields["url"].endswith("/0.1.0/book/best-sons.html#best-sons-t1-totals-total")
    assert "The Best Sons of the Fatherland" in entry.fields["title"] and "TOTALS" in entry.fields["title"].upper()


def test_the_csl_json_renders_with_citeproc(edition, works):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    record = cited(edition, works, "best-sons-ex01", "best-sons-p455")
    source = CiteProcJSON(json.loads(citation.downloads(record, INFO)["json"]))
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False), source, formatter.plain)
    bibliography.register(Citation([CitationItem("best-sons-p455")]))
    rendered = str(bibliography.bibliography()[0])
    assert "Viola" in rendered and "Best Sons of the Fatherland" in rendered and "2026" in rendered


def test_the_ris_has_its_required_fields_in_order(edition, works):
    lines = citation.ris(cited(edition, works, "best-sons-ex01", "best-sons-p455"), INFO).split("\r\n")
    tags = [line[:2] for line in lines if line]
    assert tags[0] == "TY" and tags[-1] == "ER"
    assert {"AU", "TI", "T2", "PY", "UR", "ID"} <= set(tags)
    assert "UR  - https://edition.example.org/collectivization/0.1.0/book/best-sons.html#best-sons-p455" in lines


@pytest.mark.build
def test_every_excerpt_paragraph_and_note_can_be_cited_without_javascript(built_book, edition):
    soup = BeautifulSoup((built_book / "book" / "best-sons.html").read_text(encoding="utf-8"), "html.parser")
    excerpt = edition.excerpts["best-sons-ex01"]
    for anchor in [excerpt.id] + [b.anchor for b in excerpt.blocks + excerpt.note_blocks]:
        control = soup.find("details", attrs={"data-cite-for": anchor})
        assert control is not None, anchor
        plain = control.find("a", href=f"../_cite/{anchor}.txt")
        assert plain is not None and anchor in (built_book / "_cite" / f"{anchor}.txt").read_text(encoding="utf-8-sig")
        for ext in ("bib", "ris", "json"):
            link = control.find("a", href=f"../_cite/{anchor}.{ext}")
            assert link is not None and (built_book / "_cite" / f"{anchor}.{ext}").is_file(), (anchor, ext)


@pytest.mark.build
def test_cells_findings_and_emendations_have_their_citation_files(built_book):
    for anchor in ("best-sons-t1-totals-total", "best-sons-t1-column-sum-total", "best-sons-em001", "class-struggles-pg88"):
        assert (built_book / "_cite" / f"{anchor}.bib").is_file(), anchor
    cells = (built_book / "_cite" / "best-sons-t1-cells.html").read_text(encoding="utf-8")
    assert 'id="best-sons-t1-totals-total"' in cells


@pytest.mark.build
def test_chapter_pages_carry_highwire_citation_meta_tags(built_book):
    soup = BeautifulSoup((built_book / "book" / "class-struggles.html").read_text(encoding="utf-8"), "html.parser")
    tags = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True}) if m["name"].startswith("citation_")}
    assert tags["citation_author"] == "Bettelheim, Charles"
    assert tags["citation_inbook_title"] == "Collectivization in Six Works"
    assert tags["citation_public_url"].endswith("/book/class-struggles.html")
