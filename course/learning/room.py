"""The live room quiz: what happens in the room, with no web server and no screen in sight.

The facilitator opens a question; participants, each known only by a random token, answer
(and may change their answer) until the facilitator reveals it; then the next question. One
answer per participant per question: answering again replaces it. No speed, no scores per
person. When the room closes only the counts are kept (`RoomSummary`): tokens, nicknames and
who chose what are dropped.

The web layer (`course.web.room`) turns requests into calls here and `Refusal`s into short
4xx pages; the facilitator's screen (`course.tui.screens.room`) drives and reads the same
object. Both run in one asyncio loop, so nothing here needs a lock.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from course.content.model import Course, Module, Question
from course.i18n import _
from course.learning.shown import in_print_order

Phase = Literal["lobby", "open", "revealed", "ended"]
Change = Literal["state", "answers", "people"]  # what a listener is told changed

CODE_DIGITS = 6
MAX_PARTICIPANTS = 100
NICKNAME_LENGTH = 30


class Refusal(Exception):
    """A request the room turns down; `reason` is one of REASONS (the web layer maps it to a status)."""

    REASONS = ("full", "closed", "not_open", "revealed", "unknown_question", "bad_choice", "not_joined")

    def __init__(self, reason: str) -> None:
        assert reason in self.REASONS, reason
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RoomQuestion:
    module: Module
    lesson: int  # the lesson's number in the course
    question: Question  # options in print order, so letters match the handouts

    @property
    def key(self) -> str:
        return f"{self.module.id}/{self.question.id}"


def room_questions(course: Course, modules: list[Module] | None = None) -> list[RoomQuestion]:
    """Every question of the chosen lessons (default: all with a quiz), in course order."""
    chosen = modules if modules is not None else course.modules
    return [RoomQuestion(module, course.modules.index(module) + 1, in_print_order(module.id, question))
            for module in chosen for question in module.questions]


@dataclass
class Participant:
    token: str
    csrf: str  # carried by every form this participant sends
    nickname: str = ""


@dataclass(frozen=True)
class OptionCount:
    text: str
    correct: bool
    chosen: int  # participants who chose it


@dataclass(frozen=True)
class QuestionResult:
    module_id: str
    question_id: str
    lesson: int
    prompt: str
    kind: str
    options: tuple[OptionCount, ...]
    answered: int
    right: int

    @property
    def share_right(self) -> float | None:
        return self.right / self.answered if self.answered else None


@dataclass(frozen=True)
class RoomSummary:
    """All that is kept after the room closes: counts, never people."""

    course_title: str
    course_version: str
    day: dt.date
    participants: int  # the most who were in the room at once
    questions: tuple[QuestionResult, ...]

    def most_missed(self, limit: int | None = None) -> list[QuestionResult]:
        """Answered questions, the lowest share right first (ties: more people missed it first)."""
        answered = [q for q in self.questions if q.answered]
        ranked = sorted(answered, key=lambda q: (q.share_right, -(q.answered - q.right), q.lesson))
        return [q for q in ranked if q.right < q.answered][:limit]


@dataclass
class Room:
    course: Course
    questions: list[RoomQuestion]
    nicknames: bool = False
    max_participants: int = MAX_PARTICIPANTS
    code: str = field(default_factory=lambda: f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}")
    phase: Phase = "lobby"
    index: int = 0  # the question on show (meaningful once the first one is open)
    version: int = 0  # goes up whenever what participants see changes
    participants: dict[str, Participant] = field(default_factory=dict)
    answers: dict[int, dict[str, frozenset[int]]] = field(default_factory=dict)  # question index -> token -> options
    opened: set[int] = field(default_factory=set)
    revealed: set[int] = field(default_factory=set)
    most_at_once: int = 0
    final: RoomSummary | None = None  # set when the room closes
    listeners: list[Callable[[Change], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.questions:
            raise ValueError(_("a room needs at least one question"))

    # ------------------------------------------------------------ people

    def join(self, nickname: str = "") -> Participant:
        if self.phase == "ended":
            raise Refusal("closed")
        if len(self.participants) >= self.max_participants:
            raise Refusal("full")
        name = " ".join(nickname.split())[:NICKNAME_LENGTH] if self.nicknames else ""
        person = Participant(secrets.token_urlsafe(24), secrets.token_urlsafe(24), name)
        self.participants[person.token] = person
        self.most_at_once = max(self.most_at_once, len(self.participants))
        self._changed("people")
        return person

    def participant(self, token: str | None) -> Participant | None:
        return self.participants.get(token) if token else None

    def leave(self, token: str) -> None:
        """Forget a participant who leaves (a shared device); answers already given still count."""
        if self.participants.pop(token, None) is not None:
            self._changed("people")

    # ------------------------------------------------------------ answering

    def answer(self, token: str | None, question_number: int, options: list[int]) -> None:
        """Record (or replace) this participant's answer to the open question.
        `question_number` is the 1-based number the page was showing: an answer meant for
        another question (a stale page, a forged form) is refused, never moved."""
        if token is None or self.participant(token) is None:
            raise Refusal("not_joined")
        if self.phase == "ended":
            raise Refusal("closed")
        if not 1 <= question_number <= len(self.questions):
            raise Refusal("unknown_question")
        index = question_number - 1
        if index in self.revealed:
            raise Refusal("revealed")
        if self.phase != "open" or index != self.index:
            raise Refusal("not_open")
        question = self.current.question
        chosen = frozenset(options)
        if not chosen or len(chosen) != len(options) or not all(0 <= i < len(question.options) for i in chosen):
            raise Refusal("bad_choice")
        if question.kind != "multiple" and len(chosen) != 1:
            raise Refusal("bad_choice")
        self.answers.setdefault(index, {})[token] = chosen
        self._changed("answers")

    def choice_of(self, token: str, index: int | None = None) -> frozenset[int]:
        return self.answers.get(self.index if index is None else index, {}).get(token, frozenset())

    # ------------------------------------------------------------ the facilitator

    @property
    def current(self) -> RoomQuestion:
        return self.questions[self.index]

    @property
    def is_revealed(self) -> bool:
        return self.index in self.revealed

    @property
    def on_last(self) -> bool:
        return self.index + 1 >= len(self.questions)

    def open_question(self, index: int) -> None:
        """Show question `index`: open for answers, or as revealed if it already was."""
        self.index = max(0, min(len(self.questions) - 1, index))
        self.phase = "revealed" if self.index in self.revealed else "open"
        self.opened.add(self.index)
        self._changed("state")

    def reveal(self) -> None:
        if self.phase == "open":
            self.revealed.add(self.index)
            self.phase = "revealed"
            self._changed("state")

    def step(self, by: int) -> None:
        """Next or previous question; from the lobby, the first one."""
        if self.phase == "lobby":
            self.open_question(0)
        elif self.phase == "ended":
            self.open_question(len(self.questions) - 1)
        else:
            self.open_question(self.index + by)

    def finish(self) -> None:
        """The end of the quiz: participants are thanked; answers can no longer change."""
        self.revealed.update(self.opened)
        self.phase = "ended"
        self._changed("state")

    # ------------------------------------------------------------ counting

    def answered(self, index: int | None = None) -> int:
        return len(self.answers.get(self.index if index is None else index, {}))

    def counts(self, index: int | None = None) -> list[int]:
        """How many participants chose each option (in print order)."""
        index = self.index if index is None else index
        counts = [0] * len(self.questions[index].question.options)
        for chosen in self.answers.get(index, {}).values():
            for option in chosen:
                counts[option] += 1
        return counts

    def right(self, index: int) -> int:
        correct = self.questions[index].question.correct_indexes
        return sum(chosen == correct for chosen in self.answers.get(index, {}).values())

    def summary(self, day: dt.date | None = None) -> RoomSummary:
        """The counts for every question that was opened (answered or not)."""
        if self.final is not None:
            return self.final
        results = []
        for index in sorted(self.opened):
            item = self.questions[index]
            options = tuple(OptionCount(option.text, option.correct, count)
                            for option, count in zip(item.question.options, self.counts(index)))
            results.append(QuestionResult(item.module.id, item.question.id, item.lesson, item.question.prompt,
                                          item.question.kind, options, self.answered(index), self.right(index)))
        return RoomSummary(self.course.title, self.course.version, day or dt.date.today(), self.most_at_once,
                           tuple(results))

    def close(self) -> RoomSummary:
        """End the room: keep the summary, forget everyone (tokens, nicknames, who chose what)."""
        summary = self.final = self.summary()
        self.phase = "ended"
        self.participants.clear()
        self.answers.clear()
        self._changed("state")
        return summary

    # ------------------------------------------------------------ telling others

    def _changed(self, change: Change) -> None:
        if change == "state":
            self.version += 1
        for listener in list(self.listeners):
            listener(change)
