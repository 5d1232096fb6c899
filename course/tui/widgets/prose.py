"""Markdown shown as one widget: lesson pages, facilitator notes and the help page.

Textual's Markdown builds a widget for every paragraph, list, list item and bullet, and
styles and lays out each of them: a lesson page was 20-50 widgets, the help page over 1,500,
and opening either spent most of its time in `Stylesheet.apply` and nested layout
(docs/performance.md). Prose parses the same Markdown (markdown-it, as Textual does) into
blocks of styled text and draws them as one Visual, wrapped to the width it is given, with
hanging indents for list items. Its look comes from the component classes below, so themes,
high contrast and NO_COLOR apply as to the rest of the app.

What it draws: headings, paragraphs, bold, italics, strikethrough, inline code, links (with
their address when the text is not the address), bullet and numbered lists (nested), block
quotes, code blocks, rules and tables (a row a line, cells separated by a bar).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from textual.content import Content, Span
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from textual.css.styles import RulesMap

BULLETS = ("• ", "◦ ", "▪ ")  # by nesting depth
QUOTE = "▌ "
CELL_SEPARATOR = " │ "
_INLINE_STYLES = {"strong_open": ".prose--strong", "em_open": ".prose--em", "s_open": ".prose--strike"}


@dataclass(frozen=True)
class Block:
    """A paragraph-like piece of text and how its lines start."""

    text: Content
    first: str = ""  # the start of its first line: indent, then a bullet or number
    rest: str = ""  # the start of its other lines: the same width, so the text hangs
    gap: bool = True  # a blank line before it (never before the first block)
    rule: bool = False  # a horizontal rule: `text` is unused


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported with the first Markdown shown: 30 ms, not at start-up

    return MarkdownIt("gfm-like")


def prepare() -> None:
    """Make the Markdown parser ahead of the first page (the app does it while the first screen is read)."""
    _parser()


def parse(markdown: str) -> list[Block]:
    """The blocks of a Markdown text, in order. An empty text (a Prose filled later, e.g. the
    welcome's crisis lines) needs no parser: markdown-it is not imported before the first screen."""
    if not markdown.strip():
        return []
    return _Builder().build(_parser().parse(markdown))


VISUALS_KEPT = 12  # Markdown texts kept parsed (and wrapped at their last width) for the next Prose to show them


def visual_for(markdown: str) -> ProseVisual:
    """The text's blocks, parsed once while it is among the last few shown or prepared: a lesson's
    first page prepared while the learner rests on the course map, or a page shown again, is not
    parsed (nor wrapped, at the same width) again."""
    visual = _visuals.pop(markdown, None)
    if visual is None:
        visual = ProseVisual(parse(markdown))
    _visuals[markdown] = visual
    if len(_visuals) > VISUALS_KEPT:
        _visuals.popitem(last=False)
    return visual


def bullets(items: list[Content | str]) -> list[Block]:
    """A tight bulleted list of ready-made texts, each item's wrapped lines hanging under its text."""
    return [Block(Content(item) if isinstance(item, str) else item, BULLETS[0], " " * len(BULLETS[0]), gap=False)
            for item in items]


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.indent = ""  # what starts every line in the current container
        self.saved: list[str] = []  # indents of the containers around this one
        self.lists: list[list] = []  # each open list: [ordered, next number]
        self.marker: str | None = None  # the first line's start for the next block (a list item's bullet)
        self.last_tight = False  # the last block was an item of a tight list
        self.style = ""  # the style of the text block being read (a heading's)
        self.row: list[Content] | None = None  # the cells of the table row being read
        self.header_row = False

    def build(self, tokens: list[Token]) -> list[Block]:
        for token in tokens:
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token)
        return self.blocks

    def add(self, text: Content, *, tight: bool = False, rule: bool = False) -> None:
        first = self.indent if self.marker is None else self.marker
        self.marker = None
        gap = bool(self.blocks) and not (tight and self.last_tight)
        self.blocks.append(Block(text, first, self.indent, gap, rule))
        self.last_tight = tight

    # containers

    def _open(self, indent: str) -> None:
        self.saved.append(self.indent)
        self.indent = indent

    def _close(self, token: Token) -> None:
        self.indent = self.saved.pop()

    def _bullet_list_open(self, token: Token) -> None:
        self.lists.append([False, 1])

    def _ordered_list_open(self, token: Token) -> None:
        self.lists.append([True, int(token.attrs.get("start", 1))])

    def _bullet_list_close(self, token: Token) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, token: Token) -> None:
        ordered, number = self.lists[-1]
        if ordered:
            mark = f"{token.info or number}. "
            self.lists[-1][1] = number + 1
        else:
            mark = BULLETS[(len(self.lists) - 1) % len(BULLETS)]
        self.marker = self.indent + mark
        self._open(self.indent + " " * len(mark))

    _list_item_close = _close

    def _blockquote_open(self, token: Token) -> None:
        self._open(self.indent + QUOTE)

    _blockquote_close = _close

    # blocks

    def _heading_open(self, token: Token) -> None:
        self._hidden_paragraph = False
        self.style = f".prose--{token.tag}" if token.tag in ("h1", "h2", "h3") else ".prose--h3"

    def _heading_close(self, token: Token) -> None:
        self.style = ""

    def _inline(self, token: Token) -> None:
        text = inline_content(token)
        if self.row is not None:
            self.row.append(text)
            return
        if self.style:
            text = text.stylize(self.style)
        self.add(text, tight=token.level > 0 and self._hidden_paragraph)

    _hidden_paragraph = False

    def _paragraph_open(self, token: Token) -> None:
        self._hidden_paragraph = token.hidden  # a tight list's items: no blank lines between them

    def _fence(self, token: Token) -> None:
        self.add(Content.styled(token.content.rstrip("\n"), ".prose--code"))

    _code_block = _fence

    def _html_block(self, token: Token) -> None:
        self.add(Content(token.content.rstrip("\n")))

    def _hr(self, token: Token) -> None:
        self.add(Content(), rule=True)

    def _tr_open(self, token: Token) -> None:
        self.row = []

    def _th_open(self, token: Token) -> None:
        self.header_row = True

    def _tr_close(self, token: Token) -> None:
        row = Content(CELL_SEPARATOR).join(self.row or [])
        if self.header_row:
            row = row.stylize(".prose--strong")
        self.row, self.header_row = None, False
        self.add(row, tight=True)
        self.last_tight = True

    def _table_open(self, token: Token) -> None:
        self.last_tight = False


