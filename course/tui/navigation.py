"""Opening what each kind of learner takes away, from keys and from the command palette.

Facilitators: the presenter view, the group quiz and the session files (plan, handout, answer
key) for a lesson, and the session plan for every lesson; offered to the facilitator role only.
(Patients' questions and volunteers' progress are the app's own actions.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.content.model import Module
from course.i18n import _

if TYPE_CHECKING:
    from course.tui.app import CourseApp


def is_facilitator(app: CourseApp) -> bool:
    return app.learner is not None and app.learner.role == "facilitator"


def open_presenter(app: CourseApp, module: Module) -> None:
    from course.tui.screens.presenter import PresenterScreen

    if is_facilitator(app):
        app.push_screen(app._kept_screen("presenter", PresenterScreen).load(module))


def open_group_quiz(app: CourseApp, module: Module) -> None:
    if not is_facilitator(app):
        return
    if not module.questions:
        app.notify(_("This lesson has no quiz questions for a group quiz."))
        return
    from course.tui.screens.group_quiz import GroupQuizScreen

    app.push_screen(app._kept_screen("group_quiz", GroupQuizScreen).load(module))


def open_session_exports(app: CourseApp, module: Module) -> None:
    """Choose what to print for a session from `module`, then the format, then deliver it."""
    if not is_facilitator(app):
        return
    from course.tui.exporting import choose_format, export_for_session, session_export_label
    from course.tui.screens.session_exports import SessionExportsScreen

    def chosen(choice: str | None) -> None:
        if choice:
            choose_format(app, session_export_label(choice), lambda fmt: export_for_session(app, module, choice, fmt))

    app.push_screen(SessionExportsScreen(module), chosen)


def toggle_assessment_from_palette(app: CourseApp) -> None:
    from course.tui.screens.learners import toggle_assessment

    if is_facilitator(app):
        toggle_assessment(app)
        app.show_map()


def export_plan_for_all(app: CourseApp) -> None:
    from course.tui.exporting import choose_format, export_plan

    if is_facilitator(app):
        choose_format(app, _("Session plan"), lambda fmt: export_plan(app, None, fmt))
