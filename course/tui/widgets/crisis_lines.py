"""The crisis lines as a list: one bullet per way to reach help, only its name in bold, and a
wrapped line indented under the text. Run together (or every line bold, no bullets), an entry
that wraps reads like the start of the next one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from course.content.model import Course


class CrisisLines(Vertical):
    DEFAULT_CSS = """
    CrisisLines { height: auto; }
    CrisisLines > Horizontal { height: auto; }
    CrisisLines .bullet { width: 2; }
    CrisisLines .entry { width: 1fr; }
    """

    def __init__(self, course: Course, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.course = course

    def compose(self) -> ComposeResult:
        for line in self.course.crisis:
            with Horizontal():
                yield Static("•", classes="bullet")
                yield Static(Content.assemble((f"{line.name}:", "bold"), " ", line.how), classes="entry")
