"""Synthetic data for the benchmarks: courses of any size, and a large progress file.

Courses are shaped like the real one (about 11 kB of lesson and 11 kB of quiz per module:
six sections, ten questions of four options), so that a 1,000-lesson course costs what
1,000 real lessons would. Everything generated is valid under the loader.

    python benchmarks/synthetic.py course 1000 /tmp/big-course
    python benchmarks/synthetic.py progress /tmp/progress.toml
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

SECTIONS_PER_LESSON = 6
QUESTIONS_PER_BANK = 10
OPTIONS_PER_QUESTION = 4

_WORDS = (
    "treatment clinic session dose nurse plan question answer evidence study feeling week "
    "support family doctor safety blood pressure dissociation memory mood sleep follow-up "
    "therapy notes calm time water ride home rest partner list medicine change slowly"
).split()


def _prose(rng: random.Random, words: int) -> str:
    """Plain sentences wrapped like hand-written Markdown (one sentence of 8–14 words a line)."""
    lines, left = [], words
    while left > 0:
        length = min(left, rng.randint(8, 14))
        sentence = " ".join(rng.choice(_WORDS) for _ in range(length))
        lines.append(sentence.capitalize() + ".")
        left -= length
    return "\n".join(lines)


def _line(rng: random.Random, words: int) -> str:
    """Prose on one line, for TOML basic strings."""
    return _prose(rng, words).replace("\n", " ")


def _course_toml(folders: list[str], title: str) -> str:
    modules = "".join(f'  "{folder}",\n' for folder in folders)
    return f'''id = "synthetic"
title = "{title}"
version = "1.0.0"
reviewed = 2026-01-01
pass_mark = 80
quiz_size = 8
disclaimer = "This course is education, not medical advice."
modules = [
{modules}]

[[crisis]]
name = "988 Suicide & Crisis Lifeline (US)"
how = "Call or text 988."

[[sources]]
id = "handbook"
short = "Handbook"
kind = "guideline"
citation = "A clinic handbook, 2026 edition."
'''


def _lesson_md(number: int, rng: random.Random) -> str:
    objectives = ", ".join(f'"Objective {i} of lesson {number}"' for i in range(1, 4))
    front = f'''+++
id = "lesson-{number:04d}"
title = "Lesson {number}: {rng.choice(_WORDS)} and {rng.choice(_WORDS)}"
minutes = 10
audiences = ["patient", "volunteer", "facilitator"]
reviewed = 2026-01-01
sources = ["handbook"]
objectives = [{objectives}]
key_points = ["A first key point.", "A second key point.", "A third key point."]
ask_your_provider = ["What should I ask first?", "What happens next?"]
what_to_bring = ["A list of your medicines"]

[facilitator]
minutes = 30
notes = "Start with a round of names."
prompts = ["What surprised you?", "What would you ask?"]
+++
'''
    sections = []
    for index in range(1, SECTIONS_PER_LESSON + 1):
        body = _prose(rng, 230)
        sections.append(f"## Part {index} {{#part-{index}}}\n\n{body} [@handbook]\n\n- A point to remember.\n- Another one.\n")
    return front + "\n" + "\n".join(sections)


def _quiz_toml(rng: random.Random) -> str:
    questions = []
    for index in range(1, QUESTIONS_PER_BANK + 1):
        correct = rng.randrange(OPTIONS_PER_QUESTION)
        options = "".join(
            f'''
[[questions.options]]
text = "Option {option}: {_line(rng, 8)[:-1]}"
{"correct = true" if option == correct else ""}
feedback = "{'Right' if option == correct else 'Not quite'}: {_line(rng, 12)}"
'''
            for option in range(OPTIONS_PER_QUESTION)
        )
        questions.append(f'''[[questions]]
id = "q-{index:02d}"
kind = "single"
objective = {1 + index % 3}
section = "part-{1 + index % SECTIONS_PER_LESSON}"
prompt = "Question {index}: {_line(rng, 14)[:-1]}?"
explanation = "{_line(rng, 20)}"
{options}''')
    return "\n".join(questions)


def make_course(lessons: int, folder: Path, seed: int = 1) -> Path:
    """Write a valid course of `lessons` modules, each with a ten-question bank, into `folder`."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"{number:04d}-lesson" for number in range(1, lessons + 1)]
    for number, name in enumerate(names, start=1):
        module = folder / name
        module.mkdir(exist_ok=True)
        (module / "lesson.md").write_text(_lesson_md(number, rng), encoding="utf-8")
        (module / "quiz.toml").write_text(_quiz_toml(rng).replace("\n\n\n", "\n\n"), encoding="utf-8")
    (folder / "course.toml").write_text(_course_toml(names, f"Synthetic course of {lessons} lessons"), encoding="utf-8")
    return folder


# ---------------------------------------------------------------- progress


