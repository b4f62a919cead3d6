"""Leaving the book: every source's excerpts as TEI P5 that validates, says what the witness reads where the
edition corrects it, and gives the same reading text as the book; the data package and the notebooks as files.

"Validates" means two schemas: the TEI Consortium's tei_all (vendored in data/schemas/tei/), so that the
exports are TEI for any TEI tool, and the edition's customization (data/schemas/tei-edition.rng), which
includes tei_all and only narrows it to what the exports use.  Every pointer of a document leads to an
element of the same document, and the document names its schema.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from edition import citation, tei

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "data" / "schemas"
INFO = citation.EditionInfo("Collectivization in Six Works", "The editors of the edition", "0.1.0", "2026",
                            "https://edition.example.org/collectivization/")
NS = {"tei": tei.TEI_NS, "xml": "http://www.w3.org/XML/1998/namespace"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
RNG = "{http://relaxng.org/ns/structure/1.0}"


@pytest.fixture(scope="module")
def documents(edition):
    return {source: etree.fromstring(tei.to_bytes(tei.source_tei(edition, source, INFO))) for source in edition.sources}


@pytest.fixture(scope="module")
def tei_all():
    """The TEI Consortium's tei_all (compiling it takes libxml2 some seconds: once for the module)."""
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "tei" / "tei_all.rng")))


@pytest.fixture(scope="module")
def customization():
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "tei-edition.rng")))


def dangling_pointers(document) -> list[str]:
    """Every ``#id`` in an attribute of the document that names no ``xml:id`` of the document."""
    ids = set(document.xpath("//@xml:id"))
    return [f"{etree.QName(element).localname}/@{name}={token}"
            for element in document.iter(etree.Element) for name, value in element.attrib.items()
            for token in value.split() if token.startswith("#") and token[1:] not in ids]


