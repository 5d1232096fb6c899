"""Your data on this computer: what is kept and where, and starting a lesson, a quiz or
everything again, or deleting yourself, each only after you confirm. The changes are
course.progress.model's (reset_lesson, reset_quiz, reset_all, remove_learner); the store
deletes the learner's file and the copies it kept that hold what was removed."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from course import keymap
from course.i18n import _
from course.progress.model import reset_all, reset_lesson, reset_quiz
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseModalScreen
from course.tui.widgets.footer import CourseFooter

LESSON, QUIZ, EVERYTHING, FORGET = "reset-lesson", "reset-quiz", "reset-all", "forget"


class ConfirmScreen(CourseModalScreen[bool]):
    """A yes-or-no question about something that cannot be undone; dismissed with the answer.
    Keeping is the default: Enter on the first button, n or Escape."""

    PLACE = keymap.CONFIRM
    BINDINGS = bindings_for(PLACE)
    CSS_PATH = "your_data.tcss"

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(Content(self.question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(_("No, keep it (n)"), id="no", compact=True)
                yield Button(Content(f"{self.yes} (y)"), id="yes", variant="error", compact=True)
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#confirm").border_title = _("Are you sure?")
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PickScreen(CourseModalScreen[str | None]):
    """Choose one of a few things (a lesson, a quiz); dismissed with its id, or None."""

    PLACE = keymap.PICK
    BINDINGS = bindings_for(PLACE)
    CSS_PATH = "your_data.tcss"

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text, self.choices = title, choices

    def compose(self) -> ComposeResult:
        with Vertical(id="pick", classes="dialog"):
            yield Label(_("Choose with ↑ ↓ and press Enter:"))
            yield OptionList(*(Option(Content(label), id=key) for key, label in self.choices), id="pick-list")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#pick").border_title = self.title_text
        self.query_one("#pick-list").focus()

    @on(OptionList.OptionSelected, "#pick-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class YourDataScreen(CourseModalScreen):
    """What the course keeps about the learner, and the ways to remove it."""

    PLACE = keymap.YOUR_DATA
    BINDINGS = bindings_for(PLACE)
    CSS_PATH = "your_data.tcss"

    def compose(self) -> ComposeResult:
        app = self.app
        learner = app.active_learner
        name = learner.name or _("you")
        where = _("Your progress is kept only on this computer, in {path} (never sent anywhere). You can start a "
                  "lesson or a quiz again, start everything again, or delete yourself from this computer. Each "
                  "asks first, and cannot be undone.").format(path=app.store.path)
        options = []
        if learner.lessons:
            options.append(Option(Content(_("Start a lesson again (forget what I read in it)…")), id=LESSON))
        if learner.quizzes or learner.review:
            options.append(Option(Content(_("Start a quiz again (forget its attempts and practice)…")), id=QUIZ))
        options.append(Option(Content(_("Start everything again (keep my name and role)…")), id=EVERYTHING))
        options.append(Option(Content(_("Delete {name} from this computer…").format(name=name)), id=FORGET))
        with Vertical(id="your-data", classes="dialog"):
            yield Static(Content(where), id="your-data-where")
            yield OptionList(*options, id="your-data-list")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#your-data").border_title = _("Reset or delete my progress")
        self.query_one("#your-data-list").focus()

    @on(OptionList.OptionSelected, "#your-data-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        app, learner = self.app, self.app.active_learner
        titles = {module.id: f"{app.course.position(module)}. {module.title}" for module in app.course.modules}
        if event.option.id == LESSON:
            choices = [(module_id, titles.get(module_id, module_id)) for module_id in learner.lessons]
            app.push_screen(PickScreen(_("Start which lesson again?"), choices), self._lesson_chosen)
        elif event.option.id == QUIZ:
            taken = list(dict.fromkeys([*learner.quizzes, *(key.split("/")[0] for key in learner.review)]))
            choices = [(module_id, titles.get(module_id, module_id)) for module_id in taken]
            app.push_screen(PickScreen(_("Start which quiz again?"), choices), self._quiz_chosen)
        elif event.option.id == EVERYTHING:
            app.push_screen(ConfirmScreen(_("Start everything again? What you read, your quiz attempts, your practice "
                                            "questions, your own questions and your notes are all deleted from this "
                                            "computer. Your name and role stay."), _("Yes, start again")),
                            partial(self._confirmed, reset_all, _("Everything was reset: you start afresh.")))
        else:
            name = learner.name or _("this learner")
            app.push_screen(ConfirmScreen(_("Delete {name} from this computer? All of {name}'s progress, questions and "
                                            "notes are deleted, and the copies kept of them.").format(name=name),
                                          _("Yes, delete")), self._forget_confirmed)

    def _lesson_chosen(self, module_id: str | None) -> None:
        if module_id is not None:
            self.app.push_screen(
                ConfirmScreen(_("Start this lesson again? What you read in it is forgotten."), _("Yes, start again")),
                partial(self._confirmed, partial(_reset_one, reset_lesson, module_id),
                        _("The lesson starts again from the beginning.")))

    def _quiz_chosen(self, module_id: str | None) -> None:
        if module_id is not None:
            self.app.push_screen(
                ConfirmScreen(_("Start this quiz again? Its attempts, best score and practice questions are deleted."),
                              _("Yes, start again")),
                partial(self._confirmed, partial(_reset_one, reset_quiz, module_id), _("The quiz starts again.")))

    def _confirmed(self, change, done: str, yes: bool | None) -> None:
        if yes:
            self.app.reset_progress(change, done)

    def _forget_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.app.forget_learner()


def _reset_one(reset, module_id: str, learner) -> bool:
    return reset(learner, module_id)
