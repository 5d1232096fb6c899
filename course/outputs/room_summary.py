"""The room quiz's summary: per question, how many chose each option and the share right, and
the questions most missed. Markdown for people, CSV for spreadsheets and for `report`, which
reads the CSV back (`read_summary_csv`) and adds the room's results to the group report.

The spread is drawn as a bar in words and numbers, never colour alone: the same `spread_rows`
feed the facilitator's screen and the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.i18n import _, format_percent, ngettext
from course.learning.room import OptionCount, QuestionResult, RoomSummary
from course.outputs.common import long_date
from course.outputs.document import Document, Heading, Items, Para, Table, option_letter
from course.outputs.render import render

CSV_HEADER = ("room_summary", "day", "participants", "lesson", "module_id", "question_id", "question", "option", "option_text",
              "correct", "chose", "answered", "right")
BAR_WIDTH = 20
TOP_MISSED = 5


def bar(count: int, total: int, width: int = BAR_WIDTH) -> str:
    """█ for the share who chose it, · for the rest: readable without colour."""
    filled = round(width * count / total) if total else 0
    return "█" * filled + "·" * (width - filled)


def share(count: int, total: int) -> str:
    return format_percent(round(100 * count / total)) if total else "-"


@dataclass(frozen=True)
class SpreadRow:
    letter: str
    text: str
    correct: bool
    chosen: int
    of: int  # participants who answered

    def words(self, width: int = BAR_WIDTH) -> str:
        """'██████······ 5 of 12 (42%)'"""
        return _("{bar} {count} of {total} ({share})").format(
            bar=bar(self.chosen, self.of, width), count=self.chosen, total=self.of, share=share(self.chosen, self.of))


def spread_rows(options: tuple[OptionCount, ...] | list[OptionCount], answered: int) -> list[SpreadRow]:
    return [SpreadRow(letter, option.text, option.correct, option.chosen, answered)
            for letter, option in ((option_letter(i), option) for i, option in enumerate(options))]


def _right_words(result: QuestionResult) -> str:
    if not result.answered:
        return _("nobody answered")
    return _("{right} of {answered} right ({share})").format(
        right=result.right, answered=result.answered, share=share(result.right, result.answered))


def summary_document(summary: RoomSummary) -> Document:
    doc = Document(_("Room quiz summary: {title}").format(title=summary.course_title))
    people = ngettext("{n} participant", "{n} participants", summary.participants).format(n=summary.participants)
    asked = ngettext("{n} question", "{n} questions", len(summary.questions)).format(n=len(summary.questions))
    doc.add(Para(_("Held on {day}: {people}, {asked}. Course version {version}. Only these counts were kept: "
                   "no names, and nothing about who chose what.").format(
        day=long_date(summary.day), people=people, asked=asked, version=summary.course_version)))
    missed = summary.most_missed(TOP_MISSED)
    doc.add(Heading(_("Most missed")))
    if missed:
        doc.add(Items(tuple(_("Lesson {lesson}: {prompt} ({right})").format(
            lesson=q.lesson, prompt=q.prompt, right=_right_words(q)) for q in missed), numbered=True))
    else:
        doc.add(Para(_("Nothing was missed: every answer given was right.")))
    for number, result in enumerate(summary.questions, start=1):
        doc.add(Heading(_("Question {number} (lesson {lesson}): {prompt}").format(
            number=number, lesson=result.lesson, prompt=result.prompt), 3))
        doc.add(Table((_("Option"), _("Right answer"), _("Chose it")), tuple(
            (f"{row.letter}. {row.text}", _("yes") if row.correct else _("no"), row.words(10))
            for row in spread_rows(result.options, result.answered))))
        doc.add(Para(_right_words(result).capitalize() + "."))
    return doc


def room_blocks(summary: RoomSummary, file: str) -> list:
    """The room's results in the group report: every question it asked, the most missed first."""
    people = ngettext("{n} participant", "{n} participants", summary.participants).format(n=summary.participants)
    ranked = summary.most_missed() + [q for q in summary.questions if q.answered and q.right == q.answered]
    return [Heading(_("Room quiz on {day} ({file})").format(day=long_date(summary.day), file=file)),
            Para(_("{people}; answers on their own devices, counted without names.").format(people=people)),
            Table((_("Right"), _("Lesson"), _("Question")),
                  tuple((_right_words(q), str(q.lesson), q.prompt) for q in ranked))]


def summary_csv(summary: RoomSummary) -> str:
    """One row per option: enough to rebuild the summary (`read_summary_csv`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for result in summary.questions:
        for index, option in enumerate(result.options):
            letter = option_letter(index)
            writer.writerow(["1", summary.day.isoformat(), summary.participants, result.lesson, result.module_id,
                             result.question_id, _cell(result.prompt), letter, _cell(option.text), "yes" if option.correct else "no",
                             option.chosen, result.answered, result.right])
    return out.getvalue()


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def summary_files(summary: RoomSummary) -> dict[str, str]:
    """File name -> contents, for the facilitator to keep."""
    stem = f"room-quiz-{summary.day.isoformat()}"
    return {f"{stem}.md": render(summary_document(summary), "md"), f"{stem}.csv": summary_csv(summary)}


# ------------------------------------------------------------------ reading one back (for `report`)


def is_summary_csv(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            first = handle.readline(64 * 1024)  # bounded: /dev/zero or any endless input has no line end
        return next(csv.reader([first]), None) == list(CSV_HEADER)
    except (OSError, UnicodeDecodeError, csv.Error):
        return False


def read_summary_csv(path: Path, course_title: str = "", course_version: str = "") -> RoomSummary:
    """A summary written by `summary_csv`. Raises ValueError naming the line that is wrong."""
    questions: list[dict[str, Any]] = []  # a question's rows, read
    day, participants = None, 0
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        if next(rows, None) != list(CSV_HEADER):
            raise ValueError(_("it is not a room quiz summary (its first line is not the summary's header)"))
        current: dict[str, Any] | None = None
        for line, row in enumerate(rows, start=2):
            try:
                _version, day_text, people, lesson, module_id, question_id, prompt, _letter, text, correct, chose, \
                    answered, right = row
                day, participants = dt.date.fromisoformat(day_text), int(people)
                option = OptionCount(_uncell(text), correct == "yes", int(chose))
                key = (module_id, question_id)
                if current is None or current["key"] != key:
                    current = {"key": key, "lesson": int(lesson), "prompt": _uncell(prompt), "options": [],
                               "answered": int(answered), "right": int(right)}
                    questions.append(current)
                current["options"].append(option)
            except ValueError:
                raise ValueError(_("line {line} is not a summary row").format(line=line)) from None
    results = tuple(QuestionResult(q["key"][0], q["key"][1], q["lesson"], q["prompt"], "", tuple(q["options"]),
                                   q["answered"], q["right"]) for q in questions)
    return RoomSummary(course_title, course_version, day or dt.date.today(), participants, results)


def _uncell(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text
