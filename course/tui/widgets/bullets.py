"""A bulleted list whose wrapped lines hang under the text, not under the bullet.

Used for the crisis lines (only each line's name in bold) and the things still to do. Run
together, or with every line bold and no bullets, an entry that wraps reads like the start of
the next one. One widget however many items (course.tui.widgets.prose): the crisis screen,
one key away everywhere, opens without building and laying out a row of widgets per line.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from course.content.model import Course
from course.tui.widgets.prose import Prose, bullets


class BulletList(Prose):
    def __init__(self, items: Sequence[Content | str] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = list(items)
        self.show_blocks(bullets(self.items))

    async def show(self, items: Sequence[Content | str]) -> None:
        """Replace the items (when they change)."""
        if items != self.items:
            self.items = list(items)
            self.show_blocks(bullets(self.items))


def crisis_list(course: Course) -> BulletList:
    """One bullet per way to reach help, its name in bold."""
    return BulletList([Content.assemble((f"{line.name}:", "bold"), " ", line.how) for line in course.crisis])
