"""My progress: what completing the course takes, what is still to do, and (once complete) the
completion record to export. The rule and the words are `course.learning.completion`'s, so this screen,
`ketamine-course export record` and the group report always agree.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from course import keymap
from course.i18n import N_, _, format_percent, ngettext
from course.learning.completion import ROLE_PATHS, Completion, ModuleCompletion, completion
from course.learning.overview import due_today_text
from course.outputs.common import long_date
from course.outputs.record import RECORD_FORMATS
from course.outputs.render import aligned_table
from course.tui.bindings import bindings_for
from course.tui.screens.base import CourseScreen
from course.tui.widgets.bullets import BulletList
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.header import CourseHeader
from course.tui.widgets.reading import MoreBelow, ReadingScroll

HEADERS = (N_("Lesson"), N_("Read"), N_("Quiz"), N_("Best score"), N_("Attempts"))
SELF_CHECK_HEADERS = (N_("Lesson"), N_("Read"), N_("Self-check"), N_("Best score"), N_("Attempts"))


def module_row(module: ModuleCompletion) -> tuple[str, ...]:
    read = _("✓ read") if module.read else _("○ not yet")
    if not module.has_quiz:
        return (f"{module.position}. {module.title}", read, _("no quiz"), "", "")
    if not module.assessed:
        quiz = _("✓ tried") if module.best_score is not None else _("○ not yet")
    else:
        quiz = _("✓ passed") if module.passed else _("○ not yet") if module.best_score is None else _("✗ not passed")
    untried = _("not taken") if module.assessed else _("not tried")
    best = untried if module.best_score is None else format_percent(module.best_score)
    return (f"{module.position}. {module.title}", read, quiz, best, str(module.attempts))


class ProgressScreen(CourseScreen):
    CSS_PATH = "my_progress.tcss"
    PLACE = keymap.PROGRESS
    BINDINGS = bindings_for(PLACE)

    def compose(self) -> ComposeResult:
        yield CourseHeader()
        yield Static(id="progress-title", classes="title")
        with ReadingScroll(id="progress"):
            yield Static(id="progress-rule")
            yield Static(id="progress-verdict")
            yield Static(id="progress-table")
            with Vertical(id="progress-missing"):
                yield Static(Content.assemble((_("Still to do"), "bold")))
                yield BulletList()
        yield MoreBelow("progress")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = _("My progress")
        self.query_one("#progress").focus()

    async def on_screen_resume(self) -> None:
        await self.show_status()

    async def on_resize(self) -> None:
        await self.show_status()

    @property
    def status(self) -> Completion:
        return completion(self.app.course, self.app.active_learner)

    async def show_status(self) -> None:
        status = self.status
        self.query_one("#progress-title", Static).update(
            _("My progress and completion record") if status.assessed else _("My progress"))
        self.query_one("#progress-rule", Static).update(Content(self._rule(status)))
        if status.complete and status.completed_at is not None:  # completion() dates every complete path
            when = long_date(status.completed_at.astimezone().date())
            verdict = Content.assemble((_("✓ Complete on {date}.").format(date=when), "bold"), " ", (
                _("Press x to export your completion record to print or send.") if status.assessed
                else _("You have read every lesson on your path.")))
        else:
            count = len(status.missing)
            verdict = Content.assemble((_("○ Not yet complete"), "bold"), ": ", ngettext(
                "{n} thing still to do (listed below).", "{n} things still to do (listed below).", count).format(n=count),
                " " + _("The completion record can be exported once they are done.") if status.assessed else "")
        due = due_today_text(self.app.active_learner, self.app.course)
        if due:
            verdict = Content.assemble(verdict, "\n", _("{due}: press p to practise them.").format(due=due))
        self.query_one("#progress-verdict", Static).update(verdict)
        rows = tuple(module_row(module) for module in status.required)
        width = self.app.size.width - 4  # the padding and a scrollbar: a table that fits, or one block a lesson
        headers = tuple(_(header) for header in (HEADERS if status.assessed else SELF_CHECK_HEADERS))
        self.query_one("#progress-table", Static).update(Content("\n".join(aligned_table(headers, rows, width))))
        self.query_one("#progress-missing").display = bool(status.missing)
        await self.query_one("#progress-missing BulletList", BulletList).show(status.missing)
        self.refresh_bindings()

    @staticmethod
    def _rule(status: Completion) -> str:
        path = _(ROLE_PATHS[status.role])
        if status.assessed:
            return _("You complete the course by reading all the {path} to the end and passing each of their "
                     "quizzes with at least {mark}%.").format(path=path, mark=status.pass_mark)
        return _("You complete the course by reading all the {path} to the end. The quizzes are self-checks: "
                 "they show what you know and what to look at again, with no pass mark.").format(path=path)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return self.status.assessed
        if action == "practise":
            return bool(due_today_text(self.app.active_learner, self.app.course))
        return True

    def action_practise(self) -> None:
        self.app.start_practice()

    def action_export(self) -> None:
        from course.tui.exporting import choose_format, export_record

        if not self.status.complete:
            self.notify(_("Not yet complete: the things still to do are listed on this screen. "
                        "Your completion record can be exported once they are done."), title=_("Completion record"))
            return
        choose_format(self.app, _("Completion record"), lambda fmt: export_record(self.app, fmt), RECORD_FORMATS)
