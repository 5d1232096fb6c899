"""One quiz question on screen: the prompt, the numbered answers, then the feedback.

Used by the quiz and by practice. The widget only shows things: the screen decides whether
an answer is right (through `course.quiz`) and calls `reveal`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from course.quiz import Drawn
from course.tui.widgets.choices import AnswerList

HINTS = {
    False: "Choose one answer: press its number, or use ↑ ↓ and Enter.",
    True: "Choose all that apply: press the numbers (or Space) to tick, then Enter.",
}


def feedback(drawn: Drawn, chosen: set[int], right: bool, section_title: str | None) -> Content:
    """Right or wrong in words and a symbol, the chosen answers' feedback, the explanation."""
    shown = drawn.shown_options()
    parts: list[str | tuple[str, str]] = [
        ("✓ Correct" if right else "✗ Not quite", "bold $text-success" if right else "bold $text-warning"), "\n\n"]
    for index in sorted(chosen):
        option = shown[index]
        mark = "✓" if option.correct else "✗"
        parts += [(f"{mark} You chose: {option.text}", "bold"), "\n", f"   {option.feedback}", "\n"]
    if not right:
        answers = "; ".join(option.text for option in shown if option.correct)
        label = "The right answers" if len(drawn.question.correct_indexes) > 1 else "The right answer"
        parts += ["\n", (f"{label}: ", "bold"), answers, "\n"]
    parts += ["\n", ("Why: ", "bold"), drawn.question.explanation, "\n"]
    if section_title:
        parts += ["\n", f"Taught in the section “{section_title}”: press s to read it."]
    parts += ["\n", ("Press Enter to go on.", "bold")]
    return Content.assemble(*parts)


def marks(drawn: Drawn, chosen: set[int]) -> dict[int, tuple[str, str]]:
    """Per answer shown: ✓ for a right answer, ✗ for a wrong one the learner chose."""
    result: dict[int, tuple[str, str]] = {}
    for index, option in enumerate(drawn.shown_options()):
        picked = index in chosen
        if option.correct:
            result[index] = ("✓", "your answer, right" if picked else "right answer")
        elif picked:
            result[index] = ("✗", "your answer, not right")
    return result


class QuestionView(VerticalScroll):
    """Scrolls as a whole, so a long question with its feedback still fits a small terminal."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(id="question-prompt")
        yield Static(id="question-hint")
        yield AnswerList([], False, id="answers")
        yield Static(id="question-feedback")

    def ask(self, drawn: Drawn) -> None:
        multiple = drawn.question.kind == "multiple"
        self.query_one("#question-prompt", Static).update(Content(drawn.question.prompt))
        self.query_one("#question-hint", Static).update(HINTS[multiple])
        feedback_box = self.query_one("#question-feedback", Static)
        feedback_box.update("")
        feedback_box.display = False
        answers = self.query_one(AnswerList)
        answers.reset([option.text for option in drawn.shown_options()], multiple)
        answers.focus()
        self.scroll_home(animate=False)

    def reveal(self, drawn: Drawn, chosen: set[int], right: bool, section_title: str | None) -> None:
        self.query_one(AnswerList).show_outcome(marks(drawn, chosen))
        box = self.query_one("#question-feedback", Static)
        box.update(feedback(drawn, chosen, right, section_title))
        box.display = True
        self.call_after_refresh(box.scroll_visible, animate=False)
