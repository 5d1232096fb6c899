"""The app in Spanish (issue 13): the first run, a lesson, a quiz with feedback, the crisis line,
and a snapshot of the course map, on a two-module course with a Spanish edition
(tests/fixtures/sample-es). The app's words come from the Spanish catalogue, the course's
from lesson.es.md, quiz.es.toml and course.es.toml.
"""

from __future__ import annotations

import random
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

import pytest
from test_tui_support import SIZE, MemoryStore, answer_keys, screen_text

from course.content.loader import load_course
from course.i18n import use_language
from course.progress.model import Progress

SAMPLE = Path(__file__).parent / "fixtures" / "sample-es"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language("en")


def spanish_app(progress: Progress | None = None):
    from course.tui.app import CourseApp

    use_language("es")
    return CourseApp(load_course(SAMPLE, "es"), MemoryStore(progress or Progress()), rng=random.Random(0),
                     animations=False, load_edition=partial(load_course, SAMPLE))


def returning(role: str = "patient") -> Progress:
    progress = Progress()
    progress.add_learner("Ana", role)
    return progress


@asynccontextmanager
async def after_pressing(*keys: str):
    """The app in Spanish for Ana, a returning patient, once `keys` are pressed on her course map."""
    app = spanish_app(returning())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        yield app, pilot


def screen_words(app) -> str:
    """The screen's words in one line: wrapped lines joined, borders left out."""
    import re

    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", screen_text(app)).split())


def widget_words(app) -> str:
    """The words of the screen on top (a dialog's own, not what shows around it), in one line."""
    from textual.widgets import Static

    from course.tui.widgets.prose import Prose

    texts = [str(widget.render()) if isinstance(widget, Static) else widget.text
             for widget in app.screen.query("Static, Prose") if isinstance(widget, (Static, Prose))]
    return " ".join(" ".join(texts).split())


def footer_words(app) -> str:
    """The footer's row as drawn."""
    return screen_text(app).splitlines()[-1]


async def test_the_first_run_welcomes_in_spanish():
    app = spanish_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Le damos la bienvenida a Antes de su primera visita" in text
        assert "Un curso corto sobre su primera visita a la clínica." in text  # course.es.toml's own words
        assert "Llame al 988 y marque 2" in text  # the Spanish reader's crisis line
        assert "Paciente que se prepara para una consulta" in text
        await pilot.press("enter", *"Ana", "enter")  # a patient called Ana
        await pilot.pause()
        text = screen_text(app)
        assert "Mapa del curso" in text and "Su primera visita" in text and "Volver a casa" in text
        assert "Sin empezar" in text
        assert app.learner.name == "Ana"


async def test_a_lesson_in_spanish():
    async with after_pressing("enter") as (app, pilot):
        text = screen_text(app)
        assert "Lección 1 de 2: Su primera visita" in text and "Sección 1 de 2" in text
        assert "Llegue 15 minutos antes para llenar los formularios [Manual de la clínica]." in text
        assert "Siguiente: Qué llevar →" in text
        assert "Siguiente" in footer_words(app)  # the keys' words too, through the footer


async def test_a_quiz_with_feedback_in_spanish():
    async with after_pressing("q") as (app, pilot):
        screen = app.screen
        true_false = next(d for d in screen.drawn if d.question.kind == "true_false")
        assert [o.text for o in true_false.shown_options()] == ["Verdadero", "Falso"]
        first = screen.drawn[0]
        assert "Autoevaluación: Su primera visita · Pregunta 1 de 2" in screen_text(app)  # a patient checks themselves
        await pilot.press(*answer_keys(first, right=False))
        await pilot.pause()
        text = screen_text(app)
        assert "✗ No exactamente" in text and "Por qué:" in text
        assert "presione s para leerla" in text
        assert "(respuesta correcta)" in text and "(su respuesta, no es correcta)" in text  # each answer marked in words
        assert "right answer" not in text and "your answer" not in text


async def test_a_patients_progress_in_spanish():
    async with after_pressing("r") as (app, pilot):
        text = screen_words(app)
        assert "Mi progreso" in text
        for header in ("Lección", "Autoevaluación", "Mejor resultado", "Intentos"):  # the table's headers too
            assert header in text
        for english in ("Lesson", "Self-check", "Best score", "Attempts"):
            assert english not in text


async def test_the_crisis_line_in_spanish():
    async with after_pressing("f2") as (app, pilot):
        assert type(app.screen).__name__ == "CrisisScreen"
        text = widget_words(app)
        assert "Línea 988 de Prevención del Suicidio y Crisis (EE. UU.)" in text
        assert "Llame al 988 y marque 2 para hablar en español" in text
        assert "Llame al 911 si alguien está en peligro ahora mismo." in text
        assert "Si está en crisis, o pensando en hacerse daño, puede hablar con alguien ahora." in text
        assert "El curso lo espera. Presione Esc para volver." in text


