"""The app's exports: the very text the command line writes (`course.outputs`),
handed to the person with `deliver_export`. Screens and palette commands call these; none of
them builds export text itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from course.content.model import Module
from course.i18n import N_, _, ngettext
from course.outputs.common import FORMATS
from course.outputs.handout import handout_export
from course.outputs.plan import plan_export
from course.outputs.questions import questions_export
from course.outputs.record import NotAssessed, NotComplete, record_export
from course.tui.delivery import deliver_export

if TYPE_CHECKING:
    from course.tui.app import CourseApp

# What a facilitator can take from a lesson: (id, what the menu says).
SESSION_EXPORTS = [
    ("plan", N_("Session plan for this lesson: timings, notes, prompts")),
    ("plan-all", N_("Session plan for every lesson with facilitator notes")),
    ("handout", N_("Handout for this lesson: key points and questions, no answers")),
    ("answer-key", N_("Answer key for this lesson: keep it for yourself")),
]


def choose_format(app: CourseApp, what: str, then: Callable[[str], object], formats: tuple[str, ...] = FORMATS) -> None:
    """Ask for a format in a small dialog, then call `then(format)`; nothing if cancelled."""
    from course.tui.screens.export_format import FormatScreen

    def chosen(fmt: str | None) -> None:
        if fmt:
            then(fmt)

    app.push_screen(FormatScreen(what, formats), chosen)


def export_questions(app: CourseApp, fmt: str) -> Path | None:
    return deliver_export(app, f"my-questions.{fmt}", questions_export(app.course, app.active_learner, fmt))


def export_record(app: CourseApp, fmt: str) -> Path | None:
    try:
        text = record_export(app.course, app.active_learner, fmt)
    except NotAssessed as error:
        app.notify(str(error), title=_("Completion record"), severity="warning")
        return None
    except NotComplete as error:
        count = len(error.missing)
        app.notify(ngettext("Not yet complete, so there is no record yet: {count} thing still to do, listed on the progress screen.",
                            "Not yet complete, so there is no record yet: {count} things still to do, listed on the progress screen.",
                            count).format(count=count), title=_("Completion record"), severity="warning")
        return None
    return deliver_export(app, f"completion-record.{fmt}", text)


def export_plan(app: CourseApp, modules: list[Module] | None, fmt: str) -> Path | None:
    """The session plan for `modules`; None: every lesson with facilitator notes."""
    name = f"session-plan-lesson-{app.course.position(modules[0])}" if modules and len(modules) == 1 else "session-plan"
    return deliver_export(app, f"{name}.{fmt}", plan_export(app.course, modules, fmt))


def export_handout(app: CourseApp, module: Module, fmt: str, answer_key: bool = False) -> Path | None:
    name = f"{'answer-key' if answer_key else 'handout'}-lesson-{app.course.position(module)}"
    return deliver_export(app, f"{name}.{fmt}", handout_export(app.course, [module], fmt, answer_key=answer_key))


def export_for_session(app: CourseApp, module: Module, choice: str, fmt: str) -> Path | None:
    """One of SESSION_EXPORTS, from the lesson `module`."""
    if choice in ("plan", "plan-all"):
        return export_plan(app, [module] if choice == "plan" else None, fmt)
    return export_handout(app, module, fmt, answer_key=choice == "answer-key")


def session_export_label(choice: str) -> str:
    return _(dict(SESSION_EXPORTS)[choice]).split(":")[0]

