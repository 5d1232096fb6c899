"""Every key and command of the course, defined once.

Each `Command` below says what it does (a short label for the footer, a sentence for the help
page and the command palette), which keys run it (Textual's key names), where it applies (the
screens and widgets named below), for which roles, its place in the footer and whether the
command palette offers it. Everything else is made from this table: each screen's bindings
(`course.tui.bindings`), the footer (`course.tui.widgets.footer`), the command palette
(`course.tui.commands`) and the help page, in the app (F1) and from `ketamine-course read help`
(`course.outputs.helptext`). A test fails when a screen binds a key that is not here.

Each command's `id` is the name a learner uses to change its keys in keys.toml (`read_user_keys`;
docs/accessibility.md). Plain data with no textual import, so `read help` prints it quickly.

The footer's priority, for narrow terminals (80 columns and less):
  ALWAYS  always shown: help, the crisis line, quit, the command palette, and each screen's
          way back and its main outcome (Export on My questions, Continue on the map).
  MAIN    the screen's other main keys: shown when they fit, with their short labels if needed.
  EXTRA   shown only when there is room to spare.
  HIDDEN  never in the footer (the screen says them, or they are in the help and the palette).
Keys are shown in the order of this table; when space runs out, EXTRA keys give way first,
then MAIN keys, the rightmost first.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.i18n import N_, _, pgettext

# ---------------------------------------------------------------- where a command applies

EVERYWHERE = "everywhere"  # every screen, and the app itself where `app=True`
# Screens
WELCOME, MAP, LESSON, QUIZ, PRACTICE, RESULTS = "welcome", "map", "lesson", "quiz", "practice", "results"
QUESTIONS, PROGRESS, PRESENTER, GROUP_QUIZ = "questions", "progress", "presenter", "group-quiz"
ROOM, BLANK = "room", "blank"
HELP, CRISIS, LEARNERS, SEARCH, MESSAGES = "help", "crisis", "learners", "search", "messages"
EXPORT_FORMAT, SESSION_FILES, SUGGESTIONS, EDITOR = "export-format", "session-files", "suggestions", "editor"
ADD_QUESTION, ASK = "add-question", "ask"
YOUR_DATA, CONFIRM, PICK = "your-data", "confirm", "pick"
PALETTE = "palette"  # the command palette (Ctrl+P)
# Widgets: their keys work while they have the focus
MODULE_LIST, ANSWER_LIST, ROLE_LIST, READING = "module-list", "answer-list", "role-list", "reading"
LESSON_PAGE = "lesson-page"
WIDGETS = frozenset({MODULE_LIST, ANSWER_LIST, ROLE_LIST, READING, LESSON_PAGE})

# Footer priority (see above)
ALWAYS, MAIN, EXTRA, HIDDEN = 1, 2, 3, 0


@dataclass(frozen=True)
class Command:
    id: str  # the binding's id: what keys.toml names
    text: str  # one sentence: the help page, the palette, the footer's tooltip
    keys: str = ""  # Textual key names, comma-separated; empty for a command only the palette offers
    action: str = ""  # the Textual action; empty for keys Textual's own widgets handle (documented here)
    where: tuple[str, ...] = ()
    label: str = ""  # the footer's words
    short: str = ""  # fewer words, when the footer is short of room
    footer: int = HIDDEN
    palette: bool = False
    roles: tuple[str, ...] = ()  # empty: every role
    display: str = ""  # how the footer shows the key, e.g. "→" for right
    help_keys: str = ""  # how the help writes the keys, where the generated words would read badly
    priority: bool = False  # runs before the focused widget sees the key
    app: bool = False  # also bound on the app, with priority: it works over the command palette and while typing

    @property
    def bound(self) -> bool:
        return bool(self.keys and self.action)


@dataclass(frozen=True)
class LessonCommand:
    """A palette command made for each lesson the learner's role sees: `title` and `text` are
    format strings with {number}, {title} and {minutes}. `opens` names what it opens."""

    id: str
    title: str
    text: str
    opens: str  # "lesson", "quiz", "presenter", "group-quiz", "session-files"
    roles: tuple[str, ...] = ()
    needs_quiz: bool = False


FACILITATORS = ("facilitator",)
DIALOGS = (HELP, CRISIS, LEARNERS, SEARCH, MESSAGES, EXPORT_FORMAT, SESSION_FILES, SUGGESTIONS, EDITOR, ADD_QUESTION,
           ASK, READING, YOUR_DATA, PICK, CONFIRM, PALETTE)
CLOSE_TEXT = N_("Close, or cancel: nothing changes")
ANSWER_TEXT = N_("Answer; after the feedback, go on to the next question (after the last: your results)")

KEYMAP: tuple[Command, ...] = (
    # ------------------------------------------------------------ everywhere
    Command("help", N_("Help: every key on every screen, the crisis line and the notice"), "f1,question_mark",
            "app.help", (EVERYWHERE,), N_("Help"), footer=ALWAYS, palette=True, display="F1", app=True),
    Command("crisis", N_("Crisis line: who to call or text right now"), "f2,exclamation_mark", "app.crisis",
            (EVERYWHERE,), N_("Crisis line"), N_("Crisis"), ALWAYS, palette=True, display="F2", app=True),
    Command("palette", N_("Command palette: go to a lesson, search the lessons, my questions, my progress, "
                          "messages (every notice shown so far), switch learner or role, change the theme"),
            "ctrl+p", "app.command_palette", (EVERYWHERE,), N_("Commands"), footer=ALWAYS, app=True),
    Command("focus", N_("Move between the parts of a screen"), "tab,shift+tab", where=(EVERYWHERE,),
            help_keys=N_("Tab, Shift+Tab")),
    Command("back", N_("Go back, or close a window"), "escape", where=(EVERYWHERE,)),
    Command("quit", N_("Quit; your progress is saved (an unfinished quiz asks first)"), "ctrl+q", "app.quit",
            (EVERYWHERE,), N_("Quit"), footer=ALWAYS, palette=True, app=True),
    Command("messages", N_("Messages: every notice shown this session, newest first"), action="app.messages",
            palette=True),
    Command("theme.high-contrast", N_("Theme: high contrast, white on black with bright highlights"),
            action="app.high_contrast", palette=True),
    Command("theme", N_("Theme: choose the colours from every theme"), action="app.change_theme", palette=True),
    # ------------------------------------------------------------ course map
    Command("map.continue", N_("Continue exactly where you left off"), "c", "app.continue", (MAP,),
            N_("Continue"), footer=ALWAYS, palette=True),
    Command("map.choose", N_("Choose a module; its objectives show beside the list"), "up,down",
            where=(MODULE_LIST,), help_keys=N_("Up, Down")),
    Command("map.open", N_("Open the chosen module where you were in it"), "enter", "select", (MODULE_LIST,),
            N_("Open"), footer=MAIN, display="↵"),
    Command("map.quiz", N_("Take the chosen module's quiz"), "q", "quiz", (MAP,), N_("Quiz"), footer=EXTRA),
    Command("map.practise", N_("Practise the missed questions due for review today"), "p", "app.practise", (MAP,),
            N_("Practise"), footer=EXTRA, palette=True),
    Command("map.search", N_("Search the lessons"), "slash", "app.search", (MAP,), N_("Search"), footer=MAIN,
            palette=True, display="/"),
    Command("map.questions", N_("My questions to ask my provider"), "m", "app.my_questions", (MAP,),
            N_("Questions"), footer=ALWAYS, palette=True),
    Command("map.progress", N_("My progress on your path: what is still to do, and the completion record for "
                               "volunteers"),
            "r", "app.my_progress", (MAP,), N_("My progress"), N_("Progress"), EXTRA, palette=True),
    Command("map.learner", N_("Switch learner, add a learner, or change your name or role"), "l",
            "app.switch_learner", (MAP,), N_("Learner"), footer=ALWAYS, palette=True),
    Command("your-data", N_("Reset or delete my progress"), action="app.your_data", palette=True),
    Command("assessment", N_("Quizzes: assessed or self-checks (whether your quizzes count against the pass mark)"),
            action="app.assessment", palette=True, roles=FACILITATORS),
    Command("session-plan", N_("Session plan for every lesson with facilitator notes"), action="app.session_plan",
            palette=True, roles=FACILITATORS),
    # ------------------------------------------------------------ reading a lesson
    Command("lesson.next", N_("Read on: the rest of a long page, then the next page (after the key points: the "
                              "quiz)"), "right,n", "next", (LESSON,), N_("Next"), footer=ALWAYS, display="→"),
    Command("lesson.read-on", N_("Read on, as Right does"), "space,enter", "screen.next", (LESSON_PAGE,)),
    Command("lesson.previous", N_("Back up a long page, then the previous page"), "left,b", "previous", (LESSON,),
            N_("Previous"), N_("Prev"), MAIN, display="←"),
    Command("lesson.scroll", N_("Scroll a long page"), "up,down,pageup,pagedown", where=(LESSON,),
            help_keys=N_("Up, Down, PgUp, PgDn")),
    Command("lesson.ask", N_("Add a question to ask your provider to your list"), "a", "ask", (LESSON,),
            N_("Add question"), N_("Ask"), MAIN, palette=True),
    Command("lesson.quiz", N_("Take this lesson's quiz"), "q", "quiz", (LESSON,), N_("Quiz"), footer=MAIN),
    Command("lesson.notes", N_("Show or hide the facilitator notes"), "f", "toggle_notes", (LESSON,),
            N_("Notes"), footer=EXTRA, palette=True, roles=FACILITATORS),
    Command("lesson.presenter", N_("Presenter view: the key points, large, for a shared screen"), "p",
            "presenter", (LESSON,), N_("Present"), footer=EXTRA, roles=FACILITATORS),
    Command("lesson.group-quiz", N_("Group quiz on a shared screen, answers hidden until revealed"), "g",
            "group_quiz", (LESSON,), N_("Group quiz"), footer=EXTRA, roles=FACILITATORS),
    Command("lesson.session-files", N_("Print for a session: session plan, handout or answer key"), "x",
            "session_files", (LESSON,), N_("Print"), footer=EXTRA, roles=FACILITATORS),
    Command("lesson.back", N_("Back to the course map; your place is kept"), "escape", "back", (LESSON,),
            N_("Back"), footer=ALWAYS),
    # ------------------------------------------------------------ quiz and practice
    Command("quiz.answer", ANSWER_TEXT, "enter", "confirm", (ANSWER_LIST,), N_("Answer"), footer=ALWAYS,
            display="↵"),
    Command("quiz.next", ANSWER_TEXT, "enter", "next", (QUIZ, PRACTICE), N_("Next question"), N_("Next"),
            ALWAYS, display="↵"),
    Command("quiz.results", ANSWER_TEXT, "enter", "results", (QUIZ,), N_("See results"), N_("Results"),
            ALWAYS, display="↵"),
    *(Command(f"quiz.answer-{n}", N_("Choose that answer (one answer), or tick and untick it (several answers)"),
              str(n), f"number({n})", (ANSWER_LIST,), help_keys=N_("1 to 9")) for n in range(1, 10)),
    Command("quiz.choose", N_("Move between answers"), "up,down", where=(ANSWER_LIST,), help_keys=N_("Up, Down")),
    Command("quiz.tick", N_("Tick or untick the highlighted answer (several answers)"), "space", "tick",
            (ANSWER_LIST,), N_("Tick")),
    Command("quiz.section", N_("After answering: read the section that teaches this question"), "s", "section",
            (QUIZ, PRACTICE), N_("Read the section"), N_("Section"), MAIN),
    Command("quiz.leave", N_("Leave the quiz; with answers given, keep them to carry on later, or discard them"),
            "escape", "leave", (QUIZ,), N_("Leave the quiz"), N_("Leave"), ALWAYS),
    Command("practice.leave", N_("Stop practising; every answer so far is saved"), "escape", "leave",
            (PRACTICE,), N_("Stop practising"), N_("Stop"), ALWAYS),
    # ------------------------------------------------------------ quiz results
    Command("results.retake", N_("Take the quiz again, with a fresh set of questions"), "r", "retake", (RESULTS,),
            N_("Retake"), footer=MAIN, palette=True),
    Command("results.practise", N_("Practise what you missed: it comes back after other questions, then on later "
                                   "days, until you get it right on three separate days"),
            "p", "practise", (RESULTS,), N_("Practise missed"), N_("Practise"), MAIN, palette=True),
    Command("results.next", N_("Go on to the next lesson"), "n", "next_lesson", (RESULTS,), N_("Next lesson"),
            footer=MAIN, palette=True),
    Command("results.map", N_("Back to the course map"), "escape", "app.show_map", (RESULTS,), N_("Course map"),
            N_("Map"), ALWAYS),
    # ------------------------------------------------------------ my questions
    Command("questions.write", N_("Write a question of your own"), "a", "write", (QUESTIONS,), N_("Add"),
            footer=MAIN, palette=True),
    Command("questions.suggested", N_("Add questions the lessons suggest (Enter adds one; Escape when done)"), "s",
            "suggested", (QUESTIONS,), N_("Suggested"), footer=EXTRA, palette=True),
    Command("questions.edit", N_("Change the wording of the chosen question"), "e", "edit", (QUESTIONS,),
            N_("Edit"), help_keys=N_("Enter or e")),
    Command("questions.asked", N_("Mark the chosen question asked (✓ asked), or not asked yet"), "space",
            "toggle_asked", (QUESTIONS,), N_("Asked"), footer=MAIN, display="Space"),
    Command("questions.up", N_("Move the chosen question up the list"), "shift+up,left_square_bracket", "move(-1)",
            (QUESTIONS,), N_("Move up")),
    Command("questions.down", N_("Move the chosen question down the list"), "shift+down,right_square_bracket",
            "move(1)", (QUESTIONS,), N_("Move down")),
    Command("questions.delete", N_("Delete the chosen question"), "d,delete", "delete", (QUESTIONS,),
            N_("Delete"), footer=EXTRA),
    Command("questions.undo", N_("Undo: bring back the question you deleted last"), "z,ctrl+z", "undo",
            (QUESTIONS,), N_("Undo")),
    Command("questions.export", N_("Export your list to print: a web page, Markdown or plain text"), "x",
            "export", (QUESTIONS,), N_("Export"), footer=ALWAYS, palette=True),
    Command("progress.export", N_("Export your completion record, once the course is complete (assessed learners)"),
            "x", "export", (PROGRESS,), N_("Export my record"), N_("Export"), ALWAYS, palette=True),
    Command("progress.practise", N_("Practise the missed questions due for review today"), "p", "practise",
            (PROGRESS,), N_("Practise"), footer=MAIN, palette=True),
    Command("page.back", N_("Back to where you were"), "escape", "app.pop_screen", (QUESTIONS, PROGRESS),
            N_("Back"), footer=ALWAYS),
    # ------------------------------------------------------------ presenter view
    Command("presenter.next", N_("Next key point"), "right,n,space", "step(1)", (PRESENTER,), N_("Next point"),
            N_("Next"), ALWAYS, display="→"),
    Command("presenter.clicker-next", N_("Next key point too (what a presenter's clicker sends)"),
            "down,pagedown", "step(1)", (PRESENTER,)),
    Command("presenter.previous", N_("Previous key point"), "left,up,pageup", "step(-1)", (PRESENTER,),
            N_("Previous point"), N_("Previous"), MAIN, display="←"),
    Command("presenter.blank", N_("Black the screen (the same key, or Escape, brings it back)"), "b,full_stop",
            "blank", (PRESENTER,), N_("Black screen"), N_("Black"), MAIN),
    Command("blank.back", N_("On the black screen: show the screen again"), "b,full_stop,escape", "app.pop_screen",
            (BLANK,), N_("Show the screen again")),
    Command("presenter.leave", N_("Leave the presenter view"), "escape", "app.pop_screen", (PRESENTER,),
            N_("Leave"), footer=ALWAYS),
    # ------------------------------------------------------------ group quiz
    Command("group.reveal", N_("Reveal the answer, each option's feedback and the explanation"), "enter,r",
            "reveal", (GROUP_QUIZ,), N_("Reveal the answer"), N_("Reveal"), ALWAYS, display="↵"),
    Command("group.continue", N_("After the answer: the rest of it if it runs below the screen, then the next "
                                 "question"),
            "enter", "continue", (GROUP_QUIZ,),
            N_("Next question"), N_("Next"), ALWAYS, display="↵"),
    Command("group.next", N_("Next question, revealed or not"), "right,n", "step(1)", (GROUP_QUIZ,), N_("Next"),
            display="→"),
    Command("group.previous", N_("Previous question"), "left,b", "step(-1)", (GROUP_QUIZ,), N_("Previous"),
            N_("Prev"), MAIN, display="←"),
    Command("group.scroll", N_("Scroll a long question"), "up,down", where=(GROUP_QUIZ,), help_keys=N_("Up, Down")),
    Command("group.room", N_("Open a room: everyone answers on their own phone or laptop"), "o", "open_room",
            (GROUP_QUIZ,), N_("Room: answer on phones"), N_("Room"), MAIN, palette=True),
    Command("group.leave", N_("Leave the group quiz"), "escape", "app.pop_screen", (GROUP_QUIZ,), N_("Leave"),
            footer=ALWAYS),
    # ------------------------------------------------------------ room quiz
    *(Command(f"room.{name}", N_("Open the first question, reveal the answer (then the rest of it if it runs below the "
                                 "screen), the next question, end the quiz"),
              "enter", action, (ROOM,), label, short, ALWAYS, display="↵")
      for name, action, label, short in (("start", "open_first", N_("Open question 1"), N_("Open")),
                                         ("reveal", "reveal", N_("Reveal the answer"), N_("Reveal")),
                                         ("next-question", "next_question", N_("Next question"), N_("Next")),
                                         ("end", "end_quiz", N_("End the quiz"), N_("End")))),
    Command("room.forward", N_("Next question (it opens for answers); PgDn first shows the rest of a long answer"),
            "right,n,pagedown", "step(1)", (ROOM,),
            N_("Next"), display="→"),
    Command("room.back", N_("Previous question"), "left,p,pageup", "step(-1)", (ROOM,), N_("Back"), display="←"),
    Command("room.spread", N_("Show or hide the spread of answers (bars in words and numbers)"), "s",
            "toggle_spread", (ROOM,), N_("Spread"), footer=MAIN, palette=True),
    Command("room.join", N_("Show or hide the join address and code"), "j", "toggle_join", (ROOM,), N_("Join code"),
            N_("Join"), MAIN, palette=True),
    Command("room.blank", N_("Black the screen"), "b,full_stop", "blank", (ROOM,), N_("Black screen")),
    Command("room.export", N_("Save the summary (Markdown and CSV)"), "e", "export", (ROOM,), N_("Save"),
            footer=MAIN, palette=True),
    Command("room.close", N_("Close the room (it offers to save the summary first)"), "escape", "close_room",
            (ROOM,), N_("Close"), footer=ALWAYS),
    # ------------------------------------------------------------ windows
    Command("window.choose", N_("Choose"), "up,down,enter", where=DIALOGS, help_keys=N_("Up, Down, Enter")),
    Command("search.results", N_("In search: go from the words to the results (Enter does too)"), "down",
            "focus_results", (SEARCH,), N_("Results")),
    Command("messages.clear", N_("In messages: dismiss the notices still showing in the corner, and close"), "c",
            "clear", (MESSAGES,), N_("Dismiss notices and close"), N_("Dismiss"), MAIN),
    Command("reading.read-on", N_("In a long window: read on, a screenful at a time"), "space,enter", "read_on",
            (READING,)),
    Command("window.close", CLOSE_TEXT, "escape", "app.pop_screen",
            (HELP, CRISIS, SEARCH, MESSAGES, YOUR_DATA, PALETTE),
            N_("Close"), footer=ALWAYS),
    Command("learners.close", CLOSE_TEXT, "escape", "close", (LEARNERS,), N_("Close"), footer=ALWAYS),
    Command("window.cancel", CLOSE_TEXT, "escape", "cancel", (EXPORT_FORMAT, SESSION_FILES, EDITOR, ADD_QUESTION, ASK,
                                                              PICK),
            N_("Cancel"), footer=ALWAYS),
    Command("confirm.yes", N_("When asked to delete or reset: yes, do it"), "y", "answer(True)", (CONFIRM,),
            N_("Yes"), footer=ALWAYS),
    Command("confirm.no", N_("When asked to delete or reset: no, keep everything as it is"), "n,escape",
            "answer(False)", (CONFIRM,), N_("No, keep it"), footer=ALWAYS),
    Command("suggestions.done", CLOSE_TEXT, "escape", "app.pop_screen", (SUGGESTIONS,), N_("Done"), footer=ALWAYS),
    # ------------------------------------------------------------ welcome
    Command("welcome.choose", N_("Choose who you are: patient, volunteer or facilitator"), "up,down",
            where=(ROLE_LIST,), help_keys=N_("Up, Down")),
    Command("welcome.role", N_("On your role: go on to your name (Enter there starts the course)"), "enter",
            "to_name", (ROLE_LIST,), N_("Next"), footer=ALWAYS, display="↵", priority=True),
    Command("welcome.back", N_("Back, when adding a learner or changing your name and role"), "escape", "back",
            (WELCOME,), N_("Back"), footer=ALWAYS),
    Command("welcome.read-on", N_("Read on: the rest of the welcome and the notice"), "pagedown", "read_on",
            (WELCOME,), N_("Read on"), priority=True),
    Command("welcome.read-back", N_("Read back up the welcome"), "pageup", "read_back", (WELCOME,), N_("Read back"),
            priority=True),
)

LESSON_COMMANDS: tuple[LessonCommand, ...] = (
    LessonCommand("go.presenter", N_("Presenter view: lesson {number}, {title}"),
                  N_("Its key points, large, for a shared screen"), "presenter", FACILITATORS),
    LessonCommand("go.group-quiz", N_("Group quiz: lesson {number}, {title}"),
                  N_("Reveal the answers when the room is ready"), "group-quiz", FACILITATORS, needs_quiz=True),
    LessonCommand("go.session-files", N_("Session files: lesson {number}, {title}"),
                  N_("Session plan, handout or answer key to print"), "session-files", FACILITATORS),
    LessonCommand("go.lesson", N_("Go to lesson {position}: {title}"), N_("About {minutes} minutes"), "lesson"),
    LessonCommand("go.quiz", N_("Quiz for lesson {position}: {title}"), N_("A fresh set of questions"), "quiz",
                  needs_quiz=True),
)

# The help page's sections, and the places whose keys each lists (in the order of KEYMAP).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Everywhere"), (EVERYWHERE,)),
    (N_("Course map"), (MAP, MODULE_LIST)),
    (N_("Reading a lesson"), (LESSON, LESSON_PAGE)),
    (N_("Quiz and practice"), (QUIZ, PRACTICE, ANSWER_LIST)),
    (N_("Quiz results"), (RESULTS,)),
    (N_("My questions"), (QUESTIONS,)),
    (N_("My progress"), (PROGRESS,)),
    (N_("Presenter view (facilitators)"), (PRESENTER, BLANK)),
    (N_("Group quiz (facilitators)"), (GROUP_QUIZ,)),
    (N_("Room quiz (facilitators)"), (ROOM,)),
    (N_("Windows: export, suggestions, messages"), DIALOGS),
    (N_("Welcome: who you are"), (WELCOME, ROLE_LIST)),
)

BY_ID: dict[str, Command] = {command.id: command for command in KEYMAP}
ROLE_WORDS = {"patient": N_("patients"), "volunteer": N_("volunteers"), "facilitator": N_("facilitators")}


def commands_at(place: str) -> list[Command]:
    """The commands bound at `place` (a screen or widget), including those bound everywhere on screens."""
    everywhere = place not in WIDGETS
    return [command for command in KEYMAP if command.bound
            and (place in command.where or (everywhere and EVERYWHERE in command.where))]


def for_role(command: Command | LessonCommand, role: str | None) -> bool:
    return not command.roles or role in command.roles


# ---------------------------------------------------------------- keys in words

SYMBOLS = {"question_mark": "?", "exclamation_mark": "!", "slash": "/", "left_square_bracket": "[",
           "right_square_bracket": "]", "full_stop": ".", "comma": ",", "minus": "-", "plus": "+"}


def key_names() -> dict[str, str]:
    """Key and modifier names in the language in use; "key" tells the translator which sense
    ("Right" the arrow, not the right answer; "End" the key, not ending a quiz)."""
    return {
        "escape": pgettext("key", "Escape"), "enter": pgettext("key", "Enter"), "space": pgettext("key", "Space"),
        "tab": pgettext("key", "Tab"), "up": pgettext("key", "Up"), "down": pgettext("key", "Down"),
        "left": pgettext("key", "Left"), "right": pgettext("key", "Right"), "pageup": pgettext("key", "PgUp"),
        "pagedown": pgettext("key", "PgDn"), "home": pgettext("key", "Home"), "end": pgettext("key", "End"),
        "delete": pgettext("key", "Delete"), "backspace": pgettext("key", "Backspace"),
        "insert": pgettext("key", "Insert"), "ctrl": pgettext("key", "Ctrl"), "shift": pgettext("key", "Shift"),
        "alt": pgettext("key", "Alt"), "super": pgettext("key", "Super"), **SYMBOLS,
    }


def key_words(key: str) -> str:
    """One key as a learner reads it: "Escape", "F1", "Ctrl+Q", "?"."""
    *modifiers, name = key.strip().split("+") if key.strip() != "+" else ["+"]
    names = key_names()
    if name in names:
        shown = names[name]
    elif re.fullmatch(r"f\d{1,2}", name):
        shown = name.upper()
    elif len(name) == 1:
        shown = name.upper() if modifiers else name
    else:
        shown = name.replace("_", " ").title()
    return "+".join([*(names.get(modifier, modifier.title()) for modifier in modifiers), shown])


def keys_words(keys: str) -> str:
    """Several keys as a learner reads them: "F1 or ?", "Right, n or Space"."""
    words = [key_words(key) for key in keys.split(",") if key.strip()]
    if len(words) < 2:
        return "".join(words)
    return _("{keys} or {last}").format(keys=", ".join(words[:-1]), last=words[-1])


def help_keys(command: Command, remap: dict[str, str] | None = None) -> str:
    """The keys of `command` for the help page: the learner's own keys if they changed them."""
    if remap and command.id in remap:
        return keys_words(remap[command.id])
    return _(command.help_keys) if command.help_keys else keys_words(command.keys)


