"""The baseline for start-up time and memory: a bare Textual app with a Header, a Markdown
and a Footer, nothing else. The course is compared against this, started the same way.
Its one key, s, swaps the Markdown for another text: the trivial keypress every key of the
course is compared with (benchmarks/keys_bench.py).

    python benchmarks/baseline_app.py
    python benchmarks/baseline_app.py --with-core PROGRESS   # also load the course and a progress file

`--with-core` does the domain core's start-up work (opening the course and the progress
file) before the same bare app: it splits the course's extra start-up time into what the
core costs and what the course's own screens cost.
"""

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Markdown

TEXT = """\
# A bare Textual app

This is the **baseline** for the start-up benchmark: a header, this Markdown and a footer.

- It imports only what these three widgets need.
- Its first screen is ready when the footer and this line are drawn: baseline-ready.
"""

OTHER_TEXT = """\
# The other text

Pressing **s** swaps the Markdown between this text and the first one.

- A paragraph, a list and a heading, like the first.
- Nothing else changes on the screen.
"""

MARKERS = ("baseline-ready", "Quit")  # both on the finished first screen only


class BaselineApp(App):
    BINDINGS = [("q", "quit", "Quit"), ("s", "swap", "Swap the text")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Markdown(TEXT)
        yield Footer()

    async def action_swap(self) -> None:
        markdown = self.query_one(Markdown)
        await markdown.update(OTHER_TEXT if markdown.source == TEXT else TEXT)


def load_core(progress: str) -> None:
    """What `ketamine-course` does before its first screen: open the course (from its cache
    when unchanged since it was last checked) and read the active learner, as the app does:
    from a preview without pydantic when the files are plainly this version's (the store opens
    after the first screen), or else by opening the store (course.tui.app.run_app)."""
    from course.content.cache import open_course
    from course.paths import default_lessons_dir
    from course.progress.preview import preview

    open_course(default_lessons_dir())
    if preview(Path(progress)) is None:
        from course.progress.store import ProgressStore

        ProgressStore.open(progress, lazy=True)  # as the app opens it: the index and the active learner


if __name__ == "__main__":
    if sys.argv[1:2] == ["--with-core"]:
        load_core(sys.argv[2])
    BaselineApp().run()
