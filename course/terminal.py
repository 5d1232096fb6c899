"""What may reach a terminal: text, never instructions.

A control character is an instruction to the terminal, not text. ESC starts sequences that
clear the screen, hide text or change the window title; the C1 controls (U+0080 to U+009F)
do the same in a single character; BEL rings and CR writes over the line. Lesson folders,
progress files and file names come from other people, so none of these may pass through:
only tab and newline are text.

- `printable()` drops them: for what is read (a lesson, an export, the app's screen).
- `shown()` writes them visibly as \\x1b: for messages, so a person can see which name or path
  holds one and fix it. Bold on and off (`read` on a terminal) are the only sequences kept.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # everything but tab (\x09) and newline (\x0a)
CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")
BOLD, PLAIN = "\x1b[1m", "\x1b[0m"  # the only sequences the course writes itself (`read` headings)
_SHOWN = re.compile(f"{re.escape(BOLD)}|{re.escape(PLAIN)}|[{CONTROL_CHARACTERS}]")
_NAMES = {0x07: "bell", 0x08: "backspace", 0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete",
          0x9B: "control sequence introducer", 0x9D: "operating system command"}


def printable(text: str) -> str:
    """`text` without control characters (the same string when it has none)."""
    return text if CONTROL.search(text) is None else CONTROL.sub("", text)


def shown(text: str) -> str:
    """`text` with each control character written out as \\xNN, except bold on and off."""
    return _SHOWN.sub(_show, text)


def _show(match: re.Match) -> str:
    found = match.group()
    return found if len(found) > 1 else f"\\x{ord(found):02x}"


def describe(char: str) -> str:
    """'U+001B (escape)': a control character named for an author's message."""
    name = _NAMES.get(ord(char))
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


class ShownStream:
    """A text stream that writes everything through `shown()`: the command line's stdout and
    stderr, so that no message, name or path it prints can act on the terminal."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(shown(text))

    def __getattr__(self, name: str):
        return getattr(self.stream, name)  # isatty, flush, encoding, … as the real stream
