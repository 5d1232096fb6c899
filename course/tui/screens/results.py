"""Quiz results: the score, passed or not against the course's pass mark, and what was missed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from course.content.model import Module
from course.learning.overview import next_module, to_practise
from course.learning.quiz import Drawn, Result
from course.tui.bindings import ALWAYS
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.reading import MoreBelow, ReadingScroll


def results_blocks(module: Module, drawn: list[Drawn], result: Result, pass_mark: int) -> list[tuple[Content, str]]:
    """The score, passed or not in words and a symbol, and each missed question with its right
    answer and the section that teaches it: (text, CSS class) blocks."""
    right = len(drawn) - len(result.missed)
    if result.passed:
        blocks = [(Content(f"✓ Passed: {result.score}%"), "verdict right"),
                  (Content(f"You answered {right} of {len(drawn)} questions correctly. "
                           f"The pass mark is {pass_mark}%."), "")]
    else:
        blocks = [(Content(f"✗ Not passed yet: {result.score}%"), "verdict wrong"),
                  (Content(f"You answered {right} of {len(drawn)} questions correctly; {pass_mark}% is needed "
                           "to pass. Take your time: you can practise what you missed and try again whenever "
                           "you like."), "")]
    if not result.missed:
        return blocks + [(Content("You missed nothing. Well done."), "label")]
    blocks.append((Content("What you missed"), "label"))
    for item in result.missed:
        question = item.question
        blocks.append((Content(f"✗ {question.prompt}"), "missed"))
        correct = [option.text for option in question.options if option.correct]
        label = "Right answers" if len(correct) > 1 else "Right answer"
        blocks.append((Content(f"{label}: " + "; ".join(correct)), "indented"))
        index = module.section_index(question.section)
        if index is not None:
            blocks.append((Content(f"Taught in “{module.sections[index].title}”"), "indented"))
    return blocks


class ResultsScreen(Screen):
    BINDINGS = [
        *ALWAYS,
        Binding("r", "retake", "Retake", id="results.retake"),
        Binding("p", "practise", "Practise missed", id="results.practise"),
        Binding("n", "next_lesson", "Next lesson", id="results.next"),
        Binding("escape", "app.show_map", "Course map", id="results.map"),
    ]

    def __init__(self, module: Module, drawn: list[Drawn], answers: list[set[int]], result: Result) -> None:
        super().__init__()
        self.module = module
        self.drawn = drawn
        self.answers = answers
        self.result = result

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        yield Static(Content(f"Quiz results: {self.module.title}"), id="results-title", classes="title")
        with ReadingScroll(id="results"):
            for text, css in results_blocks(self.module, self.drawn, self.result, self.app.course.pass_mark):
                yield Static(text, classes=css)
        yield MoreBelow("results")
        yield Static(Content(self._next_steps()), id="results-next")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = "Results"
        self.query_one("#results").focus()

    def _next_steps(self) -> str:
        steps = ["r: retake with new questions"]
        if self.learner_has_missed:
            steps.append("p: practise what you missed")
        if self._next_module():
            steps.append("n: next lesson")
        steps.append("Escape: course map")
        return " · ".join(steps)

    @property
    def learner_has_missed(self) -> bool:
        return to_practise(self.app.learner, self.app.course)[self.module.id] > 0

    def _next_module(self) -> Module | None:
        return next_module(self.app.course, self.app.learner, self.module)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "practise":
            return self.learner_has_missed
        if action == "next_lesson":
            return self._next_module() is not None
        return True

    def action_retake(self) -> None:
        self.app.start_quiz(self.module, replace=True)

    def action_practise(self) -> None:
        self.app.start_practice(self.module, replace=True)

    def action_next_lesson(self) -> None:
        module = self._next_module()
        if module:
            self.app.pop_screen()
            self.app.open_lesson(module)