def xml_model(document):
    """The ``xml-model`` processing instruction before the document's root, or None."""
    node = document.getprevious()
    while node is not None and not (isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model"):
        node = node.getprevious()
    return node


def test_every_source_is_valid_tei_against_the_consortiums_tei_all(documents, tei_all):
    for source, document in documents.items():
        assert tei_all.validate(document), f"{source}: {tei_all.error_log.last_error}"


def test_every_source_validates_against_the_editions_customization(documents, customization):
    for source, document in documents.items():
        assert customization.validate(document), f"{source}: {customization.error_log.last_error}"


def test_the_customization_includes_tei_all_and_only_narrows_it():
    """Each pattern the customization redefines is notAllowed or a choice among what tei_all offers there, so
    (RELAX NG's patterns growing with what they refer to) every document it accepts is valid TEI."""
    customization = etree.parse(str(SCHEMAS / "tei-edition.rng")).getroot()
    assert [child.tag for child in customization.iterchildren(etree.Element)] == [f"{RNG}include"]
    include = customization.find(f"{RNG}include")
    assert include.get("href") == "tei/tei_all.rng"
    full = etree.parse(str(SCHEMAS / "tei" / "tei_all.rng")).getroot()
    original = {d.get("name"): d for d in full.iter(f"{RNG}define")}
    original["<start>"] = full.find(f"{RNG}start")

    def offered(pattern) -> set[str]:
        """The names a pattern chooses among: its refs, and theirs where a ref names a choice (a model class)."""
        if pattern.tag == f"{RNG}ref":
            body = list(original[pattern.get("name")].iterchildren(etree.Element))
            inner = offered(body[0]) if len(body) == 1 and body[0].tag in (f"{RNG}ref", f"{RNG}choice") else set()
            return {pattern.get("name")} | inner
        if pattern.tag == f"{RNG}choice":
            return set().union(*(offered(c) for c in pattern.iterchildren(etree.Element)))
        return set()

    redefined = list(include.iterchildren(etree.Element))
    assert redefined
    for redefinition in redefined:
        name = "<start>" if redefinition.tag == f"{RNG}start" else redefinition.get("name")
        assert name in original, f"{name} is not a pattern of tei_all"
        assert redefinition.get("combine") is None, name
        body = list(redefinition.iterchildren(etree.Element))
        assert len(body) == 1, name
        if body[0].tag == f"{RNG}notAllowed":
            continue
        refs = [body[0]] if body[0].tag == f"{RNG}ref" else list(body[0].iterchildren(etree.Element))
        assert body[0].tag in (f"{RNG}ref", f"{RNG}choice") and all(r.tag == f"{RNG}ref" for r in refs), name
        allowed = offered(next(original[name].iterchildren(etree.Element)))
        assert {r.get("name") for r in refs} <= allowed, f"{name} offers what tei_all does not offer there"


def test_the_customization_is_narrower_than_tei_all(documents, tei_all, customization):
    """A figure in a paragraph is TEI, but not what the exports hold."""
    document = etree.fromstring(etree.tostring(documents["best-sons"]))
    paragraph = document.find(".//tei:body//tei:p", NS)
    etree.SubElement(paragraph, f"{{{tei.TEI_NS}}}figure")
    assert tei_all.validate(document)
    assert not customization.validate(document)


def test_every_pointer_of_a_document_leads_into_the_same_document(documents):
    for source, document in documents.items():
        assert dangling_pointers(document) == [], source


def test_each_document_names_tei_all_of_the_vendored_release_as_its_schema(documents):
    header = (SCHEMAS / "tei" / "tei_all.rng").read_text(encoding="utf-8")[:2000]
    version = re.search(r"TEI Edition: Version\s(\S+?)\.\s", header).group(1)  # a no-break space before the number
    assert version == tei.TEI_VERSION
    for source, document in documents.items():
        model = xml_model(document)
        assert model is not None, source
        assert model.get("href") == f"https://tei-c.org/Vault/P5/{version}/xml/tei/custom/schema/relaxng/tei_all.rng"
        assert model.get("schematypens") == "http://relaxng.org/ns/structure/1.0"


def test_a_heading_the_source_prints_opens_a_section_whose_head_it_is(edition, documents):
    for source, document in documents.items():
        for head in document.iterfind(".//tei:body//tei:head", NS):
            parent = head.getparent()
            if etree.QName(parent).localname == "table":
                continue
            assert parent.get("type") == "section", head.get(XML_ID)
            assert all(etree.QName(e).localname == "head" for e in head.itersiblings(preceding=True)), head.get(XML_ID)
    # "Stalin the Human Being" stands in the middle of its excerpt: the paragraphs after it are its section's
    section = documents["inside-europe"].find(".//tei:head[@xml:id='inside-europe-p43']/..", NS)
    assert section.getparent().get(XML_ID) == "inside-europe-ex01"
    blocks = edition.excerpts["inside-europe-ex01"].blocks
    after = [b.anchor for b in blocks[[b.anchor for b in blocks].index("inside-europe-p43") + 1:]]
    assert [e.get(XML_ID) for e in section.iterfind("tei:p", NS)] == after
    # a part's title and its first section's heading, printed one after the other, are the heads of one section
    heads = documents["class-struggles"].find(".//tei:div[@xml:id='class-struggles-ex12']/tei:div[@type='section']", NS)
    assert [e.get(XML_ID) for e in heads.iterfind("tei:head", NS)] == ["class-struggles-p869", "class-struggles-p872"]


def test_a_call_of_a_note_the_witness_lost_points_at_a_note_that_says_so(documents):
    struggles = documents["class-struggles"]
    call = struggles.find(".//tei:div[@xml:id='class-struggles-ex03']//tei:ref[.='43']", NS)
    assert call.get("target") == "#class-struggles-n1-1-43"
    note = struggles.find(".//tei:note[@xml:id='class-struggles-n1-1-43']", NS)
    assert note.get("n") == "43" and note.find("tei:gap", NS).get("reason") == "lost"
    editorial = struggles.find(".//tei:div[@xml:id='class-struggles-ex03']/tei:note[@type='editorial']", NS)
    assert "notes 43 and 44, called here, are lost" in editorial.text


def test_a_table_points_at_the_anchor_keeping_its_blocks_id(documents):
    table = documents["best-sons"].find(".//tei:table[@xml:id='best-sons-t1']", NS)
    assert table.get("corresp") == "#best-sons-p475"
    anchor = table.getprevious()
    assert etree.QName(anchor).localname == "anchor" and anchor.get(XML_ID) == "best-sons-p475"


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
    with zipfile.ZipFile(built_book / "_exports" / "best-sons-data.zip") as archive:
        assert "datapackage.json" in archive.namelist()
    notebook = (built_book / "notebooks" / "cross-source.html").read_text(encoding="utf-8")
    assert "cross-source.ipynb" in notebook and list(built_book.glob("_downloads/*/cross-source.ipynb"))


@pytest.mark.build
def test_the_built_tei_files_are_valid_tei_whose_pointers_resolve(edition, built_book, tei_all, customization):
    for source in edition.sources:
        document = etree.parse(str(built_book / "_exports" / f"{source}.tei.xml")).getroot()
        assert tei_all.validate(document), f"{source}: {tei_all.error_log.last_error}"
        assert customization.validate(document), f"{source}: {customization.error_log.last_error}"
        assert dangling_pointers(document) == [], source
        assert xml_model(document).get("href") == tei.TEI_ALL, source
