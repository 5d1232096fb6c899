"""The course map: every module with its status, minutes and quiz result; objectives beside it.

Status is shown in words and symbols (✓ Done, ◐ In progress, ○ Not started), never colour alone.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import OptionList, Static

from course import keymap
from course.i18n import _, format_percent, ngettext
from course.learning.completion import completion, is_assessed
from course.learning.overview import (
    ModuleSummary,
    audiences_text,
    due_today_text,
    overall,
    resume_point,
    role_label,
    summarize,
)
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.choices import ModuleList
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.reading import MoreBelow, ReadingScroll
from course.tui.widgets.rows import Row

BAR_WIDTH = 10
RESTING = 0.2  # seconds on a module (the highlight still) before the lesson it opens is prepared


def progress_bar(percent: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * percent / 100)
    return "█" * filled + "░" * (width - filled) + " " + format_percent(percent)


class MapScreen(CourseScreen):
    CSS_PATH = "course_map.tcss"
    PLACE = keymap.MAP
    BINDINGS = bindings_for(PLACE)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ModuleSummary] = []
        self._shown_learner: str | None = None
        self._just_mounted = False
        self._filling = False  # the list being filled: its highlight moves, the details are shown after
        self._resting: Timer | None = None  # prepares the highlighted module's lesson when it fires

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        yield Static(id="map-overall")
        with Horizontal(id="map-body"):
            yield ModuleList(id="modules")
            with Vertical(id="module-column"):
                with ReadingScroll(id="module-details", more_keys=_("Tab, then ↓")):
                    yield Static(id="module-info")
                yield MoreBelow("module-details")
        yield Static(id="map-continue")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Course map")
        # The details follow the highlight in the same turn, not when its message arrives: the
        # list's new highlight was drawn a frame before the details beside it.
        self.watch(self.query_one(ModuleList), "highlighted", self._highlight_moved, init=False)
        self.refresh_map()
        self._just_mounted = True
        self.query_one(ModuleList).focus()

    def on_screen_resume(self) -> None:
        if self._just_mounted:  # the resume that follows the first push: the map is fresh
            self._just_mounted = False
            return
        self.refresh_map()

    def on_screen_suspend(self) -> None:
        if self._resting is not None:  # a screen over the map: no lesson prepared under it
            self._resting.stop()
            self._resting = None

    def refresh_map(self) -> None:
        app = self.app
        learner = app.learner
        # A second "show the map" can come while the first is still being built (Enter typed
        # twice fast): on_mount fills the map once it is there.
        if learner is None or not self.query(ModuleList):
            return
        self.rows = summarize(app.course, learner)
        self._filling = True  # the details once, below
        modules = self.query_one(ModuleList)
        keep = modules.highlighted if self._shown_learner == app.progress.active_learner else None
        self._shown_learner = app.progress.active_learner
        if keep is None:  # first show, or another learner: the module "continue" would open
            point = resume_point(app.course, learner)
            keep = next((i for i, row in enumerate(self.rows) if point and row.module is point.module), 0)
        modules.show([self._row_prompt(row) for row in self.rows], keep, ids=[row.module.id for row in self.rows])
        self._filling = False
        self._show_overall()
        self._show_details()
        self._rest()

    def _row_prompt(self, row: ModuleSummary) -> Row:
        return [(f"{row.symbol} {row.position}. {row.module.title}", "bold"),  # made into Content when drawn
                _("  {status} · {minutes} min · {quiz}").format(status=row.status_words, minutes=row.module.minutes, quiz=row.quiz_short)]

    def _show_overall(self) -> None:
        learner = self.app.active_learner
        summary = overall(self.rows)
        who = _("{name} · {role}").format(name=learner.name or _("You"), role=role_label(learner.role))
        due = due_today_text(learner, self.app.course)
        practise = " · " + _("{due} (p)").format(due=due) if due else ""
        self.query_one("#map-overall", Static).update(Content.assemble(
            (who, "bold"), "   ", _("r: my progress and completion record") if is_assessed(learner) else _("r: my progress"),
            "\n", f"{progress_bar(summary.percent)}  {summary.text}{practise}"))
        point = resume_point(self.app.course, learner)
        started = any(row.status != "not_started" for row in self.rows)
        press = _("Press c to continue: {where}") if started else _("Press c to start: {where}")
        if point:
            text = press.format(where=point.describe(self.app.course))
        elif not is_assessed(learner):
            text = _("✓ You have read every lesson. Choose a module to read it again, or take its quiz.")
        elif completion(self.app.course, learner).complete:  # say where the record is, not only "read again"
            text = _("✓ Course complete. Press r for your completion record, or choose a module to read it again.")
        else:
            text = _("✓ You have read every lesson. Press r to see the quizzes still to pass.")
        self.query_one("#map-continue", Static).update(Content(text))

    @property
    def current(self) -> ModuleSummary | None:
        index = self.query_one(ModuleList).highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def _show_details(self) -> None:
        row = self.current
        info = self.query_one("#module-info", Static)
        if row is None:
            info.update("")
            return
        module, course = row.module, self.app.course
        parts: list[str | tuple[str, str]] = [
            (module.title, "bold"), "\n",
            _("About {minutes} minutes · {audiences}").format(minutes=module.minutes, audiences=audiences_text(module)), "\n\n",
            (_("Status:") + " ", "bold"), row.status_text,
            f" ({row.where_text})" if row.status == "in_progress" else "", "\n",
            (_("Quiz:") + " ", "bold") if row.assessed else (_("Self-check: "), "bold"),
            row.quiz_result(course.pass_mark) if row.assessed else row.self_check_text,
        ]
        if module.has_quiz:
            size = min(course.quiz_size, len(module.questions))
            parts.append(" · " + (_("{size} questions, {mark}% to pass") if row.assessed
                                  else ngettext("{size} question", "{size} questions", size)).format(
                size=size, mark=course.pass_mark))
        parts.append("\n")
        if row.to_practise:
            parts += [ngettext("{n} missed question due for review today: press p",
                               "{n} missed questions due for review today: press p",
                               row.to_practise).format(n=row.to_practise), "\n"]
        parts += ["\n", (_("What you will learn"), "bold"), "\n"]
        parts += [item for objective in module.objectives for item in ("• ", objective, "\n")]
        parts += ["\n", _("Enter: read this module · q: take its quiz") if row.assessed
                  else _("Enter: read this module · q: take its self-check")]
        info.update(Content.assemble(*parts))

    def _highlight_moved(self) -> None:
        if not self._filling:
            self._show_details()
            self._rest()

    def _rest(self) -> None:
        """(Re)start the wait for the learner to rest on a module (a key held down never waits out)."""
        if self._resting is not None:
            self._resting.stop()
        self._resting = self.set_timer(RESTING, self._prepare_lesson)

    def _prepare_lesson(self) -> None:
        """The learner rests on a module: the lesson screen (kept, hidden) prepares the page Enter
        would open, so that the key only shows it (`LessonScreen.prepare`)."""
        self._resting = None
        row, app = self.current, self.app
        if row is None or not self.is_current or not app.is_screen_installed("lesson"):
            return
        from course.tui.screens.lesson import LessonScreen

        lesson = app.get_screen("lesson")
        if isinstance(lesson, LessonScreen):
            lesson.prepare(row.module, app.lesson_start(row.module))

    @on(OptionList.OptionSelected, "#modules")
    def open_module(self) -> None:
        if self.current:
            self.app.open_lesson(self.current.module)

    def action_quiz(self) -> None:
        if self.current:
            self.app.start_quiz(self.current.module)
