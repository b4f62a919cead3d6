"""``{annotation}``: an editor's note, attached to one paragraph of an excerpt.

It stands inside an ``{excerpt}`` directive and names the block it comments
on by its anchor; the excerpt sets it beside that block (a side column on
wide screens, below the passage on narrow ones).  Its body is ordinary MyST.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import anchors


class annotation_node(nodes.General, nodes.Element):
    """Becomes ``<aside class="annotation" id="<block>-a<k>">``."""


def visit_annotation(self, node):
    ident = f' id="{node["ids"][0]}"' if node["ids"] else ""
    self.body.append(
        f'<aside class="annotation"{ident} data-cite="annotation" aria-label="editorial annotation on {node["target"]}">'
        f'<p class="annotation-label"><a href="#{node["target"]}">Editor</a></p>'
    )


def depart_annotation(self, node):
    self.body.append("</aside>")


class AnnotationDirective(SphinxDirective):
    required_arguments = 1
    has_content = True

    def run(self):
        target = self.arguments[0]
        if not anchors.is_valid(target):
            raise self.error(f"annotation: {target!r} is not an anchor of the edition's scheme")
        if not self.content:
            raise self.error(f"annotation: the annotation on {target} is empty")
        node = annotation_node(target=target)
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def skip_node(self, node):
    """Builders other than HTML leave the edition's nodes out."""
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    skip = (skip_node, None)
    app.add_node(annotation_node, html=(visit_annotation, depart_annotation), latex=skip, text=skip)
    app.add_directive("annotation", AnnotationDirective)
