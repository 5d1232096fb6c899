"""The words around the lessons: the welcome, the help page with every key, the crisis line.

Kept out of the UI so that `ketamine-course read help` prints exactly what F1 shows in the
app. The key table here is what learners read; a test checks it against the app's bindings.
"""

from __future__ import annotations

from course.content.model import Course
from course.outputs.plaintext import Writer, crisis_lines, fill

ABOUT = (
    "A calm, self-paced course about ketamine therapy for depression: what it is, how "
    "treatment goes, its risks, and how to prepare to talk with your provider."
)
PACE = "Stop whenever you like: the course remembers where you were."

PRIVACY = "Your progress stays on this computer, in a private file. Nothing is sent anywhere."

# (where, [(keys, what they do)]) — the keys as a learner types them.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Everywhere", [
        ("F1 or ?", "Help: this page, with the crisis line and the notice"),
        ("F2 or !", "Crisis line: who to call or text right now"),
        ("Ctrl+P", "Command palette: go to a lesson, search the lessons, my questions, my progress, "
                   "messages (every notice shown so far), switch learner or role, change the theme"),
        ("Tab, Shift+Tab", "Move between the parts of a screen"),
        ("Escape", "Go back, or close a window"),
        ("Ctrl+Q", "Quit; your progress is saved"),
    ]),
    ("Course map", [
        ("c", "Continue exactly where you left off"),
        ("Up, Down", "Choose a module; its objectives show beside the list"),
        ("Enter", "Open the chosen module where you were in it"),
        ("q", "Take the chosen module's quiz"),
        ("p", "Practise the missed questions due for review today"),
        ("/", "Search the lessons"),
        ("m", "My questions to ask my provider"),
        ("r", "My progress on your path: what is still to do, and the completion record for volunteers"),
        ("l", "Switch learner, add a learner, or change your name or role"),
    ]),
    ("Reading a lesson", [
        ("Right or n", "Next page (after the key points: the quiz)"),
        ("Left or b", "Previous page"),
        ("Up, Down, PgUp, PgDn", "Scroll a long page"),
        ("a", "Add a question to ask your provider to your list"),
        ("q", "Take this lesson's quiz"),
        ("f", "Show or hide the facilitator notes (facilitators only)"),
        ("p", "Presenter view: the key points, large, for a shared screen (facilitators only)"),
        ("g", "Group quiz on a shared screen, answers hidden until revealed (facilitators only)"),
        ("x", "Print for a session: session plan, handout or answer key (facilitators only)"),
        ("Escape", "Back to the course map; your place is kept"),
    ]),
    ("Quiz and practice", [
        ("1 to 9", "Choose that answer (one answer), or tick and untick it (several answers)"),
        ("Up, Down, Space", "Move between answers; Space ticks or unticks"),
        ("Enter", "Answer; after the feedback, go on to the next question"),
        ("s", "After answering: read the section that teaches this question"),
        ("Escape", "Leave the quiz (an unfinished quiz is not scored)"),
    ]),
    ("Quiz results", [
        ("r", "Take the quiz again, with a fresh set of questions"),
        ("p", "Practise what you missed: it comes back after other questions, then on later days, "
              "until you get it right on three separate days"),
        ("n", "Go on to the next lesson"),
        ("Escape", "Back to the course map"),
    ]),
    ("My questions", [
        ("a", "Write a question of your own"),
        ("s", "Add questions the lessons suggest (Enter adds one; Escape when done)"),
        ("Enter or e", "Change the wording of the chosen question"),
        ("Space", "Mark the chosen question asked (✓ asked), or not asked yet"),
        ("Shift+Up/Down or [ ]", "Move the chosen question up or down the list"),
        ("d or Delete", "Delete the chosen question"),
        ("z or Ctrl+Z", "Undo: bring back the question you deleted last"),
        ("x", "Export your list to print: a web page, Markdown or plain text"),
        ("Escape", "Back"),
    ]),
    ("My progress", [
        ("x", "Export your completion record, once the course is complete (assessed learners)"),
        ("p", "Practise the missed questions due for review today"),
        ("Escape", "Back"),
    ]),
    ("Presenter view (facilitators)", [
        ("Right, n or Space", "Next key point"),
        ("Down or PgDn", "Next key point too (what a presenter's clicker sends)"),
        ("Left, Up or PgUp", "Previous key point"),
        ("b or .", "Black the screen (the same key, or Escape, brings it back)"),
        ("Escape", "Leave the presenter view"),
    ]),
    ("Group quiz (facilitators)", [
        ("Enter or r", "Reveal the answer, each option's feedback and the explanation"),
        ("Enter", "After the answer: the next question"),
        ("Right or n", "Next question, revealed or not"),
        ("Left or b", "Previous question"),
        ("Up, Down", "Scroll a long question"),
        ("o", "Open a room: everyone answers on their own phone or laptop"),
        ("Escape", "Leave the group quiz"),
    ]),
    ("Room quiz (facilitators)", [
        ("Enter", "Open the first question, reveal the answer, the next question, end the quiz"),
        ("Right, n or PgDn", "Next question (it opens for answers)"),
        ("Left, p or PgUp", "Previous question"),
        ("s", "Show or hide the spread of answers (bars in words and numbers)"),
        ("j", "Show or hide the join address and code"),
        ("b or .", "Black the screen"),
        ("e", "Save the summary (Markdown and CSV)"),
        ("Escape", "Close the room (it offers to save the summary first)"),
    ]),
    ("Windows: export, suggestions, messages", [
        ("Up, Down, Enter", "Choose"),
        ("c", "In messages: dismiss the notices still showing in the corner, and close"),
        ("Escape", "Close, or cancel: nothing changes"),
    ]),
]


def welcome_summary(course: Course) -> str:
    minutes = sum(module.minutes for module in course.modules)
    return f"{len(course.modules)} short modules, about {minutes} minutes in all, each with a short quiz. {PACE}"


def help_text(course: Course, emphasis: bool = False) -> str:
    """The help page as plain text (for `ketamine-course read help`)."""
    out = Writer(emphasis)
    out.heading(f"Help: {course.title}")
    out.para(course.disclaimer)
    out.heading("In crisis?", "-")
    out.items(crisis_lines(course))
    width = max(len(keys) for _, rows in KEYS for keys, _ in rows)
    for where, rows in KEYS:
        out.heading(where, "-")
        for keys, what in rows:
            out.lines.append(fill(what, initial_indent=f"  {keys.ljust(width)}  ", subsequent_indent=" " * (width + 4)))
        out.lines.append("")
    out.para(PRIVACY)
    return out.text()


def help_markdown(course: Course) -> str:
    """The same help page as Markdown, for the app's help screen."""
    lines = [f"# Help: {course.title}", "", course.disclaimer, "", "## In crisis?", ""]
    lines += [f"- **{line.name}:** {line.how}" for line in course.crisis] + [""]  # the name bold, not every line
    for where, rows in KEYS:
        lines += [f"## {where}", ""]
        lines += [f"- **{keys}**: {what}" for keys, what in rows]
        lines.append("")
    lines.append(PRIVACY)
    return "\n".join(lines) + "\n"
