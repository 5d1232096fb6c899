"""The benchmark harness works: every part runs on tiny inputs and the table has every row.

Timings are never asserted here (a shared, noisy machine makes them meaningless in a test);
the speed budget is checked by `python benchmarks/run.py`, see docs/performance.md.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import run, serve_bench, synthetic  # noqa: E402
from benchmarks.stats import paired_ratio, percentile  # noqa: E402

EXPECTED_MEASURES = [
    "cold start, baseline",
    "cold start, course map",
    "cold start, welcome",
    "where the course map's extra time goes",
    "cold start, synthetic 2 lessons",
    "cold start, synthetic 3 lessons",
    "cold start: growth with lessons",
    "peak RSS at first screen, baseline",
    "peak RSS at first screen, baseline + core",
    "peak RSS at first screen, course map",
    "resident memory over a session",
    "cold start, course map, first start",
    "open a lesson",
    "next section",
    "previous section",
    "open the quiz",
    "answer a question, see feedback",
    "open the command palette",
    "swap the Markdown (s in the bare Textual app)",
    "open help",
    "open the crisis line",
    "practise missed questions",
    "open My questions",
    "open the presenter view",
    "open the group quiz",
    "reveal the answer",
    "open the command palette (Ctrl+P), 2 lessons",
    "type “lesson 5”, a letter, 3 lessons",
    "the course's part: its commands, then a search a letter, 3 lessons",
    "first use in a session, 3 lessons",
    "open: 3 lessons against 2, side by side",
    "a letter: 3 lessons against 2, side by side",
    "load + validate, 2 lessons",
    "load + validate, 3 lessons",
    "load + validate: growth",
    "cold start, course map, 2 learners (full histories)",
    "next section (→), 2-learner progress file",
    "files on disk, 2 learners",
    "save (store.save), nobody else saving",
    "save right after another copy saved (another learner)",
    "save right after another copy saved the same learner",
    "open the app's way",
    "open whole",
]


SERVE_MEASURES = ["a browser tab shows the course", "memory per tab"]  # with Chromium and Playwright


def test_synthetic_course_is_valid(tmp_path):
    from course.content.loader import check_course

    course, problems = check_course(synthetic.make_course(3, tmp_path / "course"))
    assert problems == []
    assert len(course.modules) == 3
    assert all(len(module.questions) == synthetic.QUESTIONS_PER_BANK for module in course.modules)


def test_large_progress_has_a_full_history():
    progress = synthetic.make_progress(learners=2, quizzes=7, attempts=20, questions=8)
    learner = progress.active
    assert len(progress.learners) == 2
    assert len(learner.quizzes) == 7
    assert all(len(record.attempts) == 20 for record in learner.quizzes.values())
    assert all(len(attempt.questions) == 8 for record in learner.quizzes.values() for attempt in record.attempts)
    assert len(learner.questions) == 20 and learner.review and learner.notes


def test_statistics():
    assert percentile([1, 2, 3, 4, 5], 0.5) == 3
    assert percentile([1, 2], 0.95) == pytest.approx(1.95)
    assert paired_ratio([2, 6, 30], [1, 2, 10]) == 3


@pytest.mark.skipif(not (Path(sys.executable).parent / "ketamine-course").exists(),
                    reason="the ketamine-course command is not installed next to this Python")
def test_every_part_runs_and_the_table_has_every_row(tmp_path, capsys):
    output = tmp_path / "report.md"
    run.main(["--runs", "1", "--samples", "1", "--sizes", "2,3", "--validate-sizes", "2,3",
              "--palette-sizes", "2,3", "--palette-rounds", "1", "--learners", "2", "--cycles", "2",
              "--tabs", "1", "--no-warm-up", "--self-check", "--think", "0", "--output", str(output)])
    report = output.read_text(encoding="utf-8")
    table = [line for line in report.splitlines() if line.startswith("| ") and "---" not in line][1:]
    measures = [line.split(" | ")[1] for line in table]
    browser = os.access(serve_bench.CHROMIUM, os.X_OK) and importlib.util.find_spec("playwright") is not None
    for expected in EXPECTED_MEASURES + (SERVE_MEASURES if browser else ["browser tabs"]):
        assert any(measure.startswith(expected) for measure in measures), f"no row for {expected!r} in:\n{report}"
    assert "- machine:" in report and "Python" in report
    self_check = next(line for line in table if "self-check" in line)
    assert re.search(r"\| \d+ of \d+ \|", self_check)  # its value is the benchmark's business, not this test's


def test_settle_waits_for_a_handler_still_running():
    """A key whose action awaits (the trivial app's Markdown swap awaits its mount) has left the
    queue empty and the screen clean before its change is made: the harness waits for the handler
    too, or it timed the trivial app's swap at 2 ms half the time."""
    import asyncio

    from textual.app import App
    from textual.widgets import Static

    from benchmarks.keys_bench import key_event, settle

    class Slow(App):
        BINDINGS = [("s", "swap")]

        def compose(self):
            yield Static("before", id="text")

        async def action_swap(self) -> None:
            await asyncio.sleep(0.05)
            self.query_one("#text", Static).update("after")

    async def scenario() -> str:
        app = Slow()
        async with app.run_test() as pilot:
            await settle(pilot)
            app._driver.send_message(key_event("s"))
            await settle(pilot)
            return str(app.query_one("#text", Static).render())

    assert asyncio.run(scenario()) == "after"
