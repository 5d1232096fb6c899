"""My questions for my provider: write your own, add the lessons' suggestions, edit, reorder,
mark as asked, delete (with undo) and export a list to print.

Every change goes through `course.progress.model` / `course.learning.question_list` and is saved at once.
A deleted question can be brought back with z until the screen is closed: a stray key
never loses one.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static

from course import keymap
from course.i18n import N_, _, ngettext
from course.learning.overview import modules_for
from course.learning.question_list import (
    Deleted,
    Suggestion,
    delete_my_question,
    edit_my_question,
    is_listed,
    move_my_question,
    restore_my_question,
    set_asked,
    suggestions,
)
from course.outputs.common import FORMATS
from course.progress.model import MyQuestion, add_my_question
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.rows import PointerList

HINT = N_("Enter: edit the chosen question · Shift+↑ Shift+↓ (or [ ]): move it · z: undo a delete")
NEEDS_A_QUESTION = {"edit", "toggle_asked", "move", "delete"}


class MyQuestionsScreen(CourseScreen):
    """Kept and reused by the app (`CourseApp._kept_screen`): `load` fills it with the learner's
    list as it is now before the screen is shown again, so its first frame has it."""

    CSS_PATH = "my_questions.tcss"
    PLACE = keymap.QUESTIONS
    BINDINGS = bindings_for(PLACE)

    def __init__(self) -> None:
        super().__init__()
        self.deleted: list[Deleted] = []  # undo brings back the last one first, until the screen is closed
        self._note = ""  # the line under the list

    def load(self) -> MyQuestionsScreen:
        """The list as it is now (questions added elsewhere since it was last shown), nothing to
        undo and no note, the first question chosen."""
        self.deleted = []
        if self.is_mounted:  # kept from before: filled in now, so the screen's first frame has it
            self._fill()
        return self

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        yield Static(_("My questions to ask my provider"), id="questions-title", classes="title")
        yield Static(id="questions-count")
        yield PointerList(id="question-list")
        yield Static(id="questions-note")
        yield Static(_(HINT), id="questions-hint")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = _("My questions")
        self._fill()

    def _fill(self) -> None:
        self._set_note("")
        self._show(0)
        self.query_one(PointerList).focus()

    # ------------------------------------------------------------ showing the list

    @property
    def questions(self) -> list[MyQuestion]:
        return self.app.active_learner.questions

    @property
    def current(self) -> MyQuestion | None:
        lists = self.query(PointerList)  # none while the screen is still being built, or already closed
        index = lists.first().highlighted if lists else None
        return self.questions[index] if index is not None and index < len(self.questions) else None

    def _row(self, number: int, question: MyQuestion) -> list[Content | str]:
        module = self.app.course.module(question.module) if question.module else None
        where = (_("suggested by lesson {position}: {title}").format(position=self.app.course.position(module), title=module.title)
                 if module else _("your own question"))
        asked = (_("✓ asked"), "bold") if question.asked else _("○ not asked yet")
        return [Content(f"{number}. {question.text}"), Content.assemble("   ", asked, f" · {where}")]

    def _show(self, highlighted: int | None) -> None:
        questions = self.questions
        self.query_one(PointerList).show([self._row(n, q) for n, q in enumerate(questions, start=1)], highlighted)
        asked = sum(question.asked for question in questions)
        count = (ngettext("{n} question: {to_ask} still to ask, {asked} asked.",
                          "{n} questions: {to_ask} still to ask, {asked} asked.", len(questions)).format(
                              n=len(questions), to_ask=len(questions) - asked, asked=asked)
                 if questions else _("Your list is empty. Press a to write a question, or s to add one the "
                                   "lessons suggest."))
        self.query_one("#questions-count", Static).update(Content(count))
        self.refresh_bindings()

    def _index_of(self, question: MyQuestion) -> int:
        return next(i for i, listed in enumerate(self.questions) if listed is question)

    def _changed(self, highlighted: int | None, note: str = "") -> None:
        self.app.save()
        self._show(highlighted)
        self._set_note(note)

    def _set_note(self, note: str) -> None:
        if note != self._note:  # each change is a layout
            self._note = note
            self.query_one("#questions-note", Static).update(Content(note))

    # ------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_A_QUESTION:
            return self.current is not None or None  # dimmed on an empty list
        if action == "undo":
            return bool(self.deleted)
        return True

    def action_write(self) -> None:
        from course.tui.screens.question_editor import QuestionEditorScreen

        self.app.push_screen(QuestionEditorScreen(_("Write a question for your provider")), self._written)

    def _written(self, text: str | None) -> None:
        if text is None:
            return
        question = add_my_question(self.app.active_learner, text)
        if question is None:
            self.notify(_("That question is already in your list."))
            return
        self._changed(self._index_of(question), _("Added: {text}").format(text=question.text))

    def action_suggested(self) -> None:
        from course.tui.screens.suggestions import SuggestionsScreen

        learner = self.app.active_learner
        items = suggestions(self.app.course, modules_for(self.app.course, learner))
        self.app.push_screen(SuggestionsScreen(items, lambda text: is_listed(learner, text), self._add_suggestion))

    def _add_suggestion(self, item: Suggestion) -> None:
        question = add_my_question(self.app.active_learner, item.text, item.module.id)
        if question is not None:
            self._changed(self._index_of(question), _("Added: {text}").format(text=question.text))

    @on(OptionList.OptionSelected, "#question-list")
    def action_edit(self) -> None:
        from course.tui.screens.question_editor import QuestionEditorScreen

        question = self.current
        if question is not None:
            self.app.push_screen(QuestionEditorScreen(_("Change the wording"), question.text),
                                 lambda text: self._edited(question, text))

    def _edited(self, question: MyQuestion, text: str | None) -> None:
        if text is None or text == question.text:
            return
        if not edit_my_question(self.app.active_learner, question.id, text):
            self.notify(_("Another question in your list already says that; nothing was changed."))
            return
        self._changed(self._index_of(question), _("Changed."))

    def action_toggle_asked(self) -> None:
        question = self.current
        if question is not None:
            set_asked(self.app.active_learner, question.id, not question.asked)
            note = _("Marked ✓ asked.") if question.asked else _("Marked ○ not asked yet.")
            self._changed(self._index_of(question), note)

    def action_move(self, step: int) -> None:
        question = self.current
        if question is not None:
            index = move_my_question(self.app.active_learner, question.id, step)
            if index is not None:  # the highlighted question is in the list
                self._changed(index, _("Moved to number {n}.").format(n=index + 1))

    def action_delete(self) -> None:
        question = self.current
        if question is None:
            return
        index = self._index_of(question)
        deleted = delete_my_question(self.app.active_learner, question.id)
        if deleted is not None:  # the highlighted question is in the list
            self.deleted.append(deleted)
        self._changed(min(index, len(self.questions) - 1),
                      _("Deleted: “{text}”. Press z to bring it back.").format(text=question.text))

    def action_undo(self) -> None:
        if not self.deleted:
            return
        deleted = self.deleted.pop()
        question = restore_my_question(self.app.active_learner, deleted)
        if question is None:
            self.notify(_("That question is already back in your list."))
            self.refresh_bindings()
            return
        self._changed(self._index_of(question), _("Brought back: “{text}”.").format(text=question.text))

    def action_export(self) -> None:
        from course.tui.exporting import choose_format, export_questions

        choose_format(self.app, _("My questions"), lambda fmt: export_questions(self.app, fmt), FORMATS)
