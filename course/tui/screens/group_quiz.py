"""The group quiz, for a shared screen: one question of the lesson's bank at a time, its options
lettered but the answer hidden until the facilitator reveals it (the right answers, each
option's feedback and the explanation). Nothing is scored or saved.

Options are in the fixed print order (`course.learning.shown.in_print_order`), so the letters match the
handouts and the answer key printed for the session.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from course import keymap
from course.content.model import Module, Question
from course.i18n import _
from course.learning.room import Room, room_questions
from course.outputs.common import lesson_text
from course.outputs.document import correct_letters, lettered
from course.outputs.plaintext import KIND_HINTS
from course.outputs.room_summary import SpreadRow
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.reading import MoreBelow, ReadingScroll


def option_blocks(question: Question, revealed: bool, course, counts: list[int] | None = None,
                  answered: int = 0) -> list[tuple[Content, str]]:
    """The lettered options; once revealed, each marked right or not in words and a symbol, with
    its feedback, then the answer and the explanation: (text, CSS class) blocks. With `counts`
    (a room quiz), each option has a bar of how many chose it, in words and numbers."""
    blocks: list[tuple[Content, str]] = []
    for index, (letter, option) in enumerate(lettered(question)):
        text = lesson_text(course, option.text)
        if not revealed:
            blocks.append((Content(f"{letter}. {text}"), "option"))
        else:
            verdict = ("✓", _("correct")) if option.correct else ("✗", _("not correct"))
            blocks.append((Content.assemble(f"{verdict[0]} {letter}. {text} ", (f"({verdict[1]})", "bold")),
                           "option right" if option.correct else "option"))
        if counts is not None:
            row = SpreadRow(letter, text, option.correct, counts[index], answered)
            blocks.append((Content(row.words()), "bar"))
        if revealed:
            blocks.append((Content(lesson_text(course, option.feedback)), "feedback"))
    if revealed:
        letters = correct_letters(question)
        label = _("Answers") if "," in letters else _("Answer")
        blocks.append((Content.assemble((f"{label}: {letters}", "bold")), "answer"))
        blocks.append((Content.assemble((_("Why:") + " ", "bold"), lesson_text(course, question.explanation)), "why"))
    return blocks


class Stage(ReadingScroll):
    """A shared screen's question. A revealed answer (each option's feedback, the explanation) can
    run below the screen: then Enter and Space show the rest before they go on, and the line under
    it says so. Before the reveal Enter reveals (or opens the first question) as the screen says;
    ↓ scrolls."""

    revealed: bool = False  # set by the screen as it shows each question

    def show_revealed(self, revealed: bool) -> None:
        self.revealed = revealed
        self.more_keys = _("↓ or Space") if revealed else _("↓")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read_on" and not self.revealed:
            return False
        return super().check_action(action, parameters)

    def action_page_down(self) -> None:
        """PgDn (what a presenter's clicker sends) shows the rest, then is the screen's (the room's
        next question): scrolled to the end, it did nothing, and a clicker could not move on."""
        if not self.read_on():
            raise SkipAction()

    def action_page_up(self) -> None:
        if not self.read_back():
            raise SkipAction()


def verdict_line(letter: str, text: str, correct: bool) -> Content:
    """A revealed option: right or not in a symbol and in words (never colour alone); a right one
    bold in the success colour (as a style of its words: a class changed restyles the line)."""
    if correct:
        return Content.assemble((f"✓ {letter}. {text} (" + _("correct") + ")", "bold $text-success"))
    return Content.assemble(f"✗ {letter}. {text} ", ("(" + _("not correct") + ")", "bold"))


class GroupQuizScreen(CourseScreen):
    """One screen, kept and reused (`CourseApp._kept_screen`): `load` starts a module's quiz at
    its first question with nothing revealed. Each key changes only what it must: each option has
    a line and, below it, a line for its feedback (hidden until the reveal), made at compose and
    reused (mounting new ones for every question and reveal cost more than the key's budget); a
    reveal marks the options' lines and shows the feedback, the answer and the explanation,
    leaving the question, its number, its hint and every line's classes as they are (a class
    changed restyles the line: about 1 ms each)."""

    CSS_PATH = "group_quiz.tcss"
    PLACE = keymap.GROUP_QUIZ
    BINDINGS = bindings_for(PLACE)

    def __init__(self, module: Module | None = None) -> None:
        super().__init__()
        self._module: Module | None = None
        self._slots: list[tuple[Static, Static]] = []  # each option's line and its feedback's, reused
        self._answer, self._why = Static(classes="answer"), Static(classes="why")
        self._answer.display = self._why.display = False
        self._shown: tuple[int, bool] | None = None  # the question and reveal on the screen
        self._texts: dict[int, list[tuple[str, str, bool]]] = {}  # a question's options: letter, words, right
        self._revealed_texts: dict[int, tuple[list[Content], Content, Content]] = {}  # feedback, answer, why
        if module is not None:
            self.load(module)

    def load(self, module: Module) -> GroupQuizScreen:
        """A fresh group quiz on `module` when this screen is next shown."""
        self._module = module
        # Where the quiz is and what was revealed: a room with nobody in it (course.learning.room).
        # Revealed questions stay revealed when revisited.
        self.quiz = Room(self.app.course, room_questions(self.app.course, [module]))
        self.quiz.open_question(0)
        self._shown = None
        self._texts.clear()
        self._revealed_texts.clear()
        if self.is_mounted:  # kept from before: the first question put in now, so the screen's first frame has it
            self._show()
        return self

    @property
    def module(self) -> Module:
        assert self._module is not None, "GroupQuizScreen.load() chooses the lesson"
        return self._module

    @property
    def questions(self) -> list[Question]:
        return [item.question for item in self.quiz.questions]

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        yield Static(id="group-position", classes="title")
        with Stage(id="group-quiz"):
            yield Static(id="group-prompt")
            yield Static(id="group-hint")
            # as many lines as the question with the most options in the course needs, made now:
            # mounted at a reveal, they were laid out a frame after the rest
            most = max((len(question.options) for module in self.app.course.modules
                        for question in module.questions), default=0)
            yield Vertical(*[line for slot in self._new_slots(most) for line in slot], self._answer, self._why,
                           id="group-options")
            yield Static(id="group-next")
        yield MoreBelow("group-quiz", id="group-more")
        yield CourseFooter()

    def _new_slots(self, count: int) -> list[tuple[Static, Static]]:
        added = [(Static(classes="option"), Static(classes="feedback")) for _slot in range(count)]
        for option, feedback in added:
            option.display = feedback.display = False
        self._slots += added
        return added

    def on_mount(self) -> None:
        self.sub_title = _("Group quiz")

    def on_screen_resume(self) -> None:
        stage = self.query_one("#group-quiz", Stage)
        if self.focused is not stage:  # focus() repaints it, and that repaint came a frame after the rest
            stage.focus()
        if self._shown is None:  # a module's quiz just loaded
            self._show()

    def _options(self, index: int) -> list[tuple[str, str, bool]]:
        if index not in self._texts:
            course = self.app.course
            self._texts[index] = [(letter, lesson_text(course, option.text), option.correct)
                                  for letter, option in lettered(self.quiz.questions[index].question)]
        return self._texts[index]

    def _revealed(self, index: int) -> tuple[list[Content], Content, Content]:
        """A question's feedback, answer and explanation, made once (after the question is drawn,
        in the room's pause before the reveal)."""
        if index not in self._revealed_texts:
            course, question = self.app.course, self.quiz.questions[index].question
            letters = correct_letters(question)
            label = _("Answers") if "," in letters else _("Answer")
            self._revealed_texts[index] = (
                [Content(lesson_text(course, option.feedback)) for option in question.options],
                Content.assemble((f"{label}: {letters}", "bold")),
                Content.assemble((_("Why:") + " ", "bold"), lesson_text(course, question.explanation)))
        return self._revealed_texts[index]

    def _prepare_reveal(self) -> None:
        if self.is_attached and self._module is not None:
            self._revealed(self.quiz.index)

    def _show(self) -> None:
        quiz, course = self.quiz, self.app.course
        question = quiz.current.question
        if self._shown is None or self._shown[0] != quiz.index:  # a reveal leaves these as they are
            self.query_one("#group-position", Static).update(Content(
                _("Group quiz: {title} · Question {number} of {total}").format(
                    title=self.module.title, number=quiz.index + 1, total=len(quiz.questions))))
            self.query_one("#group-prompt", Static).update(Content(lesson_text(course, question.prompt)))
            self.query_one("#group-hint", Static).update(Content(_(KIND_HINTS[question.kind])))
        self._show_options(quiz.index, quiz.is_revealed)
        if not quiz.is_revealed:
            then = _("Press Enter to reveal the answer when the room is ready.")
            self.call_after_refresh(self._prepare_reveal)
        elif quiz.on_last:
            then = _("That was the last question. Escape: back to the lesson.")
        elif quiz.index == 0:  # nothing before it to go back to
            then = _("Press Enter for the next question.")
        else:
            then = _("Press Enter for the next question (← the previous one).")
        self.query_one("#group-next", Static).update(Content(then))
        self._shown = (quiz.index, quiz.is_revealed)
        stage = self.query_one("#group-quiz", Stage)
        stage.show_revealed(quiz.is_revealed)
        stage.scroll_home(animate=False)
        self.refresh_bindings()

    def _show_options(self, index: int, revealed: bool) -> None:
        """The options' lines: words replaced, feedback shown or hidden, more lines mounted only
        when a question has more options than any before it, the rest hidden."""
        options = self._options(index)
        if len(options) > len(self._slots):
            added = self._new_slots(len(options) - len(self._slots))
            self.query_one("#group-options").mount_all([line for slot in added for line in slot], before=self._answer)
        feedback, answer, why = self._revealed(index) if revealed else ([], None, None)
        for number, (line, note) in enumerate(self._slots):
            if number < len(options):
                letter, text, correct = options[number]
                if revealed:
                    line.update(verdict_line(letter, text, correct))
                    note.update(feedback[number])
                elif self._shown != (index, False):  # not already on the screen as it is
                    line.update(Content(f"{letter}. {text}"))
            line.display, note.display = number < len(options), number < len(options) and revealed
        if answer is not None and why is not None:
            self._answer.update(answer)
            self._why.update(why)
        self._answer.display = self._why.display = revealed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return not self.quiz.is_revealed
        if action == "continue":
            return self.quiz.is_revealed and not self.quiz.on_last
        if action == "step" and parameters == (-1,):
            return self.quiz.index > 0  # nothing before the first question
        return True

    def action_reveal(self) -> None:
        self.quiz.reveal()
        self._show()

    def action_continue(self) -> None:
        self.action_step(1)

    def action_open_room(self) -> None:
        """The same questions as a room quiz, answered on participants' own devices."""
        from course.tui.screens.room import ask_where

        course = self.app.course
        ask_where(self.app, lambda nicknames: Room(course, room_questions(course, [self.module]), nicknames=nicknames))

    def action_step(self, step: int) -> None:
        index = self.quiz.index
        self.quiz.step(step)
        if self.quiz.index != index:
            self._show()
