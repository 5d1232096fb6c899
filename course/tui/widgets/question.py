"""One quiz question on screen: the prompt, the numbered answers, then the feedback.

Used by the quiz and by practice. The widget only shows things: the screen decides whether
an answer is right (through `course.learning.quiz`) and calls `reveal`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from course.i18n import N_, _, ngettext
from course.learning.quiz import Drawn
from course.tui.widgets.choices import AnswerList
from course.tui.widgets.reading import ReadingScroll

HINTS = {
    False: N_("Choose one answer: press its number, or use ↑ ↓ and Enter."),
    True: N_("Choose all that apply: press the numbers (or Space) to tick, then Enter."),
}


FEEDBACK_LINES = 14  # the feedback's blocks made ahead (one answer chosen, two right: 12); more are mounted when needed


def feedback(drawn: Drawn, chosen: set[int], right: bool, section_title: str | None) -> list[tuple[Content, str]]:
    """Right or wrong in words and a symbol, the chosen answers' feedback, the right answers, the
    explanation, where it is taught: (text, CSS class) blocks, so wrapped lines keep their indent."""
    shown = drawn.shown_options()
    verdict = (_("✓ Correct"), "verdict right") if right else (_("✗ Not quite"), "verdict wrong")
    blocks: list[tuple[Content, str]] = [(Content(verdict[0]), verdict[1])]
    for index in sorted(chosen):
        option = shown[index]
        mark = "✓" if option.correct else "✗"
        blocks += [(Content(_("{mark} You chose: {text}").format(mark=mark, text=option.text)), "chosen"), (Content(option.feedback), "indented")]
    if not right:
        correct = [option.text for option in shown if option.correct]
        label = ngettext("The right answer:", "The right answers:", len(correct))
        blocks.append((Content(label), "label"))
        blocks += [(Content(f"• {text}"), "indented") for text in correct]
    blocks += [(Content.assemble((_("Why:") + " ", "bold"), drawn.question.explanation), "why")]
    if section_title:
        blocks.append((Content(_("Taught in the section “{section_title}”: press s to read it.").format(section_title=section_title)), "where"))
    blocks.append((Content(_("Press Enter to go on.")), "go-on"))
    return blocks


def marks(drawn: Drawn, chosen: set[int]) -> dict[int, tuple[str, str]]:
    """Per answer shown: ✓ for a right answer, ✗ for a wrong one the learner chose."""
    result: dict[int, tuple[str, str]] = {}
    for index, option in enumerate(drawn.shown_options()):
        picked = index in chosen
        if option.correct:
            result[index] = ("✓", _("your answer, right") if picked else _("right answer"))
        elif picked:
            result[index] = ("✗", _("your answer, not right"))
    return result


class QuestionView(ReadingScroll, inherit_bindings=False):
    """Scrolls as a whole, so a long question with its feedback still fits a small terminal. The
    focus stays on the answers; once answered, Enter first shows the rest of the feedback (the
    screen asks `read_on`), so an explanation is never passed over unseen. No keys of its own:
    as the answers' container they would stand before the screen's Enter ("Next question") in
    the footer."""

    DEFAULT_CSS = """
    QuestionView {
        height: 1fr;
        padding: 0 1;
        scrollbar-gutter: stable;  /* the answers wrap the same whether or not the feedback scrolls */
    }

    #question-prompt {
        text-style: bold;
        margin: 1 0 0 0;
    }

    #question-hint {
        color: $text-muted;
        margin: 0 0 1 0;
    }

    #question-feedback {
        height: auto;
        margin: 1 0 0 0;  /* nothing under it: a blank row there was "1 more line below", one more Enter */
        padding: 0 1;
        border: round $border-blurred;
    }

    #question-feedback .verdict {
        text-style: bold;
        margin: 0 0 1 0;
    }

    #question-feedback .right {
        color: $text-success;
    }

    #question-feedback .wrong {
        color: $text-warning;
    }

    #question-feedback .chosen, #question-feedback .label {
        text-style: bold;
    }

    #question-feedback .indented {
        padding: 0 0 0 3;
    }

    #question-feedback .why, #question-feedback .where {
        margin: 1 0 0 0;
    }

    #question-feedback .go-on {
        margin: 1 0 0 0;
        text-style: bold;
    }
    """

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(id="question-prompt")
        yield Static(id="question-hint")
        yield AnswerList([], False, id="answers")
        box = Vertical(id="question-feedback")
        box.display = False  # shown by reveal
        with box:  # its lines made now: mounted at the first answer, they were laid out a frame later
            for _line in range(FEEDBACK_LINES):
                yield Static()

    def ask(self, drawn: Drawn) -> None:
        multiple = drawn.question.kind == "multiple"
        self.query_one("#question-prompt", Static).update(Content(drawn.question.prompt))
        hint = self.query_one("#question-hint", Static)
        hint.update(_(HINTS[multiple]))
        hint.display = True
        self.query_one("#question-feedback").display = False  # its lines are kept for the next feedback
        answers = self.query_one(AnswerList)
        answers.reset([option.text for option in drawn.shown_options()], multiple)
        answers.focus()
        self.more_keys = _("↓")  # moving through the answers brings the list into view
        self.scroll_home(animate=False)

    def reveal(self, drawn: Drawn, chosen: set[int], right: bool, section_title: str | None) -> None:
        self.query_one(AnswerList).show_outcome(marks(drawn, chosen))
        box = self.query_one("#question-feedback")
        blocks = feedback(drawn, chosen, right, section_title)
        # The last feedback's lines are reused: mounting new ones (and removing the old when the
        # next question is asked) drew the answer over two or three frames instead of one.
        kept = list(box.query_children(Static))
        for line, (text, css) in zip(kept, blocks):
            line.update(text)
            line.set_classes(css)
            line.display = True
        for line in kept[len(blocks):]:
            line.display = False
        if len(blocks) > len(kept):
            box.mount_all(Static(text, classes=css) for text, css in blocks[len(kept):])
        box.display = True
        self.query_one("#question-hint").display = False  # how to answer: two lines the feedback needs more
        self.more_keys = _("Enter")
        # Scrolled once the feedback is laid out, before that layout is drawn: the answer, the
        # feedback and the scroll in one frame (after the next refresh it was two frames later).
        after_layout = getattr(self.screen, "after_layout", None)
        (after_layout or self.call_after_refresh)(self._show_feedback)

    def _show_feedback(self) -> None:
        """Scroll only as far as the verdict and what is said about the learner's own answer need,
        so that the question stays in view above them where the terminal allows (at 80×24 scrolling
        the whole feedback into view left only its end); the rest is a key away ("more below")."""
        box = self.query_one("#question-feedback")
        lines = [line for line in box.query_children(Static) if line.display]
        if not lines or not box.display:
            return
        own = lines[0]
        for line in lines[1:]:
            if line.has_class("label") or line.has_class("why"):
                break
            own = line
        bottom = box.virtual_region.y + box.styles.gutter.top + own.virtual_region.bottom  # own: in the box's content
        target = max(0, bottom - self.scrollable_content_region.height)
        if target > round(self.scroll_y):
            self.scroll_to(y=target, animate=False, immediate=True)
