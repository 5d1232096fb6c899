"""The words around the lessons: the welcome, the help page with every key, the crisis line.

Kept out of the UI so that `ketamine-course read help` prints exactly what F1 shows in the
app. The key table here is what learners read; a test checks it against the app's bindings.
"""

from __future__ import annotations

from course.content.model import Course
from course.outputs.plaintext import Writer, crisis_lines, fill
from course.i18n import _, N_, ngettext

PACE = N_("Stop whenever you like: the course remembers where you were.")

PRIVACY = N_("Your progress stays on this computer, in a private file. Nothing is sent anywhere.")

# (where, [(keys, what they do)]) — the keys as a learner types them.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (N_("Everywhere"), [
        (N_("F1 or ?"), N_("Help: this page, with the crisis line and the notice")),
        (N_("F2 or !"), N_("Crisis line: who to call or text right now")),
        (N_("Ctrl+P"), N_("Command palette: go to a lesson, search the lessons, my questions, my progress, "
                   "messages (every notice shown so far), switch learner or role, change the theme")),
        (N_("Tab, Shift+Tab"), N_("Move between the parts of a screen")),
        (N_("Escape"), N_("Go back, or close a window")),
        (N_("Ctrl+Q"), N_("Quit; your progress is saved (an unfinished quiz asks first)")),
    ]),
    (N_("Course map"), [
        ("c", N_("Continue exactly where you left off")),
        (N_("Up, Down"), N_("Choose a module; its objectives show beside the list")),
        (N_("Enter"), N_("Open the chosen module where you were in it")),
        ("q", N_("Take the chosen module's quiz")),
        ("p", N_("Practise the missed questions due for review today")),
        ("/", N_("Search the lessons")),
        ("m", N_("My questions to ask my provider")),
        ("r", N_("My progress on your path: what is still to do, and the completion record for volunteers")),
        ("l", N_("Switch learner, add a learner, or change your name or role")),
    ]),
    (N_("Reading a lesson"), [
        (N_("Right or n"), N_("Next page (after the key points: the quiz)")),
        (N_("Left or b"), N_("Previous page")),
        (N_("Up, Down, PgUp, PgDn"), N_("Scroll a long page")),
        ("a", N_("Add a question to ask your provider to your list")),
        ("q", N_("Take this lesson's quiz")),
        ("f", N_("Show or hide the facilitator notes (facilitators only)")),
        ("p", N_("Presenter view: the key points, large, for a shared screen (facilitators only)")),
        ("g", N_("Group quiz on a shared screen, answers hidden until revealed (facilitators only)")),
        ("x", N_("Print for a session: session plan, handout or answer key (facilitators only)")),
        (N_("Escape"), N_("Back to the course map; your place is kept")),
    ]),
    (N_("Quiz and practice"), [
        (N_("1 to 9"), N_("Choose that answer (one answer), or tick and untick it (several answers)")),
        (N_("Up, Down, Space"), N_("Move between answers; Space ticks or unticks")),
        (N_("Enter"), N_("Answer; after the feedback, go on to the next question")),
        ("s", N_("After answering: read the section that teaches this question")),
        (N_("Escape"), N_("Leave the quiz; with answers given, keep them to carry on later, or discard them")),
    ]),
    (N_("Quiz results"), [
        ("r", N_("Take the quiz again, with a fresh set of questions")),
        ("p", N_("Practise what you missed: it comes back after other questions, then on later days, "
              "until you get it right on three separate days")),
        ("n", N_("Go on to the next lesson")),
        (N_("Escape"), N_("Back to the course map")),
    ]),
    (N_("My questions"), [
        ("a", N_("Write a question of your own")),
        ("s", N_("Add questions the lessons suggest (Enter adds one; Escape when done)")),
        (N_("Enter or e"), N_("Change the wording of the chosen question")),
        (N_("Space"), N_("Mark the chosen question asked (✓ asked), or not asked yet")),
        (N_("Shift+Up/Down or [ ]"), N_("Move the chosen question up or down the list")),
        (N_("d or Delete"), N_("Delete the chosen question")),
        (N_("z or Ctrl+Z"), N_("Undo: bring back the question you deleted last")),
        ("x", N_("Export your list to print: a web page, Markdown or plain text")),
        (N_("Escape"), N_("Back")),
    ]),
    (N_("My progress"), [
        ("x", N_("Export your completion record, once the course is complete (assessed learners)")),
        ("p", N_("Practise the missed questions due for review today")),
        (N_("Escape"), N_("Back")),
    ]),
    (N_("Presenter view (facilitators)"), [
        (N_("Right, n or Space"), N_("Next key point")),
        (N_("Down or PgDn"), N_("Next key point too (what a presenter's clicker sends)")),
        (N_("Left, Up or PgUp"), N_("Previous key point")),
        (N_("b or ."), N_("Black the screen (the same key, or Escape, brings it back)")),
        (N_("Escape"), N_("Leave the presenter view")),
    ]),
    (N_("Group quiz (facilitators)"), [
        (N_("Enter or r"), N_("Reveal the answer, each option's feedback and the explanation")),
        (N_("Enter"), N_("After the answer: the next question")),
        (N_("Right or n"), N_("Next question, revealed or not")),
        (N_("Left or b"), N_("Previous question")),
        (N_("Up, Down"), N_("Scroll a long question")),
        ("o", N_("Open a room: everyone answers on their own phone or laptop")),
        (N_("Escape"), N_("Leave the group quiz")),
    ]),
    (N_("Room quiz (facilitators)"), [
        (N_("Enter"), N_("Open the first question, reveal the answer, the next question, end the quiz")),
        (N_("Right, n or PgDn"), N_("Next question (it opens for answers)")),
        (N_("Left, p or PgUp"), N_("Previous question")),
        ("s", N_("Show or hide the spread of answers (bars in words and numbers)")),
        ("j", N_("Show or hide the join address and code")),
        (N_("b or ."), N_("Black the screen")),
        ("e", N_("Save the summary (Markdown and CSV)")),
        (N_("Escape"), N_("Close the room (it offers to save the summary first)")),
    ]),
    (N_("Windows: export, suggestions, messages"), [
        (N_("Up, Down, Enter"), N_("Choose")),
        ("c", N_("In messages: dismiss the notices still showing in the corner, and close")),
        (N_("Escape"), N_("Close, or cancel: nothing changes")),
    ]),
]


