"""A bulleted list whose wrapped lines hang under the text, not under the bullet.

Used for the crisis lines (only each line's name in bold) and the things still to do. Run
together, or with every line bold and no bullets, an entry that wraps reads like the start of
the next one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from course.content.model import Course


class BulletList(Vertical):
    DEFAULT_CSS = """
    BulletList { height: auto; }
    BulletList > Horizontal { height: auto; }
    BulletList .bullet { width: 2; }
    BulletList .entry { width: 1fr; }
    """

    def __init__(self, items: list[Content | str] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = list(items)

    def compose(self) -> ComposeResult:
        for item in self.items:
            with Horizontal():
                yield Static("•", classes="bullet")
                yield Static(Content(item) if isinstance(item, str) else item, classes="entry")

    async def show(self, items: list[Content | str]) -> None:
        """Replace the items (when they change)."""
        if items != self.items:
            self.items = list(items)
            await self.recompose()


def crisis_list(course: Course) -> BulletList:
    """One bullet per way to reach help, its name in bold."""
    return BulletList([Content.assemble((f"{line.name}:", "bold"), " ", line.how) for line in course.crisis])