def make_progress(learners: int = 50, quizzes: int = 7, attempts: int = 20, questions: int = 8,
                  own_questions: int = 20, seed: int = 1):
    """A Progress where every learner has a full history: every quiz taken `attempts` times."""
    from course.progress.model import Learner, LessonProgress, MyQuestion, Progress, QuizAttempt, QuizRecord, ReviewItem

    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    modules = [f"module-{index}" for index in range(1, quizzes + 1)]
    progress = Progress()
    for number in range(learners):
        when = start + dt.timedelta(days=number)
        learner = Learner(name=f"Learner {number}", role=rng.choice(["patient", "volunteer", "facilitator"]),
                          created=when, updated=when, last_module=modules[-1])
        for module in modules:
            learner.lessons[module] = LessonProgress(status="done", last_section=6, furthest_section=6,
                                                     seconds=rng.randint(300, 1200), first_opened=when, completed=when)
            history = []
            for attempt in range(attempts):
                asked = [f"q-{rng.randint(1, 11):02d}" for _ in range(questions)]
                right = [rng.random() < 0.8 for _ in range(questions)]
                score = round(100 * sum(right) / questions)
                history.append(QuizAttempt(at=when + dt.timedelta(minutes=attempt), questions=asked,
                                           answers=[[rng.randrange(4)] for _ in range(questions)],
                                           correct=right, score=score, passed=score >= 80))
            learner.quizzes[module] = QuizRecord(best_score=max(a.score for a in history), attempt_count=attempts,
                                                 passed_at=when, attempts=history)
            for index in range(1, 4):
                learner.review[f"{module}/q-{index:02d}"] = ReviewItem(misses=rng.randint(1, 4), box=rng.randint(0, 1),
                                                                       last_seen=when)
            learner.notes[module] = f"My notes on {module}: " + _line(rng, 40)
        learner.questions = [MyQuestion(id=f"{number:02x}{index:06x}", text=f"Question {index}: " + _line(rng, 15),
                                        module=rng.choice(modules), added=when)
                             for index in range(own_questions)]
        progress.learners[f"{number:08x}"] = learner
    progress.active_learner = next(iter(progress.learners))
    return progress


def make_returning_learner_progress():
    """A small Progress with one learner, so the app opens straight on the course map."""
    from course.progress.model import Progress

    progress = Progress()
    progress.add_learner("Sam", "patient")
    return progress


def write_progress(progress, path: Path) -> Path:
    """`progress` as one file of the earlier layout (the store reads it and converts it at its
    first save): for small files. A group's progress is `group_progress`."""
    from course.progress.store import dumps

    path = Path(path)
    path.write_text(dumps(progress), encoding="utf-8")
    return path


def save_progress(progress, path: Path) -> Path:
    """`progress` written by the store, in its own layout: the index `path` and one file per
    learner in the folder beside it."""
    from course.progress.store import ProgressStore

    path = Path(path)
    store = ProgressStore.open(path)
    store.data = progress
    if not store.save():
        raise AssertionError(f"could not write the progress {path}: {store.notices}")
    getattr(store, "close", lambda: None)()
    return path


_PROGRESS: dict[int, object] = {}  # learners -> make_progress(learners), made once per process
_GROUPS: dict[tuple[int, int], Path] = {}  # (learners, of which kept) -> a template written once per process


def group_progress(path: Path, learners: int, keep: int | None = None) -> Path:
    """A copy at `path` of the progress of a group of `learners`, each with a full history
    (`make_progress`), in the store's layout; the first learner is the active one. With
    `keep`, only the first `keep` of them (the same active learner, alone or in a smaller
    group). Made once per process and copied: 200 full histories take seconds to make."""
    import shutil
    import tempfile

    from course.progress.model import Progress
    from course.progress.store import learners_folder

    key = (learners, keep if keep is not None else learners)
    template = _GROUPS.get(key)
    if template is None:
        progress = _PROGRESS.get(learners) or _PROGRESS.setdefault(learners, make_progress(learners=learners))
        if keep is not None:
            kept = dict(list(progress.learners.items())[:keep])
            progress = Progress(learners=kept, active_learner=next(iter(kept)))
        template = save_progress(progress, Path(tempfile.mkdtemp(prefix="ketamine-bench-group-")) / "progress.toml")
        _GROUPS[key] = template
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    shutil.copytree(learners_folder(template), learners_folder(path), dirs_exist_ok=True)
    return path


def progress_bytes(path: Path) -> tuple[int, int]:
    """Bytes on disk of the progress at `path`: the index, and the learners' files together."""
    from course.progress.store import learners_folder

    folder = learners_folder(Path(path))
    learners = sum(item.stat().st_size for item in folder.glob("*.toml")) if folder.is_dir() else 0
    return Path(path).stat().st_size, learners


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "course":
        print(make_course(int(argv[1]), Path(argv[2])))
        return 0
    if len(argv) == 2 and argv[0] == "progress":
        print(write_progress(make_progress(), Path(argv[1])))
        return 0
    print(__doc__.strip().splitlines()[-2:], file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
