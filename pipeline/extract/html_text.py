"""Turn a saved web page (HTML) into the plain text the claim extractor reads.

The extractor understands layout written as text: a heading on its own line, one list item per line, and a
table as one line per row with its cells separated by ` | ` (the convention of the project's page files). This
module writes HTML in that form with Beautiful Soup (Python's own parser underneath, no compiled dependency),
dropping what is not the page's text: scripts, styles, navigation, footers, forms.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

DROPPED_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "nav", "footer", "aside",
    "form", "button", "select", "textarea", "head",
)  # fmt: skip
"""Elements whose text is never the page's main text."""
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "blockquote", "figure", "figcaption", "dl", "dt", "dd",
    "address", "pre", "hr", "body", "html", "details", "summary", "ul", "ol",
})  # fmt: skip
"""Elements that start a new paragraph."""
CELL_SEPARATOR = " | "
SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2009\u202f]+")
SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


def _clean(text: str) -> str:
    return SPACES.sub(" ", text).strip()


class _Writer:
    """Walks the tree and collects paragraphs; inline text accumulates until a block boundary flushes it."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, bool]] = []
        """(text, is a list item): consecutive list items are written on consecutive lines."""
        self.inline: list[str] = []
        self.item_depth = 0
        """Inside a list item: what is flushed there is (part of) an item."""

    def flush(self) -> None:
        line = _clean("".join(self.inline))
        self.inline = []
        if line:
            self.blocks.append((line, self.item_depth > 0))

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, SKIPPED_STRINGS):
                continue
            if isinstance(child, NavigableString):
                self.inline.append(str(child).replace("\n", " "))
            elif isinstance(child, Tag):
                self.element(child)

    def element(self, tag: Tag) -> None:
        name = tag.name
        if name == "br":
            self.flush()
        elif name in HEADINGS:
            self.flush()
            self.blocks.append((_clean(tag.get_text(" ")), False))
        elif name == "table":
            self.flush()
            self.blocks.extend((line, False) for line in _table_lines(tag))
        elif name == "li":
            self.flush()
            parent = tag.find_parent(["ul", "ol"])
            if parent is not None and parent.name == "ol":
                items = [li for li in parent.find_all("li", recursive=False)]
                self.inline.append(f"{items.index(tag) + 1 if tag in items else 1}. ")
            else:
                self.inline.append("- ")
            self.item_depth += 1
            self.walk(tag)
            self.flush()
            self.item_depth -= 1
        elif name in BLOCKS:
            self.flush()
            self.walk(tag)
            self.flush()
        else:
            self.walk(tag)

    def text(self) -> str:
        self.flush()
        parts: list[str] = []
        for index, (text, item) in enumerate(self.blocks):
            if index:
                parts.append("\n" if item and self.blocks[index - 1][1] else "\n\n")
            parts.append(text)
        return "".join(parts) + ("\n" if parts else "")


def _table_lines(table: Tag) -> list[str]:
    """A caption line, then one line per row: cells joined by ` | `, a cell spanning n columns written n times."""
    lines: list[str] = []
    caption = table.find("caption")
    if caption is not None:
        lines.append(_clean(caption.get_text(" ")))
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    for row in rows:
        cells: list[str] = []
        for cell in row.find_all(["th", "td"], recursive=False):
            text = _clean(cell.get_text(" "))
            span = cell.get("colspan")
            repeat = int(span) if isinstance(span, str) and span.isdigit() and 0 < int(span) <= 50 else 1
            cells.extend([text] * repeat)
        if any(cells):
            lines.append(CELL_SEPARATOR.join(cells).strip())
    return ["\n".join(lines)] if lines else []


def html_to_text(html: str) -> str:
    """Plain text of a page: headings and list items on their own lines, tables one row a line with ` | `."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    writer = _Writer()
    writer.walk(soup)
    return writer.text()
