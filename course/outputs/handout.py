"""Handouts for learners (key points and practice questions) and the facilitator's answer key."""

from __future__ import annotations

from course.content.model import Course, Module
from course.i18n import _
from course.learning.shown import in_print_order
from course.outputs.common import lesson_heading, lesson_text, notice_blocks
from course.outputs.document import Document, Heading, Items, Para, Quiz
from course.outputs.render import render


def handout_document(course: Course, modules: list[Module], answer_key: bool = False) -> Document:
    name = modules[0].title if len(modules) == 1 else course.title
    doc = Document(_("Answer key: {name}").format(name=name) if answer_key else _("Handout: {name}").format(name=name))
    if answer_key:
        doc.add(Para(_("For the facilitator. Keep this apart from the handouts: it has the right answers, "
                     "the feedback for every option and an explanation for each question.")))
    for module in modules:
        doc.add(Heading(lesson_heading(course, module)))
        if not answer_key:
            doc.add(Heading(_("Key points"), 3), Items(tuple(lesson_text(course, k) for k in module.key_points)))
        questions = tuple(in_print_order(module.id, q) for q in module.questions)
        if questions:
            doc.add(Heading(_("Answers") if answer_key else _("Practice questions"), 3), Quiz(questions, answers=answer_key))
    return doc.add(*notice_blocks(course))


def handout_export(course: Course, modules: list[Module], fmt: str = "md", answer_key: bool = False) -> str:
    return render(handout_document(course, modules, answer_key), fmt)
