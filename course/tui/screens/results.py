"""Quiz results: the score, passed or not against the course's pass mark (or, for a self-check, what
was right), and what to look at again."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

from course import keymap
from course.content.model import Module
from course.i18n import _, ngettext
from course.learning.completion import is_assessed
from course.learning.overview import next_module, to_practise
from course.learning.quiz import Drawn, Result
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.reading import MoreBelow, ReadingScroll


def results_blocks(module: Module, drawn: list[Drawn], result: Result, pass_mark: int,
                   assessed: bool = True) -> list[tuple[Content, str]]:
    """The score (and, for an assessed learner, passed or not in words and a symbol), then each
    missed question with its right answer and the section that teaches it: (text, CSS class) blocks.
    A self-check also lists what was right, and never says passed or not."""
    right = len(drawn) - len(result.missed)
    if not assessed:
        blocks = [(Content(ngettext("{right} of {total} right", "{right} of {total} right", len(drawn)).format(
                      right=right, total=len(drawn))), "verdict"),
                  (Content(_("A self-check: it shows what you know and what to look at again. There is no pass "
                             "mark.")), "")]
        missed = {id(d) for d in result.missed}
        got = [d.question.prompt for d in drawn if id(d) not in missed]
        if got:
            blocks.append((Content(_("What you got right")), "label"))
            blocks += [(Content(f"✓ {prompt}"), "indented hang") for prompt in got]
    elif result.passed:
        blocks = [(Content(_("✓ Passed: {score}%").format(score=result.score)), "verdict right"),
                  (Content(_("You answered {right} of {total} questions correctly. The pass mark is {mark}%.").format(
                      right=right, total=len(drawn), mark=pass_mark)), "")]
    else:
        blocks = [(Content(_("✗ Not passed yet: {score}%").format(score=result.score)), "verdict wrong"),
                  (Content(_("You answered {right} of {total} questions correctly; {mark}% is needed to pass. Take "
                             "your time: you can practise what you missed and try again whenever you like.").format(
                      right=right, total=len(drawn), mark=pass_mark)), "")]
    if not result.missed:
        return blocks + [(Content(_("You missed nothing. Well done.")), "label")]
    blocks.append((Content(_("What you missed") if assessed else _("To look at again")), "label"))
    for item in result.missed:
        question = item.question
        blocks.append((Content(f"{'✗' if assessed else '→'} {question.prompt}"), "missed hang"))
        correct = [option.text for option in question.options if option.correct]
        label = _("Right answers: {answers}") if len(correct) > 1 else _("Right answer: {answers}")
        blocks.append((Content(label.format(answers="; ".join(correct))), "indented hang"))
        index = module.section_index(question.section)
        if index is not None:
            blocks.append((Content(_("Taught in “{section}”").format(section=module.sections[index].title)), "indented"))
    return blocks


_LEAD = re.compile(r"^(?:[✓✗→] |[^:：]{1,30}[:：] )")  # "✗ ", "Right answers: ", "Respuestas correctas: "


class Hanging(Static):
    """A line whose wrapped lines hang under its words, not under its mark or label: "✗ " before
    a missed question, "Right answers: " before the answers. A label the translation puts
    anywhere but first simply wraps."""

    DEFAULT_CSS = "Hanging { height: auto; }"

    def __init__(self, text: Content, *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.text = text
        lead = _LEAD.match(text.plain)
        self.hang = len(lead.group(0)) if lead else 0

    def render(self) -> Content:
        return self._lines(self.content_region.width or self.app.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width).plain.split("\n"))

    def _lines(self, width: int) -> Content:
        if self.hang == 0 or width - self.hang < 10 or self.text.cell_length <= width:
            return Content("\n").join(self.text.wrap(max(1, width)))
        lead, words = self.text[:self.hang], self.text[self.hang:]
        lines = words.wrap(width - self.hang)
        return Content("\n").join([lead + lines[0], *(Content(" " * self.hang) + line for line in lines[1:])])


class ResultsScreen(CourseScreen):
    CSS_PATH = "results.tcss"
    PLACE = keymap.RESULTS
    BINDINGS = bindings_for(PLACE)

    def __init__(self, module: Module, drawn: list[Drawn], answers: list[set[int]], result: Result) -> None:
        super().__init__()
        self.module = module
        self.drawn = drawn
        self.answers = answers
        self.result = result

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        heading = _("Quiz results: {title}") if is_assessed(self.app.active_learner) else _("Self-check: {title}")
        yield Static(Content(heading.format(title=self.module.title)), id="results-title", classes="title")
        with ReadingScroll(id="results"):
            for text, css in results_blocks(self.module, self.drawn, self.result, self.app.course.pass_mark,
                                            is_assessed(self.app.active_learner)):
                if "hang" in css.split():
                    yield Hanging(text, classes=css)
                else:
                    yield Static(text, classes=css)
        yield MoreBelow("results")
        yield Static(Content(self._next_steps()), id="results-next")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Results")
        self.query_one("#results").focus()

    def _next_steps(self) -> str:
        steps = [_("r: retake with new questions")]
        if self.learner_has_missed:
            steps.append(_("p: practise what you missed"))
        if self._next_module():
            steps.append(_("n: next lesson"))
        steps.append(_("Escape: course map"))
        return " · ".join(steps)

    @property
    def learner_has_missed(self) -> bool:
        return to_practise(self.app.active_learner, self.app.course)[self.module.id] > 0

    def _next_module(self) -> Module | None:
        return next_module(self.app.course, self.app.active_learner, self.module)

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
