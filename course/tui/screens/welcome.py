"""The welcome: what the course is, the notice, the crisis line; who you are and your name.

Shown on the first run, and again (with `first_run=False`) to add a learner or to change
the current learner's name or role.
"""

from __future__ import annotations

from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from course.outputs.helptext import ABOUT, PRIVACY, crisis_lines, welcome_summary
from course.content.model import ROLE_LABELS, ROLES
from course.tui.bindings import ALWAYS
from course.tui.widgets.choices import ChoiceList
from course.tui.widgets.footer import CourseFooter


def shown_path(path: Path) -> str:
    """The progress file as a person would type it: ~ for the home folder."""
    try:
        return "~/" + str(Path(path).resolve().relative_to(Path.home()))
    except ValueError:
        return str(path)


class RoleList(ChoiceList):
    """Enter on a role moves straight on to the name field. The binding has priority, so the app
    runs it as the key arrives, before it hands the next key to whatever has the focus: a name
    typed quickly after Enter, and the Enter after it, always reach the name field. (Moved from
    the list's OptionSelected handler, a moment later, they went to the list and were lost.)"""

    BINDINGS = [Binding("enter", "to_name", "Next", key_display="↵", priority=True, id="welcome.role")]

    def action_to_name(self) -> None:
        self.screen.set_focus(self.screen.query_one("#name", Input))

    # The arrows are handled here, in the order keys reached the list, not by bindings looked up
    # later from wherever the focus is by then: ↓ then a quick Enter still picks the next role.
    def key_down(self, event: events.Key) -> None:
        self._arrow(event, self.action_cursor_down)

    def key_up(self, event: events.Key) -> None:
        self._arrow(event, self.action_cursor_up)

    @staticmethod
    def _arrow(event: events.Key, move) -> None:
        event.stop()
        event.prevent_default()
        move()


class WelcomeScreen(Screen):
    """`first_run`: the very first screen. `edit`: change the active learner's name and role."""

    BINDINGS = [*ALWAYS, Binding("escape", "back", "Back", id="welcome.back")]

    def __init__(self, *, first_run: bool = False, edit: bool = False) -> None:
        super().__init__()
        self.first_run = first_run
        self.edit = edit

    def compose(self) -> ComposeResult:
        course = self.app.course
        learner = self.app.learner if self.edit else None
        heading = (f"Welcome to {course.title}" if self.first_run
                   else "Your name and role" if self.edit else "A new learner")
        with VerticalScroll(id="welcome"):  # no Header: the title says it, and 80×24 needs the row
            yield Static(Content(heading), id="welcome-title", classes="title")
            if not self.edit:
                yield Static(Content(f"{ABOUT} {welcome_summary(course)}"), id="welcome-about")
                crisis = "In crisis? " + " ".join(crisis_lines(course)) + " (F2 shows this at any time.)"
                yield Static(Content.assemble(("Please note: ", "bold"), course.disclaimer, "\n",
                                              (crisis, "bold")), id="welcome-notice", classes="notice")
            yield Label("Who are you? Choose with ↑ ↓, then press Enter.", classes="field-label")
            chosen = ROLES.index(learner.role) if learner else 0
            yield RoleList([ROLE_LABELS[role] for role in ROLES], chosen=chosen, id="role")
            yield Label("Your name (optional; it goes on your completion record):", classes="field-label")
            yield Input(value=learner.name if learner else "", placeholder="Leave empty to stay anonymous",
                        id="name", compact=True, max_length=80)
            if self.app.is_guest:
                from course.tui.guest import GUEST_NOTICE

                where = GUEST_NOTICE
            else:
                where = f"{PRIVACY} It is saved in: {shown_path(self.app.store.path)}"
            yield Static(Content(where), id="welcome-where", classes="muted")
            yield Button("Save" if self.edit else "Start the course", id="start", variant="primary", compact=True)
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = "Welcome" if self.first_run else "Learner"
        self.query_one("#name", Input).cursor_blink = self.app.animation_level != "none"
        self.query_one("#role", ChoiceList).focus(scroll_visible=False)  # the title stays in view

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return not self.first_run
        return True

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#start")
    def start(self) -> None:
        role = ROLES[self.query_one("#role", ChoiceList).chosen]
        name = self.query_one("#name", Input).value.strip()
        app = self.app
        if self.edit and app.learner is not None:
            app.learner.name, app.learner.role = name, role
            app.learner.touch()
        else:
            app.progress.add_learner(name, role)
            app.learner.theme = app.theme
        app.save()
        app.show_map()

    def action_back(self) -> None:
        self.app.pop_screen()
