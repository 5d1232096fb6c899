"""Keypress latency on the real course: from a key to the screen showing its result.

The app runs headless under Pilot at 100×30. `pilot.press` and `pilot.pause` sleep at least
20 ms each to detect an idle CPU, which would swamp a 50 ms budget, so each timed key is
sent the way Pilot sends it, then `settle` waits, one event-loop turn at a time, until every
message is handled, the non-save workers have finished and the screen's refresh timer has
painted (Textual paints at most 60 frames a second, so that wait is real latency), and no
handler is still running (an async action awaiting a mount has emptied its queue but not
finished: the trivial app's Markdown swap does so).
`PaintClock` records when the app sent the terminal an update of the current screen: a
key's latency is the time to the last such update. Between samples everything, saves
included, settles untimed and the learner "thinks" for THINK_SECONDS, as between a
person's keypresses. docs/performance.md explains the method.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from benchmarks.stats import Row, median, ms, percentile

P95_BUDGET = 0.050  # seconds
TRIVIAL_BUDGET = 1.5  # every key's p95 at most this many times the trivial app's p95
SIZE = (100, 30)
THINK_SECONDS = 0.6  # between keys, untimed: people read and think (the app collects garbage then)

# What each timed key does, in the order of the table.
ACTIONS = {
    "map": "move on the course map (↓)",
    "open": "open a lesson (Enter on the map)",
    "next": "next section (→)",
    "previous": "previous section (←)",
    "quiz": "open the quiz (q on the map)",
    "answer": "answer a question, see feedback (1)",
    "next question": "next question (Enter)",
    "palette": "open the command palette (Ctrl+P)",
    "help": "open help (F1)",
    "crisis": "open the crisis line (F2, in a lesson)",
    "practice": "practise missed questions (p on the map)",
    "my questions": "open My questions (m on the map)",
    "presenter": "open the presenter view (p in a lesson, facilitator)",
    "group quiz": "open the group quiz (g in a lesson, facilitator)",
    "reveal": "reveal the answer (Enter in the group quiz)",
}
TRIVIAL = "swap the Markdown (s in the bare Textual app)"


def key_event(key: str):
    """The Key event Pilot would send for `key`."""
    from textual import events

    characters = {"enter": "\r", "escape": "\x1b", "ctrl+p": "\x10"}
    character = characters.get(key, key if len(key) == 1 else None)
    return events.Key(key, character)


_dispatching = [0]  # messages being handled now, by any widget, screen or the app
_watching: list[bool] = []


def watch_handlers() -> None:
    """Count the messages being handled (once per process; the harness instruments Textual): a
    handler that awaits (an async action, a mount) has taken its message off the queue, so an
    empty queue alone does not mean the key's work is done."""
    if _watching:
        return
    from textual.message_pump import MessagePump

    dispatch = MessagePump._dispatch_message

    async def counted(pump, message):
        _dispatching[0] += 1
        try:
            return await dispatch(pump, message)
        finally:
            _dispatching[0] -= 1

    MessagePump._dispatch_message = counted
    _watching.append(True)


def _screen_drawn(screen) -> bool:
    """True when the screen has nothing left to lay out or paint and its refresh timer is idle."""
    pending = (screen._layout_required or screen._scroll_required or screen._repaint_required
               or screen._recompose_required or screen._dirty_widgets)
    return not pending and not screen._update_timer._active.is_set()


def _queues_empty(app, screen) -> bool:
    return all(node._message_queue.empty() for node in (app, *screen.walk_children(with_self=True)))


