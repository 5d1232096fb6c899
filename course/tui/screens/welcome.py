"""The welcome: what the course is, the notice, the crisis line; who you are and your name.

Shown on the first run, and again (with `first_run=False`) to add a learner or to change
the current learner's name or role.
"""

from __future__ import annotations

from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Static

from course import keymap
from course.content.model import ROLE_LABELS, ROLES
from course.i18n import _
from course.outputs.helptext import PRIVACY, welcome_summary
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.bullets import crisis_list
from course.tui.widgets.choices import ChoiceList
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.reading import MoreBelow, ReadingScroll


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

    PLACE = keymap.ROLE_LIST
    BINDINGS = bindings_for(PLACE)

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


class WelcomeScreen(CourseScreen):
    """`first_run`: the very first screen. `edit`: change the active learner's name and role."""

    CSS_PATH = "welcome.tcss"
    PLACE = keymap.WELCOME
    BINDINGS = bindings_for(PLACE)

    def __init__(self, *, first_run: bool = False, edit: bool = False) -> None:
        super().__init__()
        self.first_run = first_run
        self.edit = edit
        self._done = False  # started (or saved): the screen is on its way out

    def compose(self) -> ComposeResult:
        course = self.app.course
        learner = self.app.learner if self.edit else None
        heading = (_("Welcome to {title}").format(title=course.title) if self.first_run
                   else _("Your name and role") if self.edit else _("A new learner"))
        # What to read above, the choices below and always in view: at 80×24 the reading is longer
        # than the screen, and the list that has the focus must never be scrolled out of sight.
        with Vertical(id="welcome"):  # no Header: the title says it, and 80×24 needs the row
            with ReadingScroll(id="welcome-intro", more_keys=_("PgDn")):
                yield Static(Content(heading), id="welcome-title", classes="title")
                if not self.edit:  # the notice and the crisis lines first: on a small screen they are what shows
                    with Vertical(id="welcome-notice", classes="notice"):
                        yield Static(Content.assemble((_("Please note: "), "bold"), course.disclaimer))
                        yield Static(Content.assemble((_("In crisis?"), "bold"), " ",
                                                      _("(F2 shows this at any time.)")), id="welcome-crisis")
                        yield crisis_list(course)
                    yield Static(Content(f"{course.about} {welcome_summary(course)}".strip()), id="welcome-about")
                yield Static(Content(self._where()), id="welcome-where", classes="muted")
            yield MoreBelow("welcome-intro", id="welcome-more")
            with Vertical(id="welcome-form"):
                yield Label(_("Who are you? Choose with ↑ ↓, then press Enter."), classes="field-label")
                chosen = ROLES.index(learner.role) if learner else 0
                yield RoleList([_(ROLE_LABELS[role]) for role in ROLES], chosen=chosen, id="role")
                yield Label(self._name_words(ROLES[chosen]), id="name-label", classes="field-label")
                with Horizontal(id="welcome-name"):
                    yield Input(value=learner.name if learner else "", placeholder=_("Leave empty to stay anonymous"),
                                id="name", compact=True, max_length=80)
                    yield Button(_("Save") if self.edit else _("Start the course"), id="start", variant="primary",
                                 compact=True)
        yield CourseFooter()

    @staticmethod
    def _name_words(role: str) -> str:
        """Where the name goes: a patient has no completion record, only a question list to print."""
        if role == "patient":
            return _("Your name (optional; it goes on your printed question list):")
        return _("Your name (optional; it goes on your completion record):")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "role" and event.option_index is not None:
            self.query_one("#name-label", Label).update(self._name_words(ROLES[event.option_index]))

    def _where(self) -> str:
        if self.app.is_guest:
            from course.tui.guest import GUEST_NOTICE

            return _(GUEST_NOTICE)
        return _("{privacy} It is saved in: {path}").format(privacy=_(PRIVACY), path=shown_path(self.app.progress_path))

    def on_mount(self) -> None:
        self.sub_title = _("Welcome") if self.first_run else _("Learner")
        self.query_one("#name", Input).cursor_blink = self.app.animation_level != "none"
        self.query_one("#role", ChoiceList).focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_intro)

    def _fit_intro(self) -> None:
        """The reading takes the rows the choices leave, and no more (no gap above them on a tall screen)."""
        form = self.query_one("#welcome-form")
        rows = self.size.height - form.outer_size.height - 2  # the footer and the "more below" line
        self.query_one("#welcome-intro").styles.max_height = max(3, rows)

    def action_read_on(self) -> None:
        self.query_one("#welcome-intro", ReadingScroll).read_on()

    def action_read_back(self) -> None:
        self.query_one("#welcome-intro", ReadingScroll).read_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return not self.first_run
        return True

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#start")
    def start(self) -> None:
        if self._done:  # Enter twice, fast (or typed ahead): one learner, one course map
            return
        self._done = True
        role = ROLES[self.query_one("#role", ChoiceList).chosen]
        name = self.query_one("#name", Input).value.strip()
        app = self.app
        if self.edit and app.learner is not None:
            app.learner.name, app.learner.role = name, role
            app.learner.touch()
        else:
            app.progress.add_learner(name, role)
            app.active_learner.theme = app.theme
        app.save()
        app.show_map()

    def action_back(self) -> None:
        self.app.pop_screen()
