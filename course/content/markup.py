"""Author Markdown as plain text: citations shown by their short labels, links spelled out."""

from __future__ import annotations

import re

from course.content.model import CITATION, Course

_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def cite(text: str, course: Course, markdown: bool = False) -> str:
    """Replace `[@id]` markers with the source's short label in brackets.

    With `markdown=True` the label is escaped, so a label like "STAR*D" is not read as emphasis.
    """
    sources = course.source_map

    def label(match: re.Match) -> str:
        source = sources.get(match.group(1))
        if source is None:
            return ""
        short = re.sub(r"([\\`*_\[\]])", r"\\\1", source.short) if markdown else source.short
        return f"[{short}]"

    return CITATION.sub(label, text)


def plain_markdown(text: str) -> str:
    """Markdown to readable text: links spelled out, emphasis markers dropped."""
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    return _EMPHASIS.sub(r"\2", text)