def keys_table() -> list[tuple[str, list[tuple[str, str]]]]:
    """KEYS in the language in use ("F1 or ?" becomes "F1 o ?")."""
    return [(_(where), [(_(keys), _(what)) for keys, what in rows]) for where, rows in KEYS]


def welcome_summary(course: Course) -> str:
    minutes = sum(module.minutes for module in course.modules)
    modules = ngettext("{n} short module, about {minutes} minutes in all, with a short quiz.",
                       "{n} short modules, about {minutes} minutes in all, each with a short quiz.",
                       len(course.modules)).format(n=len(course.modules), minutes=minutes)
    return f"{modules} {_(PACE)}"


def help_text(course: Course, emphasis: bool = False) -> str:
    """The help page as plain text (for `ketamine-course read help`)."""
    out = Writer(emphasis)
    out.heading(_("Help: {title}").format(title=course.title))
    out.para(course.disclaimer)
    out.heading(_("In crisis?"), "-")
    out.items(crisis_lines(course))
    table = keys_table()
    width = max(len(keys) for _where, rows in table for keys, _what in rows)
    for where, rows in table:
        out.heading(where, "-")
        for keys, what in rows:
            out.lines.append(fill(what, initial_indent=f"  {keys.ljust(width)}  ", subsequent_indent=" " * (width + 4)))
        out.lines.append("")
    out.para(_(PRIVACY))
    return out.text()


def help_markdown(course: Course) -> str:
    """The same help page as Markdown, for the app's help screen."""
    lines = ["# " + _("Help: {title}").format(title=course.title), "", course.disclaimer, "", "## " + _("In crisis?"), ""]
    lines += [f"- **{line.name}:** {line.how}" for line in course.crisis] + [""]  # the name bold, not every line
    for where, rows in keys_table():
        lines += [f"## {where}", ""]
        lines += [f"- **{keys}**: {what}" for keys, what in rows]
        lines.append("")
    lines.append(_(PRIVACY))
    return "\n".join(lines) + "\n"