def inline_content(token: Token) -> Content:
    """The text of an inline token (a paragraph's or heading's), with its styles."""
    parts: list[str] = []
    spans: list[Span] = []
    opened: list[tuple[int, str, str, bool]] = []  # (start, style, a link's address, show the address)
    position = 0

    def add(text: str, style: str | Style | None = None) -> None:
        nonlocal position
        if style is not None:
            spans.append(Span(position, position + len(text), style))
        parts.append(text)
        position += len(text)

    for child in token.children or ():
        kind = child.type
        if kind in ("text", "html_inline"):
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(child.content, ".prose--code")
        elif kind == "image":
            add(child.content or str(child.attrs.get("alt", "")) or "image")
        elif kind in _INLINE_STYLES:
            opened.append((position, _INLINE_STYLES[kind], "", False))
        elif kind == "link_open":  # a written link shows its address too; a bare address is enough as it is
            written = child.markup not in ("linkify", "autolink")
            opened.append((position, ".prose--link", str(child.attrs.get("href", "")), written))
        elif kind.endswith("_close") and opened:
            start, style, address, show_address = opened.pop()
            spans.append(Span(start, position, style))
            if address:
                spans.append(Span(start, position, Style(link=address)))
            if show_address and address and "".join(parts)[start:] != address:
                add(f" ({address})")
    return Content("".join(parts), spans)


class ProseVisual(Visual):
    """The blocks, wrapped to a width (the lines are made once per width)."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self._lines: tuple[int, Content] | None = None

    def lines(self, width: int) -> Content:
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, Content("\n").join(self._wrap(width)))
        return self._lines[1]

    def _wrap(self, width: int):
        for index, block in enumerate(self.blocks):
            if index and block.gap:
                yield Content()
            if block.rule:
                yield Content.styled(block.first + "─" * max(1, width - len(block.first)), ".prose--rule")
                continue
            room = max(1, width - max(len(block.first), len(block.rest)))
            for number, line in enumerate(block.text.wrap(room)):
                start = block.first if number == 0 else block.rest
                yield Content.styled(start, ".prose--marker") + line if start.strip() else start + line

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width).plain.split("\n")) if self.blocks else 0


_visuals: OrderedDict[str, ProseVisual] = OrderedDict()  # by Markdown text, the most recent last


class Prose(Widget):
    """Markdown text as one widget (see the module's docstring)."""

    COMPONENT_CLASSES = {"prose--h1", "prose--h2", "prose--h3", "prose--strong", "prose--em", "prose--strike",
                         "prose--code", "prose--link", "prose--marker", "prose--rule"}
    DEFAULT_CSS = """
    Prose {
        height: auto;
        width: 1fr;
        & > .prose--h1 { color: $markdown-h1-color; text-style: $markdown-h1-text-style; }
        & > .prose--h2 { color: $markdown-h2-color; text-style: $markdown-h2-text-style; }
        & > .prose--h3 { color: $markdown-h3-color; text-style: $markdown-h3-text-style; }
        & > .prose--strong { text-style: bold; }
        & > .prose--em { text-style: italic; }
        & > .prose--strike { text-style: strike; }
        & > .prose--code { color: $text-accent; }
        & > .prose--link { color: $text-primary; text-style: underline; }
        & > .prose--marker { color: $text-primary; }
        & > .prose--rule { color: $secondary; }
    }
    """

    def __init__(self, markdown: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source = markdown  # the Markdown shown, as Textual's Markdown widget names it
        self._from_source = True  # what is shown was made from `source` (not show_blocks)
        self._visual = visual_for(markdown) if markdown.strip() else ProseVisual([])

    @property
    def text(self) -> str:
        """The words as shown (at the widget's width), without styles."""
        return self._visual.lines(self.content_region.width or self.app.size.width).plain

    def update(self, markdown: str) -> None:
        if markdown == self.source and self._from_source:  # already shown (a lesson's page prepared with it)
            return
        self.source, self._from_source = markdown, True
        self._visual = visual_for(markdown) if markdown.strip() else ProseVisual([])
        self.refresh(layout=True)

    def show_blocks(self, blocks: list[Block]) -> None:
        """Show blocks made without Markdown (text that must not be read as Markdown)."""
        self._from_source = False
        self._visual = ProseVisual(blocks)
        self.refresh(layout=True)

    def render(self) -> Visual:
        return self._visual
