"""The notices the app shows in the corner: how long each stays, and the list kept of them all.

A notice that vanishes while someone is still reading it is lost to a slow reader or a screen
magnifier user. So every notice stays at least MIN_SECONDS, warnings longer, and problems
with files (the progress file, a failed save or export) stay until dismissed. Every notice is
also kept for the session: the Messages screen (Ctrl+P → Messages) and the help page list them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from course.i18n import N_, _

MIN_SECONDS = 10.0
WARNING_SECONDS = 60.0
UNTIL_DISMISSED = 24 * 3600.0  # Textual needs a number; a day is "until the learner dismisses it"
LASTING_TITLES = (N_("Progress file"),)  # notices under these titles stay until dismissed
DISMISS_HINT = N_("(This stays until you dismiss it: click it, or press Ctrl+P, choose Messages, then c.)")
KEPT = 200  # a session's worth; the oldest go first


@dataclass(frozen=True)
class Notice:
    at: dt.datetime
    title: str
    text: str
    severity: str

    @property
    def important(self) -> bool:
        return self.severity in ("warning", "error") or is_lasting(self.title)

    def describe(self) -> str:
        title = f"{self.title}: " if self.title else ""
        mark = "⚠ " if self.important else ""
        return f"{self.at:%H:%M} {mark}{title}{self.text}"


def is_lasting(title: str) -> bool:
    """Compared in the language in use: the app gives notices their titles through _()."""
    return title in {_(lasting) for lasting in LASTING_TITLES}


def lasting_timeout(title: str, severity: str, timeout: float | None) -> float:
    """How long a notice stays: never under MIN_SECONDS; file problems until dismissed."""
    if severity == "error" or is_lasting(title):
        return UNTIL_DISMISSED
    floor = WARNING_SECONDS if severity == "warning" else MIN_SECONDS
    return max(timeout or 0.0, floor)


class MessageLog:
    def __init__(self) -> None:
        self.notices: list[Notice] = []

    def add(self, text: str, title: str = "", severity: str = "information") -> Notice:
        notice = Notice(dt.datetime.now(), title, text, severity)
        self.notices = [*self.notices, notice][-KEPT:]
        return notice

    def newest_first(self) -> list[Notice]:
        return list(reversed(self.notices))

    def __len__(self) -> int:
        return len(self.notices)