def help_line(command: Command) -> str:
    text = _(command.text)
    if command.roles:
        roles = ", ".join(_(ROLE_WORDS[role]) for role in command.roles)
        text = _("{text} ({roles} only)").format(text=text, roles=roles)
    return text


def help_sections(remap: dict[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help page's key table: (section title, [(keys, what they do)]), each row once."""
    sections = []
    for title, places in SECTIONS:
        rows: list[tuple[str, str]] = []
        for command in KEYMAP:
            if command.keys and set(places) & set(command.where):
                row = (help_keys(command, remap), help_line(command))
                if row not in rows:
                    rows.append(row)
        sections.append((_(title), rows))
    return sections


def section_title(place: str) -> str:
    return next(_(title) for title, places in SECTIONS if place in places)


# ---------------------------------------------------------------- the learner's own keys

_KEY = re.compile(r"[a-z0-9_]+(\+[a-z0-9_]+)*|[^\s,]")


def load_user_keys(path: Path) -> tuple[dict[str, str], list[str]]:
    """The learner's keys file, if there is one: see `read_user_keys`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as error:
        return {}, [_("{file} could not be read ({error}); the usual keys are in use.").format(file=path, error=error)]
    return read_user_keys(text, str(path))


def read_user_keys(text: str, source: str) -> tuple[dict[str, str], list[str]]:
    """A learner's keys.toml: `command id = "keys"` lines, e.g. `"map.questions" = "k"` or
    `help = "f1,h"`. Returns the keys to use and, for anything wrong, a message saying what and
    how to fix it (the course's own keys stay in use for those). Never raises."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return {}, [_("{file}: this is not a keys file the course can read ({error}); the usual keys are "
                      "in use. Each line should look like: \"map.questions\" = \"k\"").format(file=source, error=error)]
    table = data.get("keys", data) if isinstance(data.get("keys"), dict) else data
    remap: dict[str, str] = {}
    problems: list[str] = []
    for name, value in table.items():
        command = BY_ID.get(name)
        if command is None or not command.bound:
            problems.append(_("{file}: “{name}” is not the name of a key the course lets you change; the names "
                              "are listed under “Changing the keys” in: ketamine-course help accessibility"
                              ).format(file=source, name=name))
            continue
        keys = ",".join(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else value
        parts = [part.strip() for part in keys.split(",")] if isinstance(keys, str) else []
        if not parts or not all(part and _KEY.fullmatch(part) for part in parts):
            problems.append(_("{file}: the keys for “{name}” should be written like \"k\", \"f5\", \"ctrl+k\" or "
                              "\"k,f5\"; its usual keys ({keys}) are in use.").format(
                file=source, name=name, keys=keys_words(command.keys)))
            continue
        remap[name] = ",".join(parts)
    return remap, problems + _clashes(remap)


def _places(command: Command) -> set[str]:
    places = set(command.where) - {EVERYWHERE}
    if EVERYWHERE in command.where:
        places |= {place for _title, ids in SECTIONS for place in ids} - WIDGETS - {EVERYWHERE}
    return places


def _clashes(remap: dict[str, str]) -> list[str]:
    """A changed key that another command already uses in the same place: say which one wins."""
    def keys_of(command: Command) -> set[str]:
        return set(remap.get(command.id, command.keys).split(","))

    problems = []
    for name in remap:
        command = BY_ID[name]
        for other in KEYMAP:
            if other is command or not other.bound or not (_places(command) & _places(other)):
                continue
            shared = (keys_of(command) - set(command.keys.split(","))) & keys_of(other)
            if shared:
                problems.append(_("{key} is now the key for “{name}”, but it also does this there: {other}. "
                                  "The changed key wins; choose another if you still want both.").format(
                    key=keys_words(",".join(sorted(shared))), name=name, other=_(other.text)))
    return problems
