"""Find the line where a TOML key or table was written.

tomllib parses values but forgets where they came from; authors need `file:line` in every
message. This scanner records the line of each table header and `key =` so that a
pydantic error location such as ('questions', 3, 'options', 1, 'feedback') maps to a line.
It is deliberately small: it understands headers, dotted keys, arrays of tables and
multi-line strings, which is all our content files use; anything it cannot place falls back
to the nearest enclosing table.
"""

from __future__ import annotations

import re

Loc = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _split_key(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in re.split(r"\.(?=(?:[^\"']|\"[^\"]*\"|'[^']*')*$)", dotted)]


def _still_open(text: str, open_quote: str | None) -> str | None:
    """The multi-line string delimiter still open at the end of this line, if any.

    Reads strings and comments as TOML does, so a \"\"\" inside a comment or a one-line
    string does not look like the start of a multi-line string.
    """
    at = 0
    while at < len(text):
        if open_quote:
            end = _closing(text, at, open_quote)
            if end < 0:
                return open_quote
            at, open_quote = end, None
            continue
        char = text[at]
        if char == "#":
            return None
        if text.startswith(('"""', "'''"), at):
            open_quote, at = text[at:at + 3], at + 3
        elif char in "\"'":
            end = _closing(text, at + 1, char)
            at = end if end >= 0 else len(text)
        else:
            at += 1
    return open_quote


def _closing(text: str, at: int, quote: str) -> int:
    """The index just past the closing `quote` from `at` on, or -1 (basic strings allow \\ escapes)."""
    while at < len(text):
        if quote[0] == '"' and text[at] == "\\":
            at += 2
        elif text.startswith(quote, at):
            return at + len(quote)
        else:
            at += 1
    return -1


class LineMap:
    """Maps locations inside one TOML document to 1-based line numbers."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._text = text
        self._first_line = first_line
        self._lines: dict[Loc, int] | None = None

    @property
    def lines(self) -> dict[Loc, int]:
        """Scanned on first use: a clean file never needs its lines, and scanning every file
        cost as much as parsing it (docs/performance.md)."""
        if self._lines is None:
            self._lines = {}
            self._scan(self._text)
        return self._lines

    def _scan(self, text: str) -> None:
        table: Loc = ()
        array_counts: dict[Loc, int] = {}
        open_quote: str | None = None
        # split on \n only, as TOML does: splitlines() would also break at U+2028, form feed and others
        for offset, raw in enumerate(text.split("\n")):
            number = self._first_line + offset
            if open_quote:
                open_quote = _still_open(raw, open_quote)
                continue
            header = _HEADER.match(raw)
            if header and not _KEY.match(raw):
                keys = _split_key(header.group(2))
                table = self._resolve(keys, array_counts)
                if header.group(1) == "[[":
                    array_counts[table] = array_counts.get(table, -1) + 1
                    table = (*table, array_counts[table])
                self.lines.setdefault(table, number)
                continue
            key = _KEY.match(raw)
            if key:
                loc = (*table, *_split_key(key.group(1)))
                self.lines.setdefault(loc, number)
                open_quote = _still_open(raw[key.end():], None)

    @staticmethod
    def _resolve(keys: list[str], array_counts: dict[Loc, int]) -> Loc:
        """Turn header keys into a location, stepping into the latest element of each array."""
        loc: Loc = ()
        for position, key in enumerate(keys, start=1):
            loc = (*loc, key)
            if loc in array_counts and position < len(keys):
                loc = (*loc, array_counts[loc])
        return loc

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest enclosing key or table."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self._first_line
