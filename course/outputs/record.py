"""Completion records for volunteers: plain records anyone can make, and records a coordinator
certifies and signs.

A record file carries a hidden block (an HTML/Markdown comment) with
- the record's fields as canonical JSON. The verification code printed on the record is
  SHA-256 over exactly those bytes, shortened and grouped for reading (KC3-XXXX-XXXX-XXXX-XXXX);
- SHA-256 over the rest of the file, so the visible text, the layout and the styles are sealed too;
- for a certified record (format 2), an Ed25519 signature by the issuer's key over both. The
  fields name the issuer and hold their public key, so the record can be checked on its own;
  `verify --issuer` also checks that key against the one the coordinator published.

`verify` needs nothing but the file: it recomputes the hashes (and checks the signature). It
never re-renders the record, so records stay verifiable when later versions change how exports look.
The record's text is rendered from the fields, and from the course's "About this course" lines
as they were when it was made (credits and review dates): those are sealed by the hash of the
rest of the file (and the signature), not held in the data, so no record format changed.

A plain record (format 3, `export record`; format 1 before it named the path completed) proves
only that the file was not edited: the method
is public, so anyone with this tool could make one. A certified record (`certify`) is made by a
coordinator from the learner's progress file, with completion checked from the quiz attempts
recorded in it (graded again against the course), and signed with the coordinator's key.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast

from pydantic import BaseModel, ConfigDict, ValidationError

from course.content.model import Course
from course.files import TooLarge, read_bounded
from course.i18n import _, format_percent
from course.learning.completion import ROLE_PATHS, Completion, completion
from course.outputs.common import ExportError, long_date, readable_code
from course.outputs.document import Document, Heading, Hidden, Items, Para, Table
from course.outputs.issuer import PublicKey, Published, public_key_from_text
from course.outputs.plaintext import ABOUT_HEADING, course_credits
from course.outputs.render import render
from course.progress.model import Learner, now

KIND: Final = "ketamine-course completion record"  # data, not words: the same in every language
VOLUNTEERS_FORMAT: Final = 1  # the first plain records: only volunteers had one, so the path went unsaid
CERTIFIED_FORMAT = 2  # certified and signed by an issuer
FORMAT = 3  # a plain record that names the path completed (an assessed facilitator's is not the volunteers')
RECORD_FORMATS = ("md", "html", "txt")
MAX_RECORD = 1024 * 1024  # a record is a few kilobytes; anything far bigger is not one
FUTURE_TOLERANCE = dt.timedelta(days=1)  # clocks and time zones differ; more than this is not a real time
_BLOCK_NOTE = "Do not edit: ketamine-course verify checks this file against it."
_SIGNATURE_LINE = "ed25519 signature by the issuer: "
_BLOCK = re.compile(r"<!-- ketamine-course record data, format (\d+)\. " + re.escape(_BLOCK_NOTE)
                    + r"\n(?P<data>[^\n]*)\nsha256 of the rest of this file: (?P<digest>[^\n]*)\n"
                    + r"(?:" + re.escape(_SIGNATURE_LINE) + r"(?P<signature>[^\n]*)\n)? -->")
_PLACEHOLDER = "0" * 64
_SIGNATURE_PLACEHOLDER = "-" * 88  # the length of a signature in base64
_SIGNED_PREFIX = b"ketamine-course certified record\n"


class NotComplete(ExportError):
    """The learner has not completed the course yet, so there is no record to make."""

    def __init__(self, name: str, missing: list[str], certifying: bool = False, version: str = "") -> None:
        self.missing = missing
        listing = "\n".join(f"  - {line}" for line in missing)
        who = name.strip() or _("This learner")
        if certifying:
            message = _("{who}'s progress file does not show the course completed, so there is nothing to certify. "
                        "Quizzes count only through the attempts recorded in the file, graded again against "
                        "version {version} of the course. Still to do:\n{listing}")
        else:
            message = _("{who} has not completed the course yet, so there is no completion record to make. "
                        "Still to do:\n{listing}")
        super().__init__(message.format(who=who, version=version, listing=listing))


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
    format: Literal[1] = VOLUNTEERS_FORMAT
    learner: str
    course_id: str
    course_title: str
    course_version: str
    pass_mark: int
    completed_on: dt.date
    issued_on: dt.date
    modules: list[RecordModule]
    notice: str

    @property
    def path_role(self) -> str:
        """Whose path was completed: the lessons marked for this role (format 1 records are volunteers')."""
        return getattr(self, "role", "volunteer")


PathRole = Literal["volunteer", "facilitator"]  # whose path a record names: assessed learners are never patients


class PlainFields(RecordFields):
    """A plain record, naming the path completed."""

    format: Literal[3] = FORMAT  # type: ignore[assignment]  # a narrower format than the base's, on purpose
    role: PathRole  # the lessons marked for this role


class Issuer(_Fields):
    name: str
    public_key: str  # base64 of the raw 32-byte Ed25519 key


class CertifiedFields(RecordFields):
    """A record a coordinator certified: completion checked from the quiz attempts, then signed."""

    format: Literal[2] = CERTIFIED_FORMAT  # type: ignore[assignment]  # as PlainFields.format
    role: PathRole  # whose path was completed: the lessons marked for this role
    course_reviewed: dt.date
    issuer: Issuer
    valid_until: dt.date | None


_MODELS: dict[str, type[RecordFields]] = {str(VOLUNTEERS_FORMAT): RecordFields, str(CERTIFIED_FORMAT): CertifiedFields,
                                          str(FORMAT): PlainFields}


# ------------------------------------------------------------------ making a record


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone().date() if moment else None


def _common_fields(course: Course, learner: Learner, status: Completion, today: dt.date | None) -> dict:
    return dict(
        learner=learner.name.strip() or _("(no name given)"),
        course_id=course.id, course_title=course.title, course_version=course.version,
        pass_mark=course.pass_mark,
        completed_on=_local_date(status.completed_at),
        issued_on=today or dt.date.today(),
        modules=[RecordModule(position=m.position, id=m.module_id, title=m.title, read_on=_local_date(m.read_at),
                              best_score=m.best_score if m.has_quiz else None, attempts=m.attempts)
                 for m in status.required],
        notice=course.disclaimer,
    )


def record_fields(course: Course, learner: Learner, today: dt.date | None = None) -> PlainFields:
    """The record of an assessed learner who has completed the course; NotComplete says what is
    missing, NotAssessed that the learner's quizzes are self-checks."""
    status = completion(course, learner)
    if not status.assessed:
        raise NotAssessed(learner.name)
    if not status.complete:
        raise NotComplete(learner.name, status.missing)
    return PlainFields(**_common_fields(course, learner, status, today), role=cast(PathRole, learner.role))


def certified_fields(course: Course, learner: Learner, issuer: PublicKey, valid_until: dt.date | None = None,
                     today: dt.date | None = None) -> CertifiedFields:
    """What a coordinator certifies, checked from the learner's recorded quiz attempts (not from
    the scores a file states); ExportError when there is nothing that can be certified."""
    today = today or dt.date.today()
    if not learner.name.strip():
        raise ExportError(_("This learner has no name in the progress file, and a certified record must say whose "
                            "it is. Ask them to add their name in the app (l: switch learner, then change the "
                            "name) and to export their progress again."))
    if valid_until is not None and valid_until <= today:
        raise ExportError(_("--valid-until {date} is not after today: give a date in the future, or leave it out "
                            "for a record with no end date.").format(date=valid_until.isoformat()))
    status = completion(course, learner, from_attempts=True)
    if not status.assessed:
        raise NotAssessed(learner.name)
    if not status.complete:
        raise NotComplete(learner.name, status.missing, certifying=True, version=course.version)
    completed_at = status.completed_at
    assert completed_at is not None, "completion() dates every complete path"
    if completed_at > now() + FUTURE_TOLERANCE:
        raise ExportError(_("{who}'s progress file says the course was completed on {date}, which is in the future, "
                            "so it cannot be certified. Ask for a fresh export of their progress.").format(
                            who=learner.name.strip(), date=completed_at.astimezone().date().isoformat()))
    return CertifiedFields(**_common_fields(course, learner, status, today), role=cast(PathRole, learner.role),
                           course_reviewed=course.reviewed,
                           issuer=Issuer(name=issuer.name, public_key=issuer.text), valid_until=valid_until)


def canonical(fields: RecordFields) -> bytes:
    """One exact byte form of the fields: sorted keys, no spaces, UTF-8."""
    return json.dumps(fields.model_dump(mode="json"), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def verification_code(fields: RecordFields) -> str:
    """KC3- (KC2- when certified, KC1- for format 1) and the first 80 bits of SHA-256, in Crockford base 32, in groups of four."""
    return f"KC{fields.format}-{readable_code(hashlib.sha256(canonical(fields)).digest()[:10])}"


def _json_line(fields: RecordFields) -> str:
    # <, > and & are escaped so the data can never end the comment it sits in; the C1 controls
    # (which JSON leaves as they are) so that nothing in it can act on a terminal.
    line = canonical(fields).decode("utf-8").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", line)


def _hidden_block(fields: RecordFields) -> str:
    # The block `verify` reads: the same in every language, so any edition's record verifies.
    signature = f"{_SIGNATURE_LINE}{_SIGNATURE_PLACEHOLDER}\n" if isinstance(fields, CertifiedFields) else ""
    return (f"ketamine-course record data, format {fields.format}. {_BLOCK_NOTE}\n{_json_line(fields)}\n"
            f"sha256 of the rest of this file: {_PLACEHOLDER}\n{signature}")


def _signed_message(fields: RecordFields, digest: str) -> bytes:
    """What the issuer signs: the record's data and the hash of everything else in the file."""
    return _SIGNED_PREFIX + canonical(fields) + b"\n" + digest.encode("ascii")


def _normalised(text: str) -> str:
    """Differences that are not edits: a byte-order mark, Windows line ends, the final newline."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").rstrip("\n") + "\n"


def _rest_digest(text: str, block: re.Match) -> str:
    """SHA-256 of the file without its hidden block (the block cannot hold its own hash)."""
    rest = text[:block.start()] + text[block.end():]
    return hashlib.sha256(rest.encode("utf-8")).hexdigest()


def _date(day: dt.date | None) -> str:
    return long_date(day) if day else _("not recorded")


def record_document(fields: RecordFields, about: tuple[str, ...] = ()) -> Document:
    """The record's text; `about`: the course's credits and review dates, shown under the code."""
    code = verification_code(fields)
    rows = tuple((f"{m.position}. {m.title}", _date(m.read_on),
                  _("no quiz") if m.best_score is None else format_percent(m.best_score), str(m.attempts))
                 for m in fields.modules)
    certified = isinstance(fields, CertifiedFields)
    doc = Document(_("Certified completion record") if certified else _("Completion record"))
    if isinstance(fields, CertifiedFields):
        doc.add(Para(_("{course_title}, version {course_version}, reviewed {reviewed}").format(
            course_title=fields.course_title, course_version=fields.course_version,
            reviewed=_date(fields.course_reviewed))))
    else:
        doc.add(Para(_("{course_title}, version {course_version}").format(course_title=fields.course_title,
                                                                course_version=fields.course_version)))
    doc.add(Items(tuple(_summary(fields))))
    doc.add(Heading(_("Lessons and quizzes")), Table((_("Lesson"), _("Read to the end"), _("Best quiz score"),
                                                      _("Quiz attempts")), rows))
    doc.add(Heading(_("Verification code")), Para(code))
    if isinstance(fields, CertifiedFields):
        doc.add(Para(_("{issuer} certified this record and signed it with their issuer key, fingerprint "
                       "{fingerprint}. To check it, run: ketamine-course verify FILE --issuer KEY, where KEY is "
                       "the public key {issuer} published (or its fingerprint). The signature shows that the "
                       "holder of that key made this record and that nothing in it was changed since; it shows "
                       "who that is only if the key is the one {issuer} published.").format(
                       issuer=fields.issuer.name, fingerprint=_issuer_key(fields).fingerprint)))
    else:
        doc.add(Para(_("To check that this file has not been changed since it was made, run: "
                       "ketamine-course verify FILE. The code shows whether the record was edited; it does "
                       "not prove who made it, because anyone with the course tool could make a record.")))
    if about:
        doc.add(Heading(_(ABOUT_HEADING)), Items(about))
    doc.add(Para(fields.notice, notice=True), Hidden(_hidden_block(fields)))
    return doc


def _summary(fields: RecordFields):
    yield _("Learner: {learner}").format(learner=fields.learner)
    yield _("Completed on: {date}").format(date=_date(fields.completed_on))
    path = _(ROLE_PATHS[fields.path_role])
    if isinstance(fields, CertifiedFields):
        yield _("Passed: every one of the {path} read to the end, and every quiz passed with at least "
                "{pass_mark}%, checked from the quiz attempts in the learner's progress file").format(
                path=path, pass_mark=fields.pass_mark)
        yield _("Certified by: {issuer}").format(issuer=fields.issuer.name)
        if fields.valid_until:
            yield _("Valid until: {date}").format(date=_date(fields.valid_until))
    else:
        yield _("Passed: every one of the {path} read to the end, and every quiz passed with at least "
                "{pass_mark}%").format(path=path, pass_mark=fields.pass_mark)
    yield _("Record made on: {date}").format(date=_date(fields.issued_on))


def _named_key(fields: CertifiedFields) -> PublicKey | None:
    """The key the record names; None only in a damaged file (verify reports it)."""
    return public_key_from_text(fields.issuer.public_key, fields.issuer.name)


def _issuer_key(fields: CertifiedFields) -> PublicKey:
    """The key a record made here, or one verify has read (_fields refuses a key it cannot read), names."""
    key = _named_key(fields)
    assert key is not None, "a certified record whose issuer key cannot be read"
    return key


def render_record(fields: RecordFields, fmt: str = "md", sign: Callable[[bytes], bytes] | None = None,
                  about: tuple[str, ...] = ()) -> str:
    """The record as a file; a certified record needs `sign` (the issuer key's). `about`: the
    course's "About this course" lines (course_credits), sealed with the rest of the text."""
    if fmt not in RECORD_FORMATS:
        raise ExportError(_("A completion record can be made as {formats}, not {fmt}.").format(
            formats=" or ".join(RECORD_FORMATS), fmt=fmt))
    text = _normalised(render(record_document(fields, about), fmt))
    block = _BLOCK.search(text)
    assert block is not None, "record_document writes the record data"
    digest = _rest_digest(text, block)
    sealed = block.group(0).replace(_PLACEHOLDER, digest)
    if isinstance(fields, CertifiedFields):
        assert sign is not None, "a certified record needs sign: the issuer key's"
        signature = base64.b64encode(sign(_signed_message(fields, digest))).decode("ascii")
        sealed = sealed.replace(_SIGNATURE_PLACEHOLDER, signature)
    return text[:block.start()] + sealed + text[block.end():]


def record_export(course: Course, learner: Learner, fmt: str = "md", today: dt.date | None = None) -> str:
    fields = record_fields(course, learner, today)
    return render_record(fields, fmt, about=tuple(course_credits(course, fields.issued_on)))


# ------------------------------------------------------------------ checking a record


@dataclass(frozen=True)
class Verification:
    unchanged: bool  # exactly as made; for a certified record, its signature holds too
    message: str
    fields: RecordFields | None = None
    code: str | None = None
    ok: bool = False  # unchanged, and (when asked) signed by the key given, and not expired

    @property
    def fingerprint(self) -> str | None:
        """The key that signed a certified record, when its signature holds."""
        return _issuer_key(self.fields).fingerprint if self.unchanged and isinstance(self.fields, CertifiedFields) else None


def _damaged() -> Verification:
    return Verification(False, _("Changed: the record data inside the file has been edited or damaged, "
                                 "so the record cannot be trusted."))


def verify_text(text: str, issuer: Published | None = None, today: dt.date | None = None) -> Verification:
    """Is this the record exactly as it was made (and signed)? With `issuer`, was it signed by that
    key? Never raises for bad input."""
    text = _normalised(text)
    blocks = list(_BLOCK.finditer(text))
    if not blocks:
        if "ketamine-course record data, format" in text:
            return _damaged()
        return Verification(False, _("This is not a ketamine-course completion record: it holds no record data. "
                                     "It may have been retyped, cut and pasted, or cut short."))
    block = blocks[0]
    model = _MODELS.get(block.group(1))
    if model is None:
        return Verification(False, _("This record uses format {format}, which this version of ketamine-course "
                                     "cannot check. Try a newer version.").format(format=block.group(1)))
    fields = _fields(model, block)
    if fields is None or len(blocks) > 1 or _json_line(fields) != block.group("data") \
            or (block.group("signature") is None) == (model is CertifiedFields):
        return _damaged()
    code = verification_code(fields)
    rest = text[:block.start()] + text[block.end():]
    if code not in rest or block.group("digest") != _rest_digest(text, block):
        return Verification(False, _("Changed: this file was edited after it was made. Its data says it is the "
                                     "record of {learner}, {course_title} version {course_version}, verification "
                                     "code {code}; the text no longer matches.").format(
                                     learner=fields.learner, course_title=fields.course_title,
                                     course_version=fields.course_version, code=code), fields, code)
    if isinstance(fields, CertifiedFields):
        return _check_certified(fields, code, block, issuer, today or dt.date.today())
    return _plain_record(fields, code, issuer)


def _fields(model: type[RecordFields], block: re.Match) -> RecordFields | None:
    try:
        fields = model.model_validate_json(block.group("data"))
    except ValidationError:
        return None
    return None if isinstance(fields, CertifiedFields) and _named_key(fields) is None else fields


def _plain_record(fields: RecordFields, code: str, issuer: Published | None) -> Verification:
    what = _("Completion record for {learner}, {course} version {version}, completed on {date}. "
             "Verification code {code}.").format(learner=fields.learner, course=fields.course_title,
                                                 version=fields.course_version, date=_date(fields.completed_on), code=code)
    unsigned = _("It is not signed: the learner can make it from their own progress file, and anyone with this tool "
                 "could make one. It does not prove who made it.")
    if issuer is not None:
        return Verification(True, "\n".join([
            _("Not certified: this record is unchanged since it was made, but it is not signed, so it was not "
              "certified by the key you gave, nor by anyone."), what, unsigned]), fields, code, ok=False)
    return Verification(True, "\n".join([
        _("Unchanged since it was made. This shows the file was not edited; it does not prove who made it."),
        what, unsigned, _("For a record you can trust, ask a coordinator to certify it (ketamine-course help exports).")]),
        fields, code, ok=True)


def _check_certified(fields: CertifiedFields, code: str, block: re.Match, issuer: Published | None,
                     today: dt.date) -> Verification:
    key = _issuer_key(fields)
    try:
        signature = base64.b64decode(block.group("signature"), validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if not key.holds(signature, _signed_message(fields, block.group("digest"))):
        return Verification(False, _("Not trustworthy: the signature does not match the record. It was changed "
                                     "after it was signed, or it was never signed by the key it names. Do not "
                                     "accept it."), fields, code)
    until = _("Valid until {date}.").format(date=_date(fields.valid_until)) if fields.valid_until \
        else _("No end date.")
    details = [
        _("Completion record for {learner}, {course} version {version} (reviewed {reviewed}), completed on {date}. "
          "{until}").format(learner=fields.learner, course=fields.course_title, version=fields.course_version,
                            reviewed=_date(fields.course_reviewed), date=_date(fields.completed_on), until=until),
        _("Certified by {issuer}; signed with the issuer key {fingerprint}. Verification code {code}.").format(
            issuer=fields.issuer.name, fingerprint=key.fingerprint, code=code)]
    if issuer is not None and issuer.fingerprint != key.fingerprint:
        given = f"{issuer.key.name}, {issuer.fingerprint}" if issuer.key else issuer.fingerprint
        verdict = _("Signed by another key: this record was not signed by the key you gave ({given}). Do not "
                    "accept it as certified by that coordinator.").format(given=given)
        return Verification(True, "\n".join([verdict, *details]), fields, code)
    if fields.valid_until is not None and today > fields.valid_until:
        verdict = _("Expired: this record was valid until {date}. It is genuine, but no longer current: ask for a "
                    "new one.").format(date=_date(fields.valid_until))
        return Verification(True, "\n".join([verdict, *details]), fields, code)
    if issuer is not None:
        trust = _("The key is the one you gave ({name}).").format(name=issuer.key.name) if issuer.key \
            else _("The key is the one you gave.")
    else:
        trust = _("Anyone can make a key and call themselves anything: to know who certified it, compare that "
                  "fingerprint with the one the coordinator published, or run: ketamine-course verify FILE "
                  "--issuer THEIR_KEY")
    verdict = _("Certified and unchanged since it was signed.")
    return Verification(True, "\n".join([verdict, *details, trust]), fields, code, ok=True)


def verify_file(path, issuer: Published | None = None, today: dt.date | None = None) -> Verification:
    try:
        text = read_bounded(Path(path), MAX_RECORD).decode("utf-8")
    except FileNotFoundError:
        return Verification(False, _("{path}: there is no such file.").format(path=path))
    except IsADirectoryError:
        return Verification(False, _("{path} is a folder, not a record file.").format(path=path))
    except UnicodeDecodeError:
        return Verification(False, _("{path} is not a text file, so it is not a completion record (or it was "
                                     "damaged).").format(path=path))
    except TooLarge:
        return Verification(False, _("{path} is far too large to be a completion record (or it never ends, like "
                                     "/dev/zero).").format(path=path))
    except OSError as error:
        return Verification(False, _("{path} could not be read: {reason}.").format(
            path=path, reason=error.strerror or error))
    return verify_text(text, issuer, today)
