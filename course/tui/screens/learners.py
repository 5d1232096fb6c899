"""Switch learner (a shared machine at a group session), add one, or change name and role."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from course import keymap
from course.i18n import _
from course.learning.completion import is_assessed
from course.learning.overview import learner_label
from course.progress.model import Learner
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.footer import CourseFooter

ADD, EDIT, ASSESSMENT, DATA = "-add", "-edit", "-assessment", "-data"


def assessment_label(learner) -> str:
    """The facilitator's choice, and what choosing this option changes it to."""
    if is_assessed(learner):
        return _("◇ My quizzes: assessed against the pass mark (choose self-checks instead)")
    return _("◇ My quizzes: self-checks, without a pass mark (choose to be assessed instead)")


def toggle_assessment(app) -> None:
    """A facilitator chooses: quizzes against the pass mark, or self-checks."""
    learner = app.learner
    learner.assessed = not is_assessed(learner)
    learner.touch()
    app.save()
    app.notify(_("Your quizzes now count against the pass mark.") if learner.assessed else
               _("Your quizzes are now self-checks, without a pass mark."), timeout=5)


class LearnersScreen(CourseModalScreen):
    """`first`: the first screen of a session that must not open the last learner by itself
    (a served browser tab): choose who is learning, or add a new learner."""

    CSS_PATH = "learners.tcss"
    PLACE = keymap.LEARNERS
    BINDINGS = bindings_for(PLACE)

    def __init__(self, *, first: bool = False) -> None:
        super().__init__()
        self.first = first

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.first and action == "close")

    def action_close(self) -> None:
        self.app.pop_screen()

    def compose(self) -> ComposeResult:
        app = self.app
        options = []
        for number, (learner_id, name, role) in enumerate(app.learner_choices(), start=1):
            current = learner_id == app.progress.active_learner and app.learner is not None
            label = (f"{'●' if current else '○'} {learner_label(Learner(name=name, role=role), number)}"
                     + (" · " + _("now learning") if current else ""))
            options.append(Option(Content(label), id=learner_id))
        options.append(Option(Content(_("+ Add a new learner")), id=ADD))
        if not self.first and app.learner is not None:
            options.append(Option(Content(_("✎ Change my name or role")), id=EDIT))
            options.append(Option(Content(_("✗ Reset or delete my progress…")), id=DATA))
            if self.app.learner is not None and self.app.learner.role == "facilitator":
                options.append(Option(Content(assessment_label(self.app.learner)), id=ASSESSMENT))
        with Vertical(id="learners", classes="dialog"):
            yield Label(_("Who is learning? Choose with ↑ ↓ and press Enter."))
            yield OptionList(*options, id="learner-list")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#learners").border_title = _("Learner and role")
        self.query_one("#learner-list").focus()

    @on(OptionList.OptionSelected, "#learner-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        from course.tui.screens.welcome import WelcomeScreen

        choice = event.option.id
        assert choice is not None, "every option here has an id"
        if self.first:  # nothing underneath to go back to: this screen becomes the next one
            if choice == ADD:
                self.app.switch_screen(WelcomeScreen(first_run=True))
            else:
                self.app.set_learner(choice)
            return
        self.app.pop_screen()
        if choice == ADD:
            self.app.push_screen(WelcomeScreen())
        elif choice == EDIT:
            self.app.push_screen(WelcomeScreen(edit=True))
        elif choice == DATA:
            self.app.action_your_data()
        elif choice == ASSESSMENT:
            toggle_assessment(self.app)
            self.app.show_map()
        elif choice != self.app.progress.active_learner or self.app.learner is None:
            self.app.set_learner(choice)
