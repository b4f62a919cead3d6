"""Leaving the book: every source's excerpts as TEI P5 that validates, says what the witness reads where the
edition corrects it, and gives the same reading text as the book; the data package and the notebooks as files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from edition import citation, tei

ROOT = Path(__file__).resolve().parents[1]
INFO = citation.EditionInfo("Collectivization in Six Works", "The editors of the edition", "0.1.0", "2026",
                            "https://edition.example.org/collectivization/")
NS = {"tei": tei.TEI_NS}


@pytest.fixture(scope="module")
def documents(edition):
    return {source: etree.fromstring(tei.to_bytes(tei.source_tei(edition, source, INFO))) for source in edition.sources}


def test_every_source_validates_against_the_editions_tei_schema(documents):
    schema = etree.RelaxNG(etree.parse(str(ROOT / "data" / "schemas" / "tei-edition.rng")))
    for source, document in documents.items():
        assert schema.validate(document), f"{source}: {schema.error_log.last_error}"


def reading_of(element) -> str:
    """The edition's text of a TEI element: corrections and regularizations, not what the witness had."""
    parts = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname
        if name == "choice":
            parts.append("".join(c.text or "" for c in child if etree.QName(c).localname in ("corr", "reg")))
        elif name in ("hi", "ref"):
            parts.append(reading_of(child) if name == "hi" else (child.text or ""))
        elif name == "gap":
            parts.append("[…]")
        parts.append(child.tail or "")
    return "".join(parts)


def test_each_paragraph_in_tei_reads_as_in_the_book(edition, documents):
    superscripts = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
    for excerpt in edition.excerpts.values():
        document = documents[excerpt.source]
        for block in excerpt.blocks:
            if block.kind != "paragraph":
                continue
            element = document.find(f".//tei:p[@{{http://www.w3.org/XML/1998/namespace}}id='{block.anchor}']", NS)
            assert element is not None, block.anchor
            expected = " ".join(block.reading.translate(superscripts).split())
            assert " ".join(reading_of(element).translate(superscripts).split()) == expected, block.anchor


def test_an_emendation_keeps_the_witness_reading_and_names_its_type_and_entry(documents):
    choice = documents["best-sons"].find(".//tei:choice[tei:sic='Kolkhoztsestr']", NS)
    corr = choice.find("tei:corr", NS)
    assert corr.text == "Kolkhoztsentr" and corr.get("type") == "ocr"
    assert corr.get("source").endswith("/0.1.0/book/apparatus/best-sons.html#best-sons-em001")


def test_pages_running_heads_lacunae_notes_and_tables_have_their_tei_form(documents):
    struggles = documents["class-struggles"]
    assert struggles.find(".//tei:pb[@n='88']", NS) is not None
    assert struggles.find(".//tei:fw[@type='header']", NS) is not None
    assert struggles.find(".//tei:note[@type='endnote']", NS) is not None
    assert documents["inside-europe"].find(".//tei:gap", NS) is not None
    table = documents["best-sons"].find(".//tei:table[@{http://www.w3.org/XML/1998/namespace}id='best-sons-t1']", NS)
    assert table.find(".//tei:cell[@{http://www.w3.org/XML/1998/namespace}id='best-sons-t1-totals-total']", NS).text == "26,380"
    header = struggles.find("tei:teiHeader//tei:witness", NS)
    assert "003_5cad5f07bf79d1b6.txt" in header.text and "SHA-256" in header.text


@pytest.mark.build
def test_chapters_link_their_tei_and_data_package_and_notebooks_their_file(built_book):
    page = (built_book / "book" / "best-sons.html").read_text(encoding="utf-8")
    assert 'href="../_exports/best-sons.tei.xml"' in page and 'href="../_exports/best-sons-data.zip"' in page
    etree.parse(str(built_book / "_exports" / "best-sons.tei.xml"))
    with zipfile.ZipFile(built_book / "_exports" / "best-sons-data.zip") as archive:
        assert "datapackage.json" in archive.namelist()
    notebook = (built_book / "notebooks" / "cross-source.html").read_text(encoding="utf-8")
    assert "cross-source.ipynb" in notebook and list(built_book.glob("_downloads/*/cross-source.ipynb"))