async def settle(pilot, timeout: float = 10.0) -> None:
    """Wait until the key's result is on the screen: nothing left to run in the event loop,
    every message handled, no worker but saves running, and the screen painted.

    Cheap enough not to disturb what it measures: one event-loop turn per check (Pilot's
    own `_wait_for_screen` posts a message to every widget, which costs milliseconds)."""
    watch_handlers()
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = time.perf_counter() + timeout
    quiet_checks = 0
    while time.perf_counter() < deadline:
        busy = [worker for worker in app.workers if worker.group != "save" and not worker.is_finished]
        if busy:
            await app.workers.wait_for_complete(busy)
            quiet_checks = 0
            continue
        screen = app.screen
        if not loop._ready and not _dispatching[0] and _queues_empty(app, screen) and _screen_drawn(screen):
            quiet_checks += 1
            if quiet_checks == 2:  # and still so after one more turn of the loop
                return
            await asyncio.sleep(0)
            continue
        quiet_checks = 0
        await asyncio.sleep(0 if loop._ready else 0.0005)  # else only a timer is due: the next frame
    raise TimeoutError("the screen did not settle")


class PaintClock:
    """When the app sent the terminal an update of the current screen (the harness
    instruments Textual, not the course). An update is sent only for regions that changed,
    so these are the moments the learner could see something change."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def __enter__(self) -> PaintClock:
        from textual.app import App

        original = self._original = App._display
        times = self.times

        def display(app, screen, renderable) -> None:
            if renderable is not None and screen is app.screen:
                times.append(time.perf_counter())
            original(app, screen, renderable)

        App._display = display
        return self

    def __exit__(self, *exc) -> None:
        from textual.app import App

        App._display = self._original

    def between(self, began: float, ended: float) -> list[float]:
        return [moment for moment in self.times if began <= moment <= ended]


class Timings:
    """Per action, seconds from the key to: the last visible change (the budget's measure),
    the first visible change, and the end of all the work the key started (hidden pages
    built ahead, for one)."""

    def __init__(self, actions) -> None:
        self.last: dict[str, list[float]] = {action: [] for action in actions}
        self.first: dict[str, list[float]] = {action: [] for action in actions}
        self.idle: dict[str, list[float]] = {action: [] for action in actions}

    def add(self, action: str, sample: tuple[float, float, float]) -> None:
        for series, value in zip((self.last, self.first, self.idle), sample):
            series.setdefault(action, []).append(value)

    def add_all(self, action: str, other: Timings) -> None:
        for mine, theirs in zip((self.last, self.first, self.idle), (other.last, other.first, other.idle)):
            mine.setdefault(action, []).extend(theirs[action])


async def timed_press(pilot, key: str, check: list[int] | None = None,
                      clock: PaintClock | None = None) -> tuple[float, float, float]:
    """Seconds from sending `key` to its last and first visible change and to the app being
    idle again; then settle untimed. With `check`, count in it the times the screen still
    changed after `settle` returned (a self-test of the method: it should stay 0)."""
    watch_handlers()
    app = pilot.app
    began = time.perf_counter()
    app._driver.send_message(key_event(key))
    await settle(pilot)
    ended = time.perf_counter()
    seen = app.export_screenshot() if check is not None else None
    await pilot.pause()  # untimed: saves and anything else finish before the next key
    await app.workers.wait_for_complete()
    if check is not None and app.export_screenshot() != seen:
        check.append(1)
    await asyncio.sleep(THINK_SECONDS)
    paints = clock.between(began, ended) if clock is not None else []
    last, first = (paints[-1], paints[0]) if paints else (ended, ended)
    return last - began, first - began, ended - began


async def untimed_press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()


def _expect(app, screen_name: str, action: str) -> None:
    if type(app.screen).__name__ != screen_name:
        raise AssertionError(f"after '{action}' the app shows {type(app.screen).__name__}, not {screen_name}")


async def collect(course, store, samples: int, check: list[int] | None = None) -> Timings:
    """Walk the course like a learner, cycling through its modules, until every action has
    `samples` timings."""
    from course.tui.app import CourseApp

    timings = Timings(ACTIONS)
    app = CourseApp(course, store, animations=False)
    with PaintClock() as clock:
        async with app.run_test(size=SIZE) as pilot:

            async def timed(action: str, key: str) -> None:
                timings.add(action, await timed_press(pilot, key, check, clock))

            await settle(pilot)
            _expect(app, "MapScreen", "start")
            await asyncio.sleep(2 * THINK_SECONDS)  # the learner looks at the map first
            modules = len(course.modules)
            for cycle in range(samples):
                if cycle % modules == modules - 1:
                    await untimed_press(pilot, "home")  # back to the first module
                else:
                    await timed("map", "down")
                await timed("open", "enter")
                _expect(app, "LessonScreen", "open")
                for action, key in (("next", "right"), ("next", "right"), ("previous", "left"), ("previous", "left")):
                    await timed(action, key)
                await timed("crisis", "f2")
                _expect(app, "CrisisScreen", "crisis")
                await untimed_press(pilot, "escape", "escape")
                await timed("quiz", "q")
                _expect(app, "QuizScreen", "quiz")
                await timed("answer", "1")
                await timed("next question", "enter")
                await timed("answer", "2")
                await untimed_press(pilot, "escape", "down", "enter")  # leave, discarding the answers
                _expect(app, "MapScreen", "leave the quiz")
                await timed("palette", "ctrl+p")
                _expect(app, "CommandPalette", "palette")
                await untimed_press(pilot, "escape")
                for action, key, screen in (("help", "f1", "HelpScreen"), ("practice", "p", "PracticeScreen"),
                                            ("my questions", "m", "MyQuestionsScreen")):
                    await timed(action, key)
                    _expect(app, screen, action)
                    await untimed_press(pilot, "escape")
        app.flush_saves()
    return timings


async def collect_facilitator(course, store, samples: int, check: list[int] | None = None) -> Timings:
    """A facilitator's keys in a lesson: the presenter view, the group quiz and its reveal."""
    from course.tui.app import CourseApp

    timings = Timings(("presenter", "group quiz", "reveal"))
    app = CourseApp(course, store, animations=False)
    with PaintClock() as clock:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await asyncio.sleep(2 * THINK_SECONDS)
            with_quiz = [index for index, module in enumerate(course.modules) if module.questions]
            for cycle in range(samples):
                await untimed_press(pilot, "home", *["down"] * with_quiz[cycle % len(with_quiz)], "enter")
                _expect(app, "LessonScreen", "open")
                for action, key, screen in (("presenter", "p", "PresenterScreen"), ("group quiz", "g", "GroupQuizScreen")):
                    timings.add(action, await timed_press(pilot, key, check, clock))
                    _expect(app, screen, action)
                    if action == "group quiz":
                        timings.add("reveal", await timed_press(pilot, "enter", check, clock))
                    await untimed_press(pilot, "escape")
                await untimed_press(pilot, "escape")
        app.flush_saves()
    return timings


async def collect_trivial(samples: int) -> list[float]:
    """The same measure for the bare Textual app swapping its Markdown: what any key costs."""
    from benchmarks.baseline_app import BaselineApp

    app = BaselineApp()
    times: list[float] = []
    with PaintClock() as clock:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await asyncio.sleep(2 * THINK_SECONDS)
            for _ in range(samples):
                times.append((await timed_press(pilot, "s", clock=clock))[0])
    return times


async def collect_page_turns(course, store, samples: int) -> Timings:
    """Next and previous section only: each page turn saves, so this shows what a large
    progress file costs a keypress."""
    from course.tui.app import CourseApp

    timings = Timings(("next", "previous"))
    app = CourseApp(course, store, animations=False)
    with PaintClock() as clock:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await untimed_press(pilot, "enter")
            await asyncio.sleep(2 * THINK_SECONDS)
            _expect(app, "LessonScreen", "open")
            while len(timings.last["previous"]) < samples:
                for action, key in (("next", "right"), ("previous", "left")):
                    timings.add(action, await timed_press(pilot, key, clock=clock))
        app.flush_saves()
    return timings


def rows_for(timings: Timings, note: str = "", trivial_p95: float | None = None) -> list[Row]:
    """A row per action: its p95 against the budget and, side by side, against the trivial app's."""
    rows = []
    for action, label in ACTIONS.items():
        last = timings.last.get(action)
        if not last:
            continue
        first, idle = timings.first[action], timings.idle[action]
        p95 = percentile(last, 0.95)
        budget, ok = f"p95 ≤ {P95_BUDGET * 1000:.0f} ms", p95 <= P95_BUDGET
        versus = ""
        if trivial_p95:
            versus = f", ×{p95 / trivial_p95:.2f} the trivial app's p95"
            budget += f" and ≤ {TRIVIAL_BUDGET}× trivial"
            ok = ok and p95 <= TRIVIAL_BUDGET * trivial_p95
        rows.append(Row("keys", label + note,
                        f"p50 {ms(median(last))}, p95 {ms(p95)}{versus} (first change p50 {ms(median(first))}; "
                        f"idle again p50 {ms(median(idle))}; {len(last)} samples)", budget, ok))
    return rows


def trivial_row(times: list[float]) -> Row:
    return Row("keys", TRIVIAL, f"p50 {ms(median(times))}, p95 {ms(percentile(times, 0.95))} ({len(times)} samples, "
                                "half before the course's keys and half after)")


def learner_with_missed_questions(course, role: str = "patient"):
    """One learner with the first three questions of every quiz waiting to be practised."""
    from benchmarks.synthetic import make_returning_learner_progress
    from course.progress.model import ReviewItem

    progress = make_returning_learner_progress()
    learner = progress.active
    learner.role = role
    for module in course.modules:
        for question in module.questions[:3]:
            learner.review[f"{module.id}/{question.id}"] = ReviewItem(misses=2)
    return progress


def _open_store(path: Path):
    from course.progress.store import ProgressStore

    return ProgressStore.open(path, lazy=True)  # as the app opens it


def _close(store) -> None:
    close = getattr(store, "close", None)
    if callable(close):
        close()


def measure(samples: int, workdir: Path, lessons: Path | None = None, verify: bool = False,
            large_learners: int = 0) -> list[Row]:
    """The keys of a learner's walk through the course; with `large_learners`, page turns
    again with the progress of that many learners with full histories (each page turn saves)."""
    from benchmarks.synthetic import group_progress, write_progress
    from course.content.loader import load_course
    from course.paths import default_lessons_dir

    workdir.mkdir(parents=True, exist_ok=True)
    course = load_course(lessons or default_lessons_dir())
    changed_after: list[int] | None = [] if verify else None
    trivial = asyncio.run(collect_trivial((samples + 1) // 2))
    store = _open_store(write_progress(learner_with_missed_questions(course), workdir / "progress.toml"))
    try:
        timings = asyncio.run(collect(course, store, samples, changed_after))
    finally:
        _close(store)
    store = _open_store(write_progress(learner_with_missed_questions(course, "facilitator"), workdir / "facilitator.toml"))
    try:
        facilitator = asyncio.run(collect_facilitator(course, store, samples, changed_after))
    finally:
        _close(store)
    for action in facilitator.last:
        timings.add_all(action, facilitator)
    trivial += asyncio.run(collect_trivial(samples // 2))
    trivial_p95 = percentile(trivial, 0.95)
    rows = [trivial_row(trivial), *rows_for(timings, trivial_p95=trivial_p95)]
    if large_learners:
        store = _open_store(group_progress(workdir / "group" / "progress.toml", large_learners))
        try:
            rows += rows_for(asyncio.run(collect_page_turns(course, store, samples)),
                             f", {large_learners}-learner progress file", trivial_p95)
        finally:
            _close(store)
    if changed_after is not None:
        count = sum(len(values) for values in timings.last.values())
        rows.append(Row("keys", "self-check: screen still changing after a timed key", f"{len(changed_after)} of {count}",
                        "0", not changed_after))
    return rows
