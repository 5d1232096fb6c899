"""A QR code drawn with half-block characters: two rows of modules per line of text, dark
modules black on a white ground whatever the theme (phones read dark-on-light best)."""

from __future__ import annotations

import segno
from textual.content import Content
from textual.widgets import Static

# (top dark, bottom dark) -> the character that draws them
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
QUIET_ZONE = 2  # modules of white around the code; scanners need some


def qr_lines(text: str) -> list[str]:
    """The QR code for `text` as lines of half blocks (a width × width/2 block of text)."""
    rows = [[bool(module) for module in row] for row in segno.make(text, error="l").matrix_iter(border=QUIET_ZONE)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return ["".join(_HALVES[top, bottom] for top, bottom in zip(rows[i], rows[i + 1])) for i in range(0, len(rows), 2)]


class QRCode(Static):
    DEFAULT_CSS = """
    QRCode { width: auto; height: auto; color: #000000; background: #ffffff; }
    """

    def __init__(self, text: str, **kwargs) -> None:
        self.lines = qr_lines(text)
        super().__init__(Content("\n".join(self.lines)), **kwargs)

    @property
    def cells(self) -> tuple[int, int]:
        """(columns, rows) it needs."""
        return len(self.lines[0]), len(self.lines)
