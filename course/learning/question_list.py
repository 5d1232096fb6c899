"""A patient's list of questions for their provider: edit, reorder, mark asked, delete and undo.

Pure functions over `course.progress.model.Learner`, beside `add_my_question` and
`remove_my_question` there; each marks the learner as updated. Deleting leaves a tombstone,
so a merge with an older copy of the file cannot bring the question back. Undoing a delete
therefore brings the question back under a new id: the old id stays deleted everywhere, and
the restored question is simply a new one with the same text, lesson, "asked" mark and date.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.content.model import Course, Module
from course.progress.model import Learner, MyQuestion, clean_text, remove_my_question


@dataclass(frozen=True)
class Deleted:
    """What undo needs: the question as it was and where it stood in the list."""

    question: MyQuestion
    index: int


@dataclass(frozen=True)
class Suggestion:
    """A question a lesson suggests asking (its `ask_your_provider`)."""

    module: Module
    position: int  # the lesson's 1-based number in the course
    text: str


def _index(learner: Learner, question_id: str) -> int | None:
    return next((i for i, question in enumerate(learner.questions) if question.id == question_id), None)


def is_listed(learner: Learner, text: str, except_id: str | None = None) -> bool:
    text = clean_text(text).strip()
    return any(question.text == text and question.id != except_id for question in learner.questions)


def edit_my_question(learner: Learner, question_id: str, text: str) -> bool:
    """Change a question's wording; False (nothing changed) if the text is empty or another
    question already says the same."""
    index = _index(learner, question_id)
    text = clean_text(text).strip()
    if index is None or not text or is_listed(learner, text, except_id=question_id):
        return False
    question = learner.questions[index]
    if question.text != text:
        question.text = text
        learner.touch()
    return True


def move_my_question(learner: Learner, question_id: str, step: int) -> int | None:
    """Move a question `step` places (-1 up, +1 down), stopping at either end; its new index."""
    index = _index(learner, question_id)
    if index is None:
        return None
    target = max(0, min(len(learner.questions) - 1, index + step))
    if target != index:
        questions = list(learner.questions)
        questions.insert(target, questions.pop(index))
        learner.questions = questions
        learner.touch()
    return target


def set_asked(learner: Learner, question_id: str, asked: bool) -> None:
    index = _index(learner, question_id)
    if index is not None and learner.questions[index].asked != asked:
        learner.questions[index].asked = asked
        learner.touch()


def delete_my_question(learner: Learner, question_id: str) -> Deleted | None:
    """Delete a question (with its tombstone); what `restore_my_question` needs to undo it."""
    index = _index(learner, question_id)
    if index is None:
        return None
    question = learner.questions[index].model_copy()
    remove_my_question(learner, question_id)
    return Deleted(question, index)


def restore_my_question(learner: Learner, deleted: Deleted) -> MyQuestion | None:
    """Undo a delete: the question back in its place, under a new id (see the module notes).
    None if the same text has been added again meanwhile."""
    old = deleted.question
    if is_listed(learner, old.text):
        return None
    question = MyQuestion(text=old.text, module=old.module, asked=old.asked, added=old.added)
    questions = list(learner.questions)
    questions.insert(min(deleted.index, len(questions)), question)
    learner.questions = questions
    learner.touch()
    return question


def suggestions(course: Course, modules: list[Module]) -> list[Suggestion]:
    """Every question the given lessons suggest asking, lesson by lesson."""
    return [Suggestion(module, course.position(module), text)
            for module in modules for text in module.ask_your_provider]
