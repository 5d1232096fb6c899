"""The baseline for start-up time and memory: a bare Textual app with a Header, a Markdown
and a Footer, nothing else. The course is compared against this, started the same way.

    python benchmarks/baseline_app.py
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Markdown

TEXT = """\
# A bare Textual app

This is the **baseline** for the start-up benchmark: a header, this Markdown and a footer.

- It imports only what these three widgets need.
- Its first screen is ready when the footer and this line are drawn: baseline-ready.
"""

MARKERS = ("baseline-ready", "Quit")  # both on the finished first screen only


class BaselineApp(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Markdown(TEXT)
        yield Footer()


if __name__ == "__main__":
    BaselineApp().run()
