"""Completion records for volunteers, with a verification code that shows whether a record
was edited after it was made.

A record file carries a hidden block (an HTML/Markdown comment) with
- the record's fields as canonical JSON. The verification code printed on the record is
  SHA-256 over exactly those bytes, shortened and grouped for reading (KC1-XXXX-XXXX-XXXX-XXXX);
- SHA-256 over the rest of the file, so the visible text, the layout and the styles are sealed too.

`verify` needs nothing but the file: it recomputes both hashes. It never re-renders the record,
so records stay verifiable when later versions change how exports look.

What it does not do: prove who made the record. The method is public, so anyone with this
tool could make a record that verifies. It is a check against edits, not a signature.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from course.i18n import _
from course.learning.completion import completion
from course.outputs.common import ExportError, long_date
from course.outputs.document import Document, Heading, Hidden, Items, Para, Table
from course.outputs.render import render
from course.content.model import Course
from course.progress.model import Learner

KIND = "ketamine-course completion record"  # data, not words: the same in every language
FORMAT = 1
CODE_PREFIX = f"KC{FORMAT}"
RECORD_FORMATS = ("md", "html")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: easy to read aloud and retype
_BLOCK_NOTE = "Do not edit: ketamine-course verify checks this file against it."
_BLOCK = re.compile(r"<!-- ketamine-course record data, format (\d+)\. " + re.escape(_BLOCK_NOTE)
                    + r"\n(?P<data>[^\n]*)\nsha256 of the rest of this file: (?P<digest>[^\n]*)\n -->")
_PLACEHOLDER = "0" * 64


class NotComplete(ExportError):
    """The learner has not completed the course yet, so there is no record to make."""

    def __init__(self, name: str, missing: list[str]) -> None:
        self.missing = missing
        listing = "\n".join(f"  - {line}" for line in missing)
        who = name.strip() or "This learner"
        super().__init__(f"{who} has not completed the course yet, so there is no completion record to make. "
                         f"Still to do:\n{listing}")


class NotAssessed(ExportError):
    """The learner takes the quizzes as self-checks, so there is no pass to record."""

    def __init__(self, name: str) -> None:
        who = name.strip() or _("This learner")
        super().__init__(_("{who} takes the quizzes as self-checks, without a pass mark, so there is no completion "
                           "record to make. Completion records are for volunteers (and facilitators who chose to be "
                           "assessed). “My progress” shows what has been read.").format(who=who))


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class RecordModule(_Fields):
    position: int
    id: str
    title: str
    read_on: dt.date | None  # the day the lesson was read to the end
    best_score: int | None  # percent; None: the lesson has no quiz
    attempts: int


class RecordFields(_Fields):
    """Everything a record says. The file is rendered from these alone, so verify needs nothing else."""

    kind: Literal["ketamine-course completion record"] = KIND
    format: Literal[1] = FORMAT
    learner: str
    course_id: str
    course_title: str
    course_version: str
    pass_mark: int
    completed_on: dt.date
    issued_on: dt.date
    modules: list[RecordModule]
    notice: str


# ------------------------------------------------------------------ making a record


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone().date() if moment else None


def record_fields(course: Course, learner: Learner, today: dt.date | None = None) -> RecordFields:
    """The record of an assessed learner who has completed the course; NotComplete says what is
    missing, NotAssessed that the learner's quizzes are self-checks."""
    status = completion(course, learner)
    if not status.assessed:
        raise NotAssessed(learner.name)
    if not status.complete:
        raise NotComplete(learner.name, status.missing)
    return RecordFields(
        learner=learner.name.strip() or "(no name given)",
        course_id=course.id, course_title=course.title, course_version=course.version,
        pass_mark=course.pass_mark,
        completed_on=_local_date(status.completed_at),
        issued_on=today or dt.date.today(),
        modules=[RecordModule(position=m.position, id=m.module_id, title=m.title, read_on=_local_date(m.read_at),
                              best_score=m.best_score if m.has_quiz else None, attempts=m.attempts)
                 for m in status.required],
        notice=course.disclaimer,
    )


def canonical(fields: RecordFields) -> bytes:
    """One exact byte form of the fields: sorted keys, no spaces, UTF-8."""
    return json.dumps(fields.model_dump(mode="json"), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def verification_code(fields: RecordFields) -> str:
    """KC1- and the first 80 bits of SHA-256, in Crockford base 32, in groups of four."""
    digest = hashlib.sha256(canonical(fields)).digest()[:10]
    letters = base64.b32encode(digest).decode("ascii").translate(
        str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _CROCKFORD))
    return "-".join([CODE_PREFIX, *(letters[i:i + 4] for i in range(0, 16, 4))])


def _json_line(fields: RecordFields) -> str:
    # <, > and & are escaped so the data can never end the comment it sits in.
    return canonical(fields).decode("utf-8").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _hidden_block(fields: RecordFields) -> str:
    # The block `verify` reads: the same in every language, so any edition's record verifies.
    return (f"ketamine-course record data, format {fields.format}. {_BLOCK_NOTE}\n{_json_line(fields)}\n"
            f"sha256 of the rest of this file: {_PLACEHOLDER}\n")


