"""The facilitator's group report: many participants' progress files merged into one table.

Who completed what (by `course.learning.completion`), best scores per quiz, and the questions the group
missed most often (from the `correct` list of every kept quiz attempt, and the review queue).
A file that cannot be read is named with the reason; the others are still reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from course.content.model import ROLE_NAMES, Course
from course.files import write_file
from course.i18n import _, format_percent, ngettext
from course.learning.completion import Completion, ModuleCompletion, completion
from course.learning.room import RoomSummary
from course.outputs.common import ExportError, credits_blocks, long_date
from course.outputs.document import Document, Heading, Items, Para, Table
from course.outputs.render import render
from course.outputs.room_summary import is_summary_csv, read_summary_csv, room_blocks
from course.progress.model import Learner, Progress
from course.progress.store import read_file
from course.terminal import printable

TOP_MISSED = 10  # questions listed in the terminal and Markdown; the CSV has them all


@dataclass(frozen=True)
class Participant:
    file: str
    learner_id: str
    learner: Learner
    status: Completion

    @property
    def name(self) -> str:
        return self.learner.name.strip() or _("(no name, {id})").format(id=self.learner_id)


@dataclass
class Missed:
    module_id: str
    question_id: str
    lesson: str  # "3" or, for a question this course does not have, the module id
    prompt: str
    learners_asked: set[str] = field(default_factory=set)
    learners_missed: set[str] = field(default_factory=set)
    times_asked: int = 0
    times_missed: int = 0
    still_practising: int = 0  # learners with it in their review queue


@dataclass
class GroupReport:
    course: Course
    participants: list[Participant]
    skipped: list[tuple[str, str]]  # (file, reason)
    notes: list[str]  # duplicates and empty files
    missed: list[Missed]  # most often missed first
    files_read: int
    rooms: list[tuple[str, RoomSummary]] = field(default_factory=list)  # room quiz summaries (CSV) given too


# ------------------------------------------------------------------ reading the files


def read_progress_file(path: Path) -> tuple[Progress, str | None]:
    """A participant's progress file and, for a file from a newer version, a note saying only
    part of it could be read. Raises ValueError with the reason in plain words."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(_("it is a folder, not a file"))
    if path.exists() and not os.access(path, os.R_OK):
        raise ValueError(_("you do not have permission to read it"))
    found = read_file(path)
    if found.state == "missing":
        raise ValueError(_("there is no such file"))
    if found.state != "ok" and found.progress is None:
        problem = found.problem
        raise ValueError(_("it is not a ketamine-course progress file ({problem})").format(problem=problem) if problem.startswith("at ") else problem)
    if found.state == "newer":
        return found.read_progress, (_("{path} was saved by a newer version of ketamine-course (format {version}); only what this version understands is reported.").format(path=path, version=found.version))
    return found.read_progress, None


# ------------------------------------------------------------------ merging


def build_report(course: Course, paths: list[Path]) -> GroupReport:
    by_id: dict[str, Participant] = {}
    skipped: list[tuple[str, str]] = []
    notes: list[str] = []
    files_read = 0
    rooms: list[tuple[str, RoomSummary]] = []
    for path in paths:
        if is_summary_csv(path):  # a room quiz's summary: counts, no learners
            try:
                rooms.append((str(path), read_summary_csv(path)))
            except ValueError as reason:
                skipped.append((str(path), str(reason)))
            continue
        if Path(path).suffix.lower() == ".csv" and Path(path).is_file():  # not "not valid TOML": say what it is not
            skipped.append((str(path), _("it is a CSV file but not a room quiz's summary (saved with e in the room); "
                                         "give progress files (.toml) and room summaries")))
            continue
        try:
            progress, note = read_progress_file(path)
        except ValueError as reason:
            skipped.append((str(path), str(reason)))
            continue
        files_read += 1
        notes += [note] if note else []
        if not progress.learners:
            notes.append(_("{path} holds no learners.").format(path=path))
        for learner_id, learner in progress.learners.items():
            incoming = Participant(str(path), learner_id, learner, completion(course, learner))
            kept = by_id.get(learner_id)
            if kept is not None:  # the same profile exported twice: keep the newer copy
                newer, older = (incoming, kept) if learner.updated >= kept.learner.updated else (kept, incoming)
                notes.append(_("{name} is in both {file} and {file2}; the newer copy, from {file2}, is used.").format(name=newer.name, file=older.file, file2=newer.file))
                incoming = newer
            by_id[learner_id] = incoming
    participants = sorted(by_id.values(), key=lambda p: p.name.casefold())
    return GroupReport(course, participants, skipped, notes, most_missed(course, participants), files_read + len(rooms),
                       rooms)


