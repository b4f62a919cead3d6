"""The bibliography's style: pybtex's ``alpha``, with every title as the bibliographic record spells it.

pybtex sentence-cases the titles of some entry types ("Class struggles in the
ussr"); a title of a work keeps its capitalization in the edition, as in
``data/bibliography.bib`` and in the citations made from it (``edition.citation``).
A work recorded as ``@misc`` (its publisher unknown) is a book all the same,
its title in italics like the others.
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as Alpha
from pybtex.style.template import field, sentence, tag
from sphinx.application import Sphinx


class EditionStyle(Alpha):
    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)  # no change of case
        if e.type == "misc":
            title = tag("em")[title]
        return sentence[title] if as_sentence else title


def setup(app: Sphinx) -> None:
    register_plugin("pybtex.style.formatting", "edition", EditionStyle)