def _normalised(text: str) -> str:
    """Differences that are not edits: a byte-order mark, Windows line ends, the final newline."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").rstrip("\n") + "\n"


def _rest_digest(text: str, block: re.Match) -> str:
    """SHA-256 of the file without its hidden block (the block cannot hold its own hash)."""
    rest = text[:block.start()] + text[block.end():]
    return hashlib.sha256(rest.encode("utf-8")).hexdigest()


def _date(day: dt.date | None) -> str:
    return long_date(day) if day else _("not recorded")


def record_document(fields: RecordFields) -> Document:
    code = verification_code(fields)
    rows = tuple((f"{m.position}. {m.title}", _date(m.read_on),
                  _("no quiz") if m.best_score is None else f"{m.best_score}%", str(m.attempts))
                 for m in fields.modules)
    doc = Document(_("Completion record"))
    doc.add(Para(_("{course_title}, version {course_version}").format(course_title=fields.course_title, course_version=fields.course_version)))
    doc.add(Items((_("Learner: {learner}").format(learner=fields.learner),
                   _("Completed on: {date}").format(date=_date(fields.completed_on)),
                   _("Passed: every lesson for volunteers read to the end, and every quiz passed with at least {pass_mark}%").format(pass_mark=fields.pass_mark),
                   _("Record made on: {date}").format(date=_date(fields.issued_on)))))
    doc.add(Heading(_("Lessons and quizzes")), Table((_("Lesson"), _("Read to the end"), _("Best quiz score"), _("Quiz attempts")), rows))
    doc.add(Heading(_("Verification code")), Para(code))
    doc.add(Para(_("To check that this file has not been changed since it was made, run: "
                 "ketamine-course verify FILE. The code shows whether the record was edited; it does "
                 "not prove who made it, because anyone with the course tool could make a record.")))
    doc.add(Para(fields.notice, notice=True), Hidden(_hidden_block(fields)))
    return doc


def render_record(fields: RecordFields, fmt: str = "md") -> str:
    if fmt not in RECORD_FORMATS:
        raise ExportError(_("A completion record can be made as {formats}, not {fmt}.").format(formats=" or ".join(RECORD_FORMATS), fmt=fmt))
    text = _normalised(render(record_document(fields), fmt))
    block = _BLOCK.search(text)
    sealed = block.group(0).replace(_PLACEHOLDER, _rest_digest(text, block))
    return text[:block.start()] + sealed + text[block.end():]


def record_export(course: Course, learner: Learner, fmt: str = "md", today: dt.date | None = None) -> str:
    return render_record(record_fields(course, learner, today), fmt)


# ------------------------------------------------------------------ checking a record


@dataclass(frozen=True)
class Verification:
    unchanged: bool
    message: str
    fields: RecordFields | None = None
    code: str | None = None


def verify_text(text: str) -> Verification:
    """Is this the record exactly as it was made? Never raises for bad input."""
    text = _normalised(text)
    blocks = list(_BLOCK.finditer(text))
    if not blocks:
        if "ketamine-course record data, format" in text:
            return Verification(False, _("Changed: the record data inside the file has been edited or damaged, "
                                       "so the record cannot be trusted."))
        return Verification(False, _("This is not a ketamine-course completion record: it holds no record data. "
                                   "It may have been retyped, or cut and pasted."))
    block = blocks[0]
    if block.group(1) != str(FORMAT):
        return Verification(False, _("This record uses format {format}, which this version of ketamine-course cannot check. Try a newer version.").format(format=block.group(1)))
    try:
        fields = RecordFields.model_validate_json(block.group("data"))
    except ValidationError:
        fields = None
    if fields is None or len(blocks) > 1 or _json_line(fields) != block.group("data"):
        return Verification(False, _("Changed: the record data inside the file has been edited or damaged, "
                                   "so the record cannot be trusted."))
    code = verification_code(fields)
    rest = text[:block.start()] + text[block.end():]
    if code not in rest or block.group("digest") != _rest_digest(text, block):
        return Verification(False, _("Changed: this file was edited after it was made. Its data says it is the record of {learner}, {course_title} version {course_version}, verification code {code}; the text no longer matches.").format(learner=fields.learner, course_title=fields.course_title, course_version=fields.course_version, code=code),
                            fields, code)
    return Verification(True, _("Unchanged since it was made: completion record for {learner}, {course_title} version {course_version}, completed on {date}. Verification code {code}. This shows the file was not edited; it does not prove who made it.").format(learner=fields.learner, course_title=fields.course_title, course_version=fields.course_version, date=_date(fields.completed_on), code=code), fields, code)


def verify_file(path) -> Verification:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        return Verification(False, _("{path}: there is no such file.").format(path=path))
    except IsADirectoryError:
        return Verification(False, _("{path} is a folder, not a record file.").format(path=path))
    except UnicodeDecodeError:
        return Verification(False, _("{path} is not a text file, so it is not a completion record (or it was damaged).").format(path=path))
    except OSError as error:
        return Verification(False, _("{path} could not be read: {reason}.").format(path=path, reason=error.strerror or error))
    return verify_text(text)