def most_missed(course: Course, participants: list[Participant]) -> list[Missed]:
    table: dict[str, Missed] = {}

    def entry(module_id: str, question_id: str) -> Missed:
        key = f"{module_id}/{question_id}"
        if key not in table:
            module = course.module(module_id)
            question = module.question(question_id) if module else None
            table[key] = Missed(module_id, question_id,
                                str(course.position(module)) if module else module_id,
                                question.prompt if question else _("(not in this version of the course: {key})").format(key=key))
        return table[key]

    for person in participants:
        for module_id, quiz in person.learner.quizzes.items():
            for attempt in quiz.attempts:
                for question_id, right in zip(attempt.questions, attempt.correct):
                    item = entry(module_id, question_id)
                    item.times_asked += 1
                    item.learners_asked.add(person.learner_id)
                    if not right:
                        item.times_missed += 1
                        item.learners_missed.add(person.learner_id)
        for key in person.learner.review:
            module_id, _slash, question_id = key.partition("/")
            item = entry(module_id, question_id)
            item.learners_missed.add(person.learner_id)
            item.still_practising += 1
    missed = [m for m in table.values() if m.learners_missed]
    return sorted(missed, key=lambda m: (-len(m.learners_missed), -m.times_missed, m.lesson, m.question_id))


# ------------------------------------------------------------------ showing it


def quiz_modules(course: Course):
    return [m for m in course.modules if m.questions]


def quiz_label(position: int) -> str:
    """A lesson's quiz as a column heading: Q1 (C1 in Spanish, cuestionario)."""
    return _("Q{position}").format(position=position)


def _score(person: Participant, module_id: str) -> str:
    module = next(m for m in person.status.modules if m.module_id == module_id)
    if module.best_score is None:
        return "-" if module.required else _("n/a")
    return format_percent(module.best_score)


def _path(person: Participant) -> str:
    """The role and, when it is not the role's usual way, how the quizzes count."""
    role, assessed = person.learner.role, person.status.assessed
    if role == "facilitator":
        return _("facilitator (assessed)") if assessed else _("facilitator (self-check)")
    return _(ROLE_NAMES.get(role, role))


def _complete(status: Completion) -> str:
    if status.complete and status.completed_at is not None:  # completion() dates every complete path
        return _("yes, {date}").format(date=status.completed_at.astimezone().date().isoformat())
    return _("no, {missing} to do").format(missing=len(status.missing))


def short_names(files: list[str]) -> dict[str, str]:
    """Each file as its name, or with as many of its folders as it takes to tell it from the
    others ("a/progress.toml", "b/progress.toml"): a report's File column is read, not typed."""
    parts = {file: Path(file).parts or (file,) for file in dict.fromkeys(files)}
    shown: dict[str, str] = {}
    for file, own in parts.items():
        depth = 1
        while depth < len(own) and any(other[-depth:] == own[-depth:] for name, other in parts.items()
                                       if name != file and other != own):
            depth += 1
        shown[file] = str(Path(*own[-depth:]))
    return shown


def report_document(report: GroupReport, today: dt.date, top: int | None = TOP_MISSED) -> Document:
    course = report.course
    names = short_names([p.file for p in report.participants] + [file for file, _summary in report.rooms])
    quizzes = quiz_modules(course)
    doc = Document(_("Group report: {title}").format(title=course.title))
    files = ngettext("Made on {date} from {files} progress file.", "Made on {date} from {files} progress files.",
                     report.files_read).format(date=long_date(today), files=report.files_read)
    if report.skipped:
        files += " " + ngettext("{skipped} file was skipped.", "{skipped} files were skipped.",
                                len(report.skipped)).format(skipped=len(report.skipped))
    learners = ngettext("{n} learner.", "{n} learners.", len(report.participants)).format(n=len(report.participants))
    rules = _("Course version {version}; pass mark {pass_mark}%. Each learner is judged by their own role's path: "
              "complete means every lesson for their role read to the end and, for those assessed (volunteers, and "
              "facilitators unless they chose self-checks), every quiz on it passed. Patients' quizzes are "
              "self-checks, without a pass mark.").format(version=course.version, pass_mark=course.pass_mark)
    doc.add(Para(f"{files} {learners} {rules}"))
    if report.skipped:
        doc.add(Heading(_("Files not read")), Items(tuple(f"{file}: {reason}" for file, reason in report.skipped)))
    if report.notes:
        doc.add(Heading(_("Notes")), Items(tuple(report.notes)))
    doc.add(Heading(_("Learners")), Table(
        (_("Name"), _("Role"), _("Complete"), _("Read"), *(quiz_label(course.position(m)) for m in quizzes), _("File")),
        tuple((p.name, _path(p), _complete(p.status),
               f"{sum(m.read for m in p.status.required)}/{len(p.status.required)}",
               *(_score(p, m.id) for m in quizzes), names[p.file]) for p in report.participants),
    ))
    doc.add(Para(_("Read: lessons of their path read to the end. Q1, Q2, …: the best score in each lesson's "
                   "quiz (- means not taken yet; n/a, not on their path). {quizzes}.").format(
                       quizzes="; ".join(f"{quiz_label(course.position(m))} = {m.title}" for m in quizzes))))
    unfinished = [p for p in report.participants if not p.status.complete]
    if unfinished:
        doc.add(Heading(_("Still to do")))
        for person in unfinished:
            doc.add(Heading(person.name, 3), Items(tuple(person.status.missing)))
    doc.add(Heading(_("Questions missed most often")))
    shown = report.missed[:top] if top else report.missed
    if shown:
        doc.add(Table((_("Missed by"), _("Times missed"), _("Lesson"), _("Question")),
                      tuple((_("{count} of {total}").format(count=len(m.learners_missed),
                                                         total=max(len(m.learners_asked), len(m.learners_missed))),
                             _("{count} of {total}").format(count=m.times_missed, total=m.times_asked), m.lesson, m.prompt)
                            for m in shown)))
        doc.add(Para(_("Missed by: learners who got it wrong at least once, of those who were asked it "
                     "(or still have it to practise). Times missed: wrong answers, of all answers.")))
        more = len(report.missed) - len(shown)
        if more > 0:
            doc.add(Para(ngettext("{more} more missed question is listed in the CSV file.",
                                  "{more} more missed questions are listed in the CSV file.", more).format(more=more)))
    else:
        doc.add(Para(_("No missed questions yet.")))
    for file, summary in report.rooms:
        doc.add(*room_blocks(summary, names[file]))
    doc.add(*credits_blocks(course))
    return doc


