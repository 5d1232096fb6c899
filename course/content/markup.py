"""Author Markdown as plain text: citations shown by their short labels, links spelled out.

`plain_markdown` reads the Markdown with markdown-it-py (the parser Textual already uses) and
writes it back as plain text, so `_` and `*` inside words, links and citations stay as written.
"""

from __future__ import annotations

import re
from functools import cache

from course.content.model import CITATION, Course


def cite(text: str, course: Course, markdown: bool = False, link: str | None = None) -> str:
    """Replace `[@id]` markers with the source's short label in brackets.

    With `markdown=True` the label is escaped, so a label like "STAR*D" is not read as emphasis.
    With `link` (a format string with {id}, e.g. "#source-{id}"), the label is a Markdown link there.
    """
    sources = course.source_map

    def label(match: re.Match) -> str:
        source = sources.get(match.group(1))
        if source is None:
            return ""
        if link is not None:
            return rf"[\[{_escaped(source.short)}\]]({link.format(id=source.id)})"
        return f"[{_escaped(source.short) if markdown else source.short}]"

    return CITATION.sub(label, text)


def _escaped(text: str) -> str:
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


@cache
def _parser():
    from markdown_it import MarkdownIt  # imported on first use: `--help` never needs it

    return MarkdownIt("commonmark")


def plain_markdown(text: str) -> str:
    """Markdown to readable text: paragraphs and list items on lines of their own, links spelled
    out as "text (address)", emphasis markers dropped, everything else as written."""
    blocks: list[tuple[str, int]] = []  # (text, the outermost list it is in: 0 for none)
    lists_seen = 0
    prefixes: list[str] = []  # the list markers of the items we are inside, innermost last
    numbers: list[int | None] = []  # per open list: the next number, or None for bullets
    for token in _parser().parse(text):
        match token.type:
            case "bullet_list_open" | "ordered_list_open":
                lists_seen += not numbers
                numbers.append(int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else None)
            case "bullet_list_close" | "ordered_list_close":
                numbers.pop()
            case "list_item_open":
                number = numbers[-1]
                prefixes.append("- " if number is None else f"{number}. ")
                if number is not None:
                    numbers[-1] = number + 1
            case "list_item_close":
                prefixes.pop()
            case "inline":
                blocks.append((_block(_inline_text(token.children or []), prefixes), lists_seen if prefixes else 0))
                if prefixes:
                    prefixes[-1] = " " * len(prefixes[-1])  # a second paragraph in an item is not a new item
            case "fence" | "code_block":
                blocks.append((token.content.rstrip("\n"), 0))
            case "hr":
                blocks.append(("---", 0))
    return _joined(blocks)


def _joined(blocks: list[tuple[str, int]]) -> str:
    """Blank lines between blocks, but the items of one list stay on consecutive lines."""
    out = ""
    for index, (text, in_list) in enumerate(blocks):
        if index:
            out += "\n" if in_list and in_list == blocks[index - 1][1] else "\n\n"
        out += text
    return out


def _block(text: str, prefixes: list[str]) -> str:
    if not prefixes:
        return text
    indent = "  " * (len(prefixes) - 1)
    return indent + prefixes[-1] + text.replace("\n", "\n" + indent + " " * len(prefixes[-1]))


def _inline_text(children) -> str:
    out: list[str] = []
    links: list[str] = []  # addresses of the links we are inside
    for child in children:
        match child.type:
            case "text" | "code_inline" | "html_inline":
                out.append(child.content)
            case "softbreak" | "hardbreak":
                out.append("\n")
            case "link_open":
                links.append(str(child.attrGet("href") or ""))
                out.append("\0")  # where the link text starts
            case "link_close":
                href = links.pop()
                start = len(out) - out[::-1].index("\0") - 1
                label = "".join(out[start + 1:])
                out[start:] = [label if label == href or not href else f"{label} ({href})"]
            case "image":
                out.append(child.content)
    return "".join(out)
