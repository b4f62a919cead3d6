"""The source register: which works the edition quotes, and their witnesses.

``data/sources.yaml`` names each work by a fixed source ID, gives its
bibliographic record and how sure the attribution is, and identifies its
witness file by name, line count and SHA-256, so that an excerpt can always
be traced to the exact digitization it was copied from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafiles import EditionError, Located, load_yaml


@dataclass(frozen=True)
class Witness:
    file: str
    line_count: int
    sha256: str
    first: int
    last: int


@dataclass(frozen=True)
class Source:
    id: str
    short_title: str
    bibtex: str
    author: str
    title: str
    imprint: str
    attribution: str
    certainty: str
    certainty_note: str
    witness: Witness
    where: Located
    reading_letters: str = "ascii"


def load_sources(data: Path) -> dict[str, Source]:
    register = load_yaml(data / "sources.yaml", "sources")
    sources: dict[str, Source] = {}
    for item in register["sources"]:
        if item["id"] in sources:
            raise item.error("id", f"source {item['id']!r} is registered twice")
        wit = item["witness"]
        first, last = wit["lines"]
        if not 1 <= first <= last <= wit["line_count"]:
            raise wit.error("lines", f"{first}-{last} is not a line range of a {wit['line_count']}-line witness")
        fields = {k: v for k, v in item.items() if k != "witness"}
        sources[item["id"]] = Source(
            **fields,
            witness=Witness(wit["file"], wit["line_count"], wit["sha256"], first, last),
            where=item.where,
        )
    return sources


def bibtex_keys(bib_file: Path) -> set[str]:
    """The entry keys of a BibTeX file (enough to check that the register points into it)."""
    import re

    text = bib_file.read_text(encoding="utf-8")
    return set(re.findall(r"@\w+\{([^,\s]+),", text))


def check_bibliography(sources: dict[str, Source], bib_file: Path) -> None:
    keys = bibtex_keys(bib_file)
    for source in sources.values():
        if source.bibtex not in keys:
            raise source.where.error("bibtex", f"{source.bibtex!r} is not an entry of {bib_file.name}")


__all__ = ["Source", "Witness", "load_sources", "check_bibliography", "EditionError"]