def report_text(report: GroupReport, fmt: str = "txt", today: dt.date | None = None) -> str:
    return render(report_document(report, today or dt.date.today()), fmt)


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula and a terminal will not obey (names
    and paths come from other people's files)."""
    text = printable(str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list[list[str | int]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue()


def learners_csv(report: GroupReport) -> str:
    course = report.course
    header = ["name", "learner_id", "role", "assessed", "complete", "completed_on", "file"]
    for module in course.modules:
        header += [f"{module.id} read", f"{module.id} best_score", f"{module.id} attempts", f"{module.id} passed"]
    rows: list[list[str | int]] = [[*header, "still_to_do"]]
    for person in report.participants:
        status = person.status
        row: list[str | int] = [person.name, person.learner_id, person.learner.role, "yes" if status.assessed else "no",
               "yes" if status.complete else "no",
               status.completed_at.astimezone().date().isoformat() if status.completed_at else "", person.file]
        for done in status.modules:
            row += ["yes" if done.read else "no", "" if done.best_score is None else done.best_score,
                    done.attempts, _passed_cell(done)]
        rows.append(row + ["; ".join(status.missing)])
    return _csv(rows)


def _passed_cell(module: ModuleCompletion) -> str:
    if not module.has_quiz:
        return _("no quiz")
    if not module.assessed:
        return _("self-check")
    return "yes" if module.passed else "no"


def missed_csv(report: GroupReport) -> str:
    rows: list[list[str | int]] = [["lesson", "module_id", "question_id", "question", "learners_missed", "learners_asked",
             "times_missed", "times_asked", "still_practising"]]
    rows += [[m.lesson, m.module_id, m.question_id, m.prompt, len(m.learners_missed), len(m.learners_asked),
              m.times_missed, m.times_asked, m.still_practising] for m in report.missed]
    return _csv(rows)


def output_files(prefix_or_dir: str) -> dict[str, Path]:
    """Where --output puts the report: DIR/group-report.* for a folder, PREFIX.* otherwise."""
    target = Path(prefix_or_dir).expanduser()
    if target.is_dir() or str(prefix_or_dir).endswith(("/", "\\")):
        target = target / "group-report"
    elif target.suffix.lower() in (".md", ".csv"):
        target = target.with_suffix("")
    return {"md": target.with_name(target.name + ".md"),
            "learners": target.with_name(target.name + "-learners.csv"),
            "missed": target.with_name(target.name + "-missed.csv")}


def report_files(report: GroupReport, today: dt.date | None = None) -> dict[str, str]:
    """The contents written by --output, keyed like `output_files`."""
    return {"md": render(report_document(report, today or dt.date.today(), top=None), "md"),
            "learners": learners_csv(report), "missed": missed_csv(report)}


def write_report(report: GroupReport, prefix_or_dir: str, force: bool = False, today: dt.date | None = None) -> list[Path]:
    """Write the Markdown and CSV files (private: they hold other people's results).

    Every target is checked first, so an existing file stops the whole write, not half of it.
    """
    targets = output_files(prefix_or_dir)
    existing = [str(path) for path in targets.values() if path.exists()]
    if existing and not force:
        raise ExportError(ngettext("{files} already exists. Nothing was written. Choose another --output, or add --force to replace it.",
                                   "{files} already exist. Nothing was written. Choose another --output, or add --force to replace them.",
                                   len(existing)).format(files=", ".join(existing)))
    contents = report_files(report, today)
    return [write_file(path, contents[key], private=True, force=force) for key, path in targets.items()]
