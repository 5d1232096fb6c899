"""Shared helpers for the app's tests: build the app on the fixture course, answer questions."""

from __future__ import annotations

import random
from pathlib import Path

from course.content.loader import load_course
from course.learning.quiz import Drawn
from course.progress.model import Progress
from course.progress.store import ProgressStore

FIXTURE = Path(__file__).parent / "fixtures" / "valid"
SIZE = (100, 30)


def fixture_course():
    return load_course(FIXTURE)


def make_app(progress_path: Path | None = None, *, seed: int = 0, theme: str | None = None, store=None,
             animations: bool | None = None, keys_file: Path | None = None):
    from course.tui.app import CourseApp

    store = store or ProgressStore.open(progress_path)
    return CourseApp(fixture_course(), store, theme=theme, rng=random.Random(seed), animations=animations,
                     keys_file=keys_file)


def screen_text(app) -> str:
    """The screen as drawn, as plain text: one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class MemoryStore:
    """A progress store that keeps everything in memory, at a path that reads the same on every
    machine: for snapshots, where the welcome screen shows the path."""

    def __init__(self, data: Progress | None = None, path: str = "/data/ketamine-course/progress.toml"):
        self.path = Path(path)
        self.data = data or Progress()
        self.notices: list[str] = []
        self.read_only = False
        self.saves = 0

    def save(self) -> bool:
        self.saves += 1
        return True


class Notified:
    """Stands in for the app: not served in a browser, and records what the learner is told."""

    is_web = False

    def __init__(self) -> None:
        self.told: list[tuple[str, str]] = []

    def notify(self, message: str, *, title: str = "", severity: str = "information", timeout: float = 5) -> None:
        self.told.append((message, severity))


def answer_keys(drawn: Drawn, right: bool) -> list[str]:
    """The keys that answer `drawn` rightly (every correct option) or wrongly (one wrong option)."""
    shown = drawn.shown_options()
    if right:
        keys = [str(i + 1) for i, option in enumerate(shown) if option.correct]
    else:
        keys = [str(next(i for i, option in enumerate(shown) if not option.correct) + 1)]
    return keys + (["enter"] if drawn.question.kind == "multiple" else [])


async def start_as(pilot, role_index: int = 1, name: str = "Sam") -> None:
    """On the welcome screen: choose a role (0 patient, 1 volunteer, 2 facilitator), type a name, start."""
    await pilot.press(*["down"] * role_index, "enter", *name, "enter")
    await pilot.pause()


async def answer_quiz(pilot, right: bool | list[bool]) -> None:
    """Answer the questions of the quiz on screen (from the one it is at), then go to the results.
    `right` is for every question, or a list with one entry per question of the quiz."""
    screen = pilot.app.screen
    plan = right if isinstance(right, list) else [right] * len(screen.drawn)
    start = getattr(screen, "index", 0)
    for index, drawn in enumerate(screen.drawn[start:], start=start):
        await pilot.press(*answer_keys(drawn, plan[index]))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
