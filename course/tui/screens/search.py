"""Search the lessons: full text over every section the learner's role sees."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from course import keymap
from course.i18n import _, ngettext
from course.learning.overview import SearchHit, modules_for
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.footer import CourseFooter


class SearchScreen(CourseModalScreen):
    CSS_PATH = "search.tcss"
    PLACE = keymap.SEARCH
    BINDINGS = bindings_for(PLACE)

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search", classes="dialog"):
            yield Input(value=self.initial, placeholder=_("Words to find, e.g. blood pressure"), id="search-input",
                        compact=True)
            yield Static(id="search-count")
            yield OptionList(id="search-results")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#search").border_title = _("Search the lessons · Enter or ↓ for the results")
        field = self.query_one("#search-input", Input)
        field.cursor_blink = self.app.animation_level != "none"
        field.focus()
        self.app.warm_search()
        self._search(self.initial)

    @on(Input.Changed, "#search-input")
    def changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        app = self.app
        if len(query.strip()) >= 2 and not app.search_index.ready:  # a large course: made in a thread
            self.query_one("#search-count", Static).update(_("Getting the lessons ready to search…"))
            self._search_when_ready()
            return
        modules = modules_for(app.course, app.learner) if app.learner else None
        self.hits = app.search_index.search(query, modules) if len(query.strip()) >= 2 else []
        results = self.query_one("#search-results", OptionList)
        results.set_options(Option(Content.assemble((hit.title, "bold"), "\n", f"  {hit.snippet}"))
                            for hit in self.hits)
        count = (ngettext("{n} section found", "{n} sections found", len(self.hits)).format(n=len(self.hits)) if self.hits
                 else _("Nothing found yet") if query.strip() else _("Type at least two letters"))
        self.query_one("#search-count", Static).update(count)

    @work(exclusive=True, group="search-index")
    async def _search_when_ready(self) -> None:
        await asyncio.to_thread(self.app.warm_search().join)
        self._search(self.query_one("#search-input", Input).value)

    @on(Input.Submitted, "#search-input")
    def action_focus_results(self) -> None:
        if self.hits:
            results = self.query_one("#search-results", OptionList)
            results.highlighted = results.highlighted or 0
            results.focus()

    @on(OptionList.OptionSelected, "#search-results")
    def open_hit(self, event: OptionList.OptionSelected) -> None:
        hit = self.hits[event.option_index]
        self.app.pop_screen()
        self.app.open_lesson(hit.module, hit.section)
