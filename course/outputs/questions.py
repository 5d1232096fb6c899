"""The patient's question list to take to a consultation, with what to bring."""

from __future__ import annotations

import datetime as dt

from course.content.model import Course
from course.i18n import _
from course.outputs.common import lesson_text, long_date, notice_blocks
from course.outputs.document import Document, Heading, Items, Para
from course.outputs.render import render
from course.progress.model import Learner


def what_to_bring(course: Course) -> list[str]:
    """The checklist from every module that has one (the consultation module), without repeats."""
    return list(dict.fromkeys(lesson_text(course, item) for m in course.modules for item in m.what_to_bring))


def questions_document(course: Course, learner: Learner, today: dt.date) -> Document:
    """The learner's own questions to take to a consultation: still to ask first, then asked."""
    to_ask = [q.text for q in learner.questions if not q.asked]
    asked = [q.text for q in learner.questions if q.asked]
    doc = Document(_("My questions for the consultation"))
    if learner.name.strip():
        prepared = _("{title}. Prepared for {name} on {date}.").format(title=course.title, name=learner.name, date=long_date(today))
    else:
        prepared = _("{title}. Prepared on {date}.").format(title=course.title, date=long_date(today))
    doc.add(Para(prepared))
    doc.add(Heading(_("Questions to ask")))
    if to_ask:
        doc.add(Items(tuple(to_ask), ticks=(False,) * len(to_ask)))
    elif asked:
        doc.add(Para(_("You have asked every question on your list. Well done.")))
    else:
        doc.add(Para(_("Your list is empty. In the course, add your own questions, or the suggested "
                     "ones at the end of each lesson, then export the list again.")))
    if asked:
        doc.add(Heading(_("Already asked")), Items(tuple(_("{question} (asked)").format(question=text) for text in asked), ticks=(True,) * len(asked)))
    bring = what_to_bring(course)
    if bring:
        doc.add(Heading(_("What to bring")), Items(tuple(bring), ticks=(False,) * len(bring)))
    return doc.add(*notice_blocks(course))


def questions_export(course: Course, learner: Learner, fmt: str = "txt", today: dt.date | None = None) -> str:
    return render(questions_document(course, learner, today or dt.date.today()), fmt)