def test_the_course_map_in_spanish(snap_compare):
    async def run_before(pilot):
        await pilot.press("enter", "right", "escape")  # lesson 1 in progress
        await pilot.pause()

    assert snap_compare(spanish_app(returning("volunteer")), terminal_size=SIZE, run_before=run_before)


# ---------------------------------------------------------------- the shipped course, at 80×24

SHIPPED = Path(__file__).resolve().parents[1] / "lessons"
NARROW = (80, 24)


@pytest.fixture(scope="module")
def english_words() -> list[str]:
    """English a Spanish learner must not meet: the app's messages that have a Spanish
    translation (their literal pieces of three words or more) and the English edition's
    lesson and section titles."""
    import re

    from babel.messages.pofile import read_po

    from course.i18n import LOCALE_DIR

    with (LOCALE_DIR / "es" / "LC_MESSAGES" / "ketamine_course.po").open("rb") as file:
        catalogue = read_po(file)
    pieces = set()
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in ids:
            for piece in re.split(r"\{[^{}]*\}|%\(?\w*\)?[sdr]|\n", source):
                piece = " ".join(piece.split()).strip(" .,:;·()")
                if len(piece.split()) >= 3 and not any(piece in text for text in strings):
                    pieces.add(piece)
    english = load_course(SHIPPED)
    pieces |= {module.title for module in english.modules}
    pieces |= {section.title for module in english.modules for section in module.sections
               if len(section.title.split()) >= 2}
    return sorted(pieces)


def must_show(app):
    from test_tui_footer import must_show as keys

    return keys(app)


def shipped_in_spanish(progress: Progress | None = None):
    from course.tui.app import CourseApp

    use_language("es")
    return CourseApp(load_course(SHIPPED, "es"), MemoryStore(progress or Progress()), rng=random.Random(0),
                     animations=False, load_edition=partial(load_course, SHIPPED))


@pytest.mark.parametrize("role", [0, 1, 2], ids=["patient", "volunteer", "facilitator"])
async def test_a_spanish_learner_meets_no_english_and_nothing_cut_off_at_80x24(role, english_words):
    """Every screen a learner reaches in the Spanish edition of the shipped course, at 80×24:
    no English message or English lesson title on it, no border title cut off with '…', and
    the footer still shows its must-show keys (Spanish runs about a quarter longer than English)."""
    app = shipped_in_spanish()
    problems: list[str] = []
    seen: list[str] = []

    async def look(*keys: str) -> None:
        if keys:
            await pilot.press(*keys)
        await pilot.pause()
        name = type(app.screen).__name__
        seen.append(name)
        words = screen_words(app)
        problems.extend(f"{name}: English on screen: {piece!r}" for piece in english_words if piece in words)
        for row in screen_text(app).splitlines()[1:]:  # the header's course title may end in '…'
            if "…" in row and any(corner in row for corner in "╭╮╰╯"):
                problems.append(f"{name}: cut off: {row.strip()!r}")
        footer = screen_text(app).splitlines()[-1]
        for key, label, short in must_show(app):  # help, crisis line, quit, the way back, the main outcome
            if f"{key} {label}" not in footer and f"{key} {short}" not in footer:
                problems.append(f"{name}: the footer lost '{key} {short}': {footer.strip()!r}")

    async with app.run_test(size=NARROW) as pilot:
        await look()  # the welcome
        await look(*["down"] * role, "enter", *"Ana", "enter")  # the course map
        for keys in (["f1"], ["f2"], ["l"], ["slash"]):
            await look(*keys)
            await look("escape")
        await look("enter")  # lesson 1
        await look("a")  # add a question
        await look("escape", "q")  # the quiz
        quiz = app.screen
        await look(*answer_keys(quiz.drawn[0], right=False))  # feedback
        while app.screen is quiz:
            if quiz.answered:
                await pilot.press("enter")
                await pilot.pause()
            else:
                await look(*answer_keys(quiz.drawn[quiz.index], right=quiz.index != 1))
        await look()  # results
        await look("p")  # practice
        await look("escape")
        await look("escape", "m")  # my questions
        await look("s")  # suggested questions
        await look("escape", "x")  # export: the kind of file
        await look("escape", "escape", "r")  # my progress
        await look("escape")
        if role == 2:
            await look("enter", "p")  # presenter view
            await look("escape", "g")  # group quiz
            await look("escape", "x")  # files for the session
            await look("escape")
    assert {"WelcomeScreen", "MapScreen", "LessonScreen", "QuizScreen", "ResultsScreen", "PracticeScreen",
            "MyQuestionsScreen", "ProgressScreen", "HelpScreen", "CrisisScreen"} <= set(seen), seen
    assert not problems, "\n".join(dict.fromkeys(problems))
