"""The facilitator's session plan: the lessons laid end to end with a running clock, notes,
prompts and key points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from course.content.model import Course, Module
from course.i18n import _, ngettext
from course.outputs.common import lesson_heading, lesson_text, notice_blocks
from course.outputs.document import Document, Heading, Items, Para, Table
from course.outputs.render import render


@dataclass(frozen=True)
class Slot:
    """One lesson in a session: when it starts (minutes from the start) and its activities."""

    module: Module
    start: int
    minutes: int
    activities: tuple[tuple[int, int, str], ...]  # (start, minutes, activity)


def schedule(modules: list[Module]) -> list[Slot]:
    """Lay the lessons end to end. Agenda items fill a lesson's time; what is left is open discussion."""
    slots: list[Slot] = []
    clock = 0
    for module in modules:
        notes = module.facilitator
        items = [(a.minutes, a.activity) for a in notes.agenda] if notes else []
        length = notes.minutes if notes else module.minutes
        planned = sum(minutes for minutes, _activity in items)
        if not items:
            items = [(length, _("Read the lesson together and discuss"))]
        elif planned < length:
            items.append((length - planned, _("Open discussion and questions")))
        length = max(length, planned)
        activities, at = [], clock
        for minutes, activity in items:
            activities.append((at, minutes, activity))
            at += minutes
        slots.append(Slot(module, clock, length, tuple(activities)))
        clock += length
    return slots


def clock(minutes: int, start: dt.time | None = None) -> str:
    """Minutes from the start as a clock: 1:05 elapsed, or 19:35 when the start time is known."""
    if start is None:
        return f"{minutes // 60}:{minutes % 60:02d}"
    moment = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)
    return moment.strftime("%H:%M")


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    return _("{hours} h {minutes} min").format(hours=hours, minutes=rest) if rest else _("{hours} h").format(hours=hours)


def default_plan_modules(course: Course) -> list[Module]:
    return [m for m in course.modules if m.facilitator] or list(course.modules)


def plan_document(course: Course, modules: list[Module], start: dt.time | None = None) -> Document:
    slots = schedule(modules)
    total = sum(slot.minutes for slot in slots)

    def span(begin: int, length: int) -> str:
        return f"{clock(begin, start)}–{clock(begin + length, start)}"

    timing = _("starting at {start:%H:%M}").format(start=start) if start else _("times counted from the start of the session")
    doc = Document(_("Session plan: {title}").format(title=course.title))
    doc.add(Para(ngettext("For the facilitator: these notes are not shown to learners. Course version {version}; "
                          "{lessons} lesson, {duration} in all ({timing}).",
                          "For the facilitator: these notes are not shown to learners. Course version {version}; "
                          "{lessons} lessons, {duration} in all ({timing}).", len(slots)).format(
                              version=course.version, lessons=len(slots), duration=duration(total), timing=timing)))
    doc.add(Heading(_("At a glance")), Table(
        (_("Time"), _("Minutes"), _("Lesson")),
        tuple((span(s.start, s.minutes), str(s.minutes), lesson_heading(course, s.module)) for s in slots)
        + ((_("Total"), str(total), duration(total)),),
    ))
    for slot in slots:
        module, notes = slot.module, slot.module.facilitator
        doc.add(Heading(_("{time}  {lesson} ({minutes} min)").format(
            time=span(slot.start, slot.minutes), lesson=lesson_heading(course, module), minutes=slot.minutes)))
        doc.add(Heading(_("Objectives"), 3), Items(tuple(lesson_text(course, o) for o in module.objectives), numbered=True))
        doc.add(Heading(_("Agenda"), 3), Table(
            (_("Time"), _("Minutes"), _("Activity")),
            tuple((span(at, minutes), str(minutes), activity) for at, minutes, activity in slot.activities),
        ))
        if notes:
            doc.add(Heading(_("Notes for you"), 3), Para(lesson_text(course, notes.notes)))
            doc.add(Heading(_("Discussion prompts"), 3), Items(tuple(lesson_text(course, p) for p in notes.prompts), numbered=True))
        else:
            doc.add(Para(_("This lesson has no facilitator notes; its reading time is used.")))
        doc.add(Heading(_("Key points to share"), 3), Items(tuple(lesson_text(course, k) for k in module.key_points)))
    doc.add(Para(_("Total session time: {duration}.").format(duration=duration(total))))
    return doc.add(*notice_blocks(course))


def plan_export(course: Course, modules: list[Module] | None = None, fmt: str = "md", start: dt.time | None = None) -> str:
    return render(plan_document(course, modules or default_plan_modules(course), start), fmt)
