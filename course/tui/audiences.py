"""What each kind of learner takes away, opened from keys and from the command palette.

Patients: my questions (`app.action_my_questions`). Volunteers: my progress and the completion
record. Facilitators: the presenter view, the group quiz and the session files (plan, handout,
answer key), offered to the facilitator role only. And for everyone: the messages of the session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import App

from course.i18n import _
from course.content.model import Module
from course.learning.overview import modules_for

Command = tuple[str, str, Callable[[], object]]


def is_facilitator(app: App) -> bool:
    return app.learner is not None and app.learner.role == "facilitator"


def open_my_progress(app: App) -> None:
    from course.tui.screens.my_progress import ProgressScreen

    app.push_screen(ProgressScreen())


def open_messages(app: App) -> None:
    from course.tui.screens.messages import MessagesScreen

    if not isinstance(app.screen, MessagesScreen):
        app.push_screen(MessagesScreen())


def open_presenter(app: App, module: Module) -> None:
    from course.tui.screens.presenter import PresenterScreen

    if is_facilitator(app):
        app.push_screen(PresenterScreen(module))


def open_group_quiz(app: App, module: Module) -> None:
    if not is_facilitator(app):
        return
    if not module.questions:
        app.notify(_("This lesson has no quiz questions for a group quiz."))
        return
    from course.tui.screens.group_quiz import GroupQuizScreen

    app.push_screen(GroupQuizScreen(module))


def open_session_exports(app: App, module: Module) -> None:
    """Choose what to print for a session from `module`, then the format, then deliver it."""
    if not is_facilitator(app):
        return
    from course.tui.exporting import choose_format, export_for_session, session_export_label
    from course.tui.screens.session_exports import SessionExportsScreen

    def chosen(choice: str | None) -> None:
        if choice:
            choose_format(app, session_export_label(choice), lambda fmt: export_for_session(app, module, choice, fmt))

    app.push_screen(SessionExportsScreen(module), chosen)


def toggle_assessment_from_palette(app: App) -> None:
    from course.tui.screens.learners import toggle_assessment

    if is_facilitator(app):
        toggle_assessment(app)
        app.show_map()


def export_plan_for_all(app: App) -> None:
    from course.tui.exporting import choose_format, export_plan

    choose_format(app, "Session plan", lambda fmt: export_plan(app, None, fmt))


def messages_command(app: App) -> Command:
    """Offered from the very first screen: a notice about the progress file comes before anything."""
    return (_("Messages"), _("Every notice shown this session, newest first"), partial(open_messages, app))


def learner_commands(app: App) -> list[Command]:
    """The palette's commands for these screens once there is a learner; the facilitator's last."""
    found: list[Command] = [(_("My progress and completion record"),
                             _("What is still to do; export the record once complete"), partial(open_my_progress, app))]
    if not is_facilitator(app):
        return found
    found.append((_("Quizzes: assessed or self-checks"), _("Choose whether your quizzes count against the pass mark"),
                  partial(toggle_assessment_from_palette, app)))
    found.append((_("Session plan for every lesson with facilitator notes"), _("Timings, notes and prompts to print"),
                  partial(export_plan_for_all, app)))
    for module in modules_for(app.course, app.learner):
        number = app.course.position(module)
        found.append((_("Presenter view: lesson {number}, {title}").format(number=number, title=module.title), _("Its key points, large, for a shared screen"),
                      partial(open_presenter, app, module)))
        if module.questions:
            found.append((_("Group quiz: lesson {number}, {title}").format(number=number, title=module.title), _("Reveal the answers when the room is ready"),
                          partial(open_group_quiz, app, module)))
        found.append((_("Session files: lesson {number}, {title}").format(number=number, title=module.title), _("Session plan, handout or answer key to print"),
                      partial(open_session_exports, app, module)))
    return found
