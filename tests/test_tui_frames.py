"""A key's result drawn in as few frames as Textual allows (docs/performance.md, "Keys"): each
extra layout pass or a footer redrawn after the rest puts the key's last visible change a frame
or more later. Counted, not timed: layouts done, and what the first frame after a key shows."""

from __future__ import annotations

import asyncio
from unittest.mock import patch

from test_tui_support import MemoryStore, answer_keys, make_app, screen_text, start_as
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

from course.tui.screens.lesson import READING_PAUSE
from course.tui.theme import HIGH_CONTRAST_NAME
from course.tui.widgets.footer import CourseFooter


class Counted:
    """While in effect: the screen layouts done, the footer's keys at each frame sent to the
    terminal, and the order of the two."""

    def __init__(self) -> None:
        self.layouts = 0
        self.footers: list[list[str]] = []
        self.events: list[str] = []  # "layout" and "paint", in order
        self.painted: list[str] = []  # the class name of the screen of each paint

    def __enter__(self) -> Counted:
        self._layout, self._display = Screen._refresh_layout, App._display
        counted, layout, display = self, self._layout, self._display

        def refresh_layout(screen, *args, **kwargs):
            counted.layouts += 1
            counted.events.append("layout")
            return layout(screen, *args, **kwargs)

        def show(app, screen, renderable):
            if renderable is not None and screen is app.screen:
                counted.events.append("paint")
                counted.painted.append(type(screen).__name__)
                counted.footers.append([key.id for key in screen.query_one(CourseFooter).keys])
            return display(app, screen, renderable)

        Screen._refresh_layout, App._display = refresh_layout, show  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc) -> None:
        Screen._refresh_layout, App._display = self._layout, self._display  # type: ignore[method-assign]


async def press(pilot, key: str) -> None:
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()


def _pause_pending(app) -> bool:
    """Whether the work that waits for the learner's pause (the lesson's pages either side, the
    lesson prepared for the module the map rests on) is still to come."""
    screens = [*app.screen_stack, *([app.get_screen("lesson")] if app.is_screen_installed("lesson") else [])]
    return any(getattr(screen, "_tidy_timer", None) is not None or getattr(screen, "_resting", None) is not None
               for screen in screens)


async def pause_to_read(pilot, seconds: float = READING_PAUSE * 2) -> None:
    """The learner reads (or rests on a module) for `seconds`, and what waits for that pause has
    been done: waited for, not only slept on, since a loaded machine fires timers late."""
    await asyncio.sleep(seconds)
    for _turn in range(200):
        if not _pause_pending(pilot.app):
            break
        await asyncio.sleep(0.05)
    await pilot.pause()
    await pilot.pause()


async def test_a_page_turned_is_laid_out_once():
    """The next section's text has another height: one layout, not a second one asked for by the
    page's new scrollable size, which the first had already measured; the pages either side are
    built in the pause after it, not in the frames that show it."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        await press(pilot, "enter")
        assert type(app.screen).__name__ == "LessonScreen"
        for key in ("right", "right", "left"):
            await pause_to_read(pilot)  # the learner reads: the pages either side are built
            with Counted() as counted:
                await press(pilot, key)
            assert counted.layouts == 1, key


async def test_the_footer_changes_in_the_first_frame_after_the_key():
    """Answering changes the footer's keys (see the section, then, once the feedback is laid out and
    all of it is in view, Enter for the next question): the first change is drawn in the first
    frame after the key, not in a frame of its own after the next refresh."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        await press(pilot, "q")
        before = [key.id for key in app.screen.query_one(CourseFooter).keys]
        with Counted() as counted:
            await press(pilot, answer_keys(app.screen.drawn[0], right=False)[0])
        assert counted.footers and counted.footers[-1] != before
        assert counted.footers[0] != before


async def test_a_lesson_or_quiz_opened_again_is_laid_out_before_its_first_frame():
    """The lesson and quiz screens are kept and reused: the new lesson's page and the new quiz's
    first question are put in before the screen is shown, so the screen is laid out for them
    before its first frame (which drew them into the last lesson's places, a frame before the
    layout that put them right)."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        for key in ("enter", "escape", "q", "escape", "down"):  # lesson 1 and its quiz seen, lesson 2 chosen
            await press(pilot, key)
        await pause_to_read(pilot)
        for key, screen in (("enter", "LessonScreen"), ("escape", "MapScreen"), ("q", "QuizScreen")):
            with Counted() as counted:
                await press(pilot, key)
            assert type(app.screen).__name__ == screen
            if screen != "MapScreen":
                assert counted.events.index("layout") < counted.events.index("paint"), screen


async def test_the_answers_keep_their_width_when_the_feedback_scrolls():
    """Feedback taller than the view brings a scrollbar: without a place kept for it the answers
    were narrowed, measured again and laid out a frame or two after the feedback (the slow
    answers of the keys benchmark). The scrollbar's place is kept, so they keep their width."""
    from course.tui.widgets.question import AnswerList, QuestionView

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(80, 20)) as pilot:
        await start_as(pilot)
        await press(pilot, "q")
        view = app.screen.query_one(QuestionView)
        before = app.screen.query_one(AnswerList).size.width
        assert view.max_scroll_y == 0  # the question alone fits: no scrollbar yet
        await press(pilot, answer_keys(app.screen.drawn[0], right=False)[0])
        assert view.max_scroll_y > 0  # the feedback does not: it scrolls
        assert app.screen.query_one(AnswerList).size.width == before


async def test_practice_and_my_questions_opened_again_are_laid_out_before_their_first_frame():
    """Practice and My questions are kept and reused, as the lesson and the quiz are: the questions
    due now and the list as it is now are put in before the screen is pushed, so it is laid out
    before its first frame and drawn in two frames, not built anew at each opening (its widgets
    mounted, then laid out, then their scroll cues: four frames)."""
    from test_exports_support import take_quiz

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        take_quiz(app.course, app.learner, "welcome", [False, False])  # two questions to practise
        for key in ("p", "escape", "m", "escape"):  # each seen once
            await press(pilot, key)
        for key, screen in (("p", "PracticeScreen"), ("escape", "MapScreen"), ("m", "MyQuestionsScreen")):
            with Counted() as counted:
                await press(pilot, key)
            assert type(app.screen).__name__ == screen
            if screen != "MapScreen":
                assert counted.events.index("layout") < counted.events.index("paint"), screen
                assert counted.events.count("paint") <= 2, (screen, counted.events)


async def test_the_maps_details_follow_the_highlight_in_the_same_frame():
    """↓ on the course map: the list's new highlight, the details beside it and their scroll cue
    and scrollbar are drawn in one frame, not three (the keys benchmark's ↓: the list, then the
    details, which waited for the highlight's message, then the cue and scrollbar, whose repaint
    was asked for during the layout and drawn a frame later). At 60×20 the details scroll."""
    from course.tui.widgets.choices import ModuleList
    from course.tui.widgets.reading import ReadingScroll

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await start_as(pilot)
        modules, info = app.screen.query_one(ModuleList), app.screen.query_one("#module-info")
        details = app.screen.query_one("#module-details", ReadingScroll)
        titles = [module.title for module in app.course.modules]
        modules.highlighted = 1  # as ↓ does, with no turn of the event loop after it
        assert str(info.render()).startswith(titles[1])
        assert modules._marked == 1  # the pointer too
        await pilot.pause()
        for key, title in (("up", titles[0]), ("down", titles[1])):
            with Counted() as counted:
                await press(pilot, key)
            assert str(info.render()).startswith(title)
            assert details.hidden_below  # its scroll cue changed: "▼ 7 more lines below" and 6
            assert counted.events.count("paint") == 1, (key, counted.events)


async def test_the_command_palette_is_drawn_in_one_frame_a_key():
    """The course's palette covers the screen it opens over and is kept: opened again, it is drawn
    in one frame and not laid out (Textual's took five frames: the tinted screen beneath, its box
    once a worker had gathered the commands, its list's second layout, its scrollbar); each letter
    typed and each move of the highlight is one frame too (the list and the field drawn together)."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        await press(pilot, "ctrl+p")
        await press(pilot, "escape")
        for key in ("ctrl+p", "g", "o", "down", "up", "backspace"):
            with Counted() as counted:
                await press(pilot, key)
            assert type(app.screen).__name__ == "CommandPalette"
            assert counted.events == ["paint"], key


async def test_a_facilitators_keys_are_drawn_in_one_frame():
    """The presenter view and the group quiz, opened again from a lesson, and a reveal (the first
    one too): each drawn in one frame, laid out before it. The group quiz used to be filled in
    when shown (a first frame with the new question in the last one's places, the layout a frame
    later); the presenter view was built at each opening (a frame for its mount, one for its
    layout); the first reveal mounted the lines of its feedback (another layout and frame)."""
    from test_tui_audiences import FACILITATOR, open_first_lesson_as

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        for key in ("p", "escape", "g", "escape"):  # each seen once
            await press(pilot, key)
        await pause_to_read(pilot)
        for key, screen in (("p", "PresenterScreen"), ("escape", "LessonScreen"), ("g", "GroupQuizScreen"),
                            ("enter", "GroupQuizScreen")):
            with Counted() as counted:
                await press(pilot, key)
            assert type(app.screen).__name__ == screen
            if key != "escape":
                assert counted.events.count("paint") == 1, (key, counted.events)
                assert counted.events.index("layout") < counted.events.index("paint"), key


async def test_a_reveal_that_runs_below_the_screen_is_drawn_in_one_frame():
    """At 60×20 the second question's revealed answer runs below the screen: its scrollbar, the "more below" line and
    the footer's Enter (read on, not yet the next question) all depend on the layout. They were laid out again and drawn a frame
    or two after the answer; now the second layout is done at once and all of it is in one paint."""
    from test_tui_audiences import FACILITATOR, open_first_lesson_as

    from course.tui.screens.group_quiz import Stage

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        await press(pilot, "g")
        await press(pilot, "right")  # question 2: its answer is the longer
        stage = app.screen.query_one(Stage)
        assert stage.max_scroll_y == 0  # the question fits
        with Counted() as counted:
            await press(pilot, "enter")
        assert stage.max_scroll_y > 0 and stage.hidden_below > 0  # the answer does not
        assert counted.events.count("paint") == 1, counted.events
        now = [key.id for key in app.screen.query_one(CourseFooter).keys]
        assert counted.footers[0] == now and "group.continue" not in now  # Enter reads on first


async def test_nothing_under_the_presenter_view_redraws_it():
    """A lesson under the presenter view (or the group quiz) no longer builds its pages ahead there
    (the pause after a page is shown came while the facilitator was presenting); and what changes
    on a screen under an opaque one is not drawn over it (Textual counts the screen just under the
    top one as showing through)."""
    from test_tui_audiences import FACILITATOR, open_first_lesson_as

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        lesson = app.screen
        for key in ("p", "escape"):  # the presenter view made once
            await press(pilot, key)
        await pause_to_read(pilot)
        await press(pilot, "right")  # a new page: the pages either side of it are built in the pause after it
        built = len(lesson._pages)
        await press(pilot, "p")  # at once: before that pause
        with Counted() as counted:
            await pause_to_read(pilot)
            assert len(lesson._pages) == built, "the lesson built its pages under the presenter view"
            lesson.refresh()
            await pilot.pause()
            await pilot.pause()
        assert counted.events.count("paint") == 0, counted.events
        await press(pilot, "escape")
        await pause_to_read(pilot)
        assert len(lesson._pages) > built, "the pages either side are built once the lesson is back"


async def test_keys_changed_by_a_layout_are_in_the_footer_at_once():
    """A key whose use depends on the sizes just given (Enter reads on while "more below" shows)
    changes in the footer during the layout, for the layout's paint: the footer used to update
    after it, in a frame of its own."""
    from test_tui_audiences import FACILITATOR, open_first_lesson_as

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        await press(pilot, "g")
        screen, footer = app.screen, app.screen.query_one(CourseFooter)
        assert "group.reveal" in [key.id for key in footer.keys]
        screen.quiz.reveal()
        screen._paint_after_layout = False  # as while the screen lays out
        try:
            screen.refresh_bindings()
            assert "group.reveal" not in [key.id for key in footer.keys]
        finally:
            screen._paint_after_layout = None


async def test_an_answer_its_feedback_and_the_scroll_to_it_are_drawn_in_one_frame(tmp_path, monkeypatch):
    """Answering changes the answers' marks and the keys, shows the feedback (here taller than the
    view, so a scrollbar and "more below" appear with it) and scrolls to it. These were drawn over
    two to four frames (the keys alone, then the feedback, then the scrollbar and "more below",
    then the scroll after the next refresh); now all are in the first frame after the key. The
    first question's feedback and a several-answers question's too."""
    import random

    from course_copies import FIXTURES, copy_here, edit

    from course.content.loader import load_course
    from course.tui.app import CourseApp
    from course.tui.widgets.question import QuestionView

    folder = copy_here(FIXTURES / "valid", tmp_path, monkeypatch)
    long = "How early should you arrive? " * 15  # seven lines: at 80x20 the view scrolls to the feedback
    edit(folder, "01-welcome/quiz.toml", '"How early should you arrive?"', f'"{long.strip()}"')
    app = CourseApp(load_course(folder), MemoryStore(), rng=random.Random(0), animations=False)
    async with app.run_test(size=(80, 20)) as pilot:
        await start_as(pilot)
        await press(pilot, "q")
        view = app.screen.query_one(QuestionView)
        for number in range(2):
            while app.screen.index < number:  # read the rest of the feedback, then the next question
                await press(pilot, "enter")
            keys = answer_keys(app.screen.drawn[number], right=False)
            for key in keys[:-1]:  # a several-answers question: the ticks, then Enter
                await press(pilot, key)
            with Counted() as counted:
                await press(pilot, keys[-1])
            assert view.max_scroll_y > 0, number  # the feedback is taller than the view
            assert view.scroll_y > 0 or number, number  # scrolled to the first one
            assert counted.events.count("paint") == 1, (number, counted.events)


async def test_screens_opened_again_and_the_next_question_are_drawn_in_one_frame():
    """A kept lesson, quiz or help screen shown again, and the next question, in one frame: the
    screen's layout, its scrollbar appearing, a list's lines made for its new height and the
    whole screen redrawn for the push were each a frame of their own."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        for key in ("enter", "escape", "q", "escape", "f1", "escape", "down"):  # each seen once; lesson 2 chosen
            await press(pilot, key)
        await pause_to_read(pilot)
        for key, screen in (("enter", "LessonScreen"), ("escape", "MapScreen"), ("f1", "HelpScreen"),
                            ("escape", "MapScreen"), ("q", "QuizScreen")):
            with Counted() as counted:
                await press(pilot, key)
            assert type(app.screen).__name__ == screen
            if screen != "MapScreen":  # (a paint of the map as the key is handled is not this screen's)
                assert counted.painted.count(screen) == 1, (screen, counted.events, counted.painted)
        for key in answer_keys(app.screen.drawn[0], right=True):
            await press(pilot, key)
        with Counted() as counted:
            await press(pilot, "enter")
        assert app.screen.index == 1
        assert counted.events.count("paint") == 1, counted.events


async def test_the_question_stays_in_view_above_its_feedback():
    """On a small terminal the feedback does not fit under the question. Scrolling the whole
    feedback into view scrolled the question out of it: the learner saw an explanation without
    its question or their answer. Now the view scrolls only as far as the verdict and what is said
    about the learner's answer need; the rest is "more below"."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(80, 20)) as pilot:
        await start_as(pilot)
        await press(pilot, "q")
        drawn = app.screen.drawn[0]
        key = answer_keys(drawn, right=False)[0]
        await press(pilot, key)
        text = screen_text(app)
        chosen = drawn.shown_options()[int(key) - 1]
        for shown in (drawn.question.prompt, "Not quite", chosen.text, chosen.feedback, "more lines below"):
            assert shown in text, shown


async def test_the_answers_are_not_made_again_for_a_resize_that_keeps_their_width():
    """Textual's option list forgets its lines at every Resize event, which comes after the layout
    that resized it: a question with more or fewer answers than the last (another height, the same
    width) was drawn again a frame after it was shown. The answers keep their lines then."""
    from textual import events

    from course.tui.widgets.question import AnswerList

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        await press(pilot, "q")
        answers = app.screen.query_one(AnswerList)
        forgotten: list[int] = []
        clear = answers._clear_caches
        answers._clear_caches = lambda: (forgotten.append(1), clear())[1]  # type: ignore[method-assign]
        answers.post_message(events.Resize(answers.size, answers.virtual_size, answers.container_size))
        await pilot.pause()
        assert not forgotten


class Restyled:
    """While in effect: the nodes of `screen_name` that Textual restyled (each costs about a
    millisecond; a class changed or a screen shown restyles them)."""

    def __init__(self, screen_name: str) -> None:
        self.screen_name = screen_name
        self.nodes: list[object] = []

    def __enter__(self) -> Restyled:
        from textual.css.stylesheet import Stylesheet

        self._update_nodes = update_nodes = Stylesheet.update_nodes
        restyled = self

        def counted(stylesheet, nodes, animate=False):
            nodes = list(nodes)
            restyled.nodes.extend(node for node in nodes if type(node.screen).__name__ == restyled.screen_name)
            return update_nodes(stylesheet, nodes, animate)

        Stylesheet.update_nodes = counted  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc) -> None:
        from textual.css.stylesheet import Stylesheet

        Stylesheet.update_nodes = self._update_nodes  # type: ignore[method-assign]


async def test_a_kept_screen_shown_again_is_restyled_only_when_its_styles_changed():
    """Textual restyles every node of a screen as it is shown (4-12 ms in the key's frame for the
    group quiz, the presenter view, a lesson); a kept screen shown again is not, unless what its
    styles depend on changed while it was hidden (here the theme): then it is, and its colours
    are the new theme's."""
    from test_tui_audiences import FACILITATOR, open_first_lesson_as

    from course.tui.theme import HIGH_CONTRAST_NAME

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        for key in ("g", "escape"):  # seen once
            await press(pilot, key)
        with Restyled("GroupQuizScreen") as restyled:
            await press(pilot, "g")
            assert type(app.screen).__name__ == "GroupQuizScreen"
            assert restyled.nodes == []
            await press(pilot, "escape")
            lesson = app.screen
            app.theme = HIGH_CONTRAST_NAME if app.theme != HIGH_CONTRAST_NAME else "textual-dark"
            await pilot.pause()
            assert app.screen is lesson
            await press(pilot, "g")
            assert restyled.nodes, "the theme changed while the group quiz was hidden: it is restyled as it is shown"
        shown = app.screen.query_one("#group-next").styles.color
        app.update_styles(app.screen)  # what a restyle of every node gives
        assert app.screen.query_one("#group-next").styles.color == shown


async def test_a_kept_lesson_opened_again_is_restyled_only_when_its_styles_can_have_changed():
    """Textual restyles every widget of a screen as it is pushed (about a third of opening a kept
    lesson). Nothing a screen's styles depend on changed while the lesson was off the stack: not
    restyled. The theme changed meanwhile: restyled, and its styles are the new theme's."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        for key in ("enter", "escape", "down"):
            await press(pilot, key)
        lesson = app.get_screen("lesson")
        restyled: list[bool] = []
        update_nodes = Stylesheet.update_nodes

        def counted(stylesheet, nodes, animate=False):
            nodes = list(nodes)
            restyled.append(lesson in nodes)
            return update_nodes(stylesheet, nodes, animate)

        with patch.object(Stylesheet, "update_nodes", counted):
            await press(pilot, "enter")
            assert app.screen is lesson
            assert not any(restyled), "the lesson was restyled though nothing changed"
            await press(pilot, "escape")
            app.theme = HIGH_CONTRAST_NAME
            await pilot.pause()
            restyled.clear()
            await press(pilot, "enter")
            assert app.screen is lesson
            assert any(restyled), "the lesson kept the last theme's styles"
        drawn = [(node, node.styles.background, node.styles.color) for node in lesson.walk_children(with_self=True)]
        app.stylesheet.update(lesson)
        assert drawn == [(node, node.styles.background, node.styles.color) for node in lesson.walk_children(with_self=True)]


async def until_prepared(pilot) -> None:
    """Wait for the learner's first pause, in which the app builds its kept screens (a few turns)."""
    for _turn in range(400):
        if pilot.app.prepared:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the kept screens were not prepared")


async def test_each_screens_first_opening_is_drawn_in_one_frame(monkeypatch):
    """A returning learner's first help, crisis line, palette, My questions, quiz, lesson, presenter
    view and group quiz: built, styled and laid out hidden in the pause after start-up, each first
    opening is drawn in one frame, laid out before it and not restyled, as later ones are. Built at
    the first opening, the screen's first layout sent it a Resize that laid it out and drew it again
    a frame later; prepared but not restyled, every node was restyled in the key's frame."""
    from course.progress.model import Progress
    from course.tui.screens import lesson as lesson_screen

    monkeypatch.setattr(lesson_screen, "READING_PAUSE", 60)  # the pages either side built later, not in the count
    progress = Progress()
    progress.add_learner("Fay", "facilitator")
    app = make_app(store=MemoryStore(progress), seed=0, animations=False)
    restyled: list[str] = []
    update_nodes = Stylesheet.update_nodes

    def counted(stylesheet, nodes, animate=False):
        nodes = list(nodes)
        restyled.extend(type(node.screen).__name__ for node in nodes if node.screen is not app.screen_stack[0])
        return update_nodes(stylesheet, nodes, animate)

    async with app.run_test(size=(100, 30)) as pilot:
        await until_prepared(pilot)
        for key, screen in (("f1", "HelpScreen"), ("escape", "MapScreen"), ("f2", "CrisisScreen"),
                            ("escape", "MapScreen"), ("ctrl+p", "CommandPalette"), ("escape", "MapScreen"),
                            ("m", "MyQuestionsScreen"), ("escape", "MapScreen"), ("q", "QuizScreen"),
                            ("escape", "MapScreen"), ("enter", "LessonScreen"), ("p", "PresenterScreen"),
                            ("escape", "LessonScreen"), ("g", "GroupQuizScreen")):
            restyled.clear()
            with Counted() as counted_paints, patch.object(Stylesheet, "update_nodes", counted):
                await press(pilot, key)
            assert type(app.screen).__name__ == screen, key
            if key != "escape":
                assert counted_paints.painted.count(screen) == 1, (key, counted_paints.events, counted_paints.painted)
                assert counted_paints.events.index("layout") < counted_paints.events.index("paint"), key
                assert screen not in restyled, key
                drawn = [(node, node.styles.background, node.styles.color) for node in app.screen.walk_children()]
                app.stylesheet.update(app.screen)  # what restyling it gives
                assert drawn == [(node, node.styles.background, node.styles.color) for node in app.screen.walk_children()]


async def test_the_screens_are_built_in_pauses_and_a_key_comes_first():
    """The kept screens are built one a turn, and not while the learner is typing: a key's answer
    does not wait behind them. What is left is built at the next pause; a screen the learner opens
    meanwhile is built then, as before, and not again."""
    from course.progress.model import Progress

    progress = Progress()
    progress.add_learner("Sam", "patient")
    app = make_app(store=MemoryStore(progress), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_prepared(pilot)
        for name in ("help", "crisis"):  # as after a change of language: to be built again
            app.uninstall_screen(name)
        await press(pilot, "down")
        app._prepare_kept_screens(facilitator=False)  # the learner has just pressed a key
        assert app._preparing == [(True, "help"), (True, "crisis"), (False, "help"), (False, "crisis")]
        assert not app.prepared
        await press(pilot, "f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await until_prepared(pilot)
        assert app.get_screen("crisis").is_mounted and app.get_screen("help") is app.screen


async def test_the_palettes_first_opening_reads_no_language_data(monkeypatch):
    """The palette names each edition of the course in its own language: Babel's data for each
    language, read at the first opening (about 50 ms), is read in the pause after start-up."""
    import random
    from functools import partial
    from pathlib import Path

    from babel import localedata

    from course.content.loader import load_course
    from course.progress.model import Progress
    from course.tui.app import CourseApp

    monkeypatch.setattr(localedata, "_cache", {})
    read: list[str] = []
    load = localedata.load

    def reading(name, merge_inherited=True):
        if name not in localedata._cache:
            read.append(name)
        return load(name, merge_inherited)

    monkeypatch.setattr(localedata, "load", reading)
    sample = Path(__file__).parent / "fixtures" / "sample-zh"  # an English and a Chinese edition
    progress = Progress()
    progress.add_learner("Mai", "patient")
    app = CourseApp(load_course(sample, "en"), MemoryStore(progress), rng=random.Random(0), animations=False,
                    load_edition=partial(load_course, sample))
    async with app.run_test(size=(100, 30)) as pilot:
        await until_prepared(pilot)
        read.clear()
        await press(pilot, "ctrl+p")
        assert type(app.screen).__name__ == "CommandPalette"
        assert read == []


async def test_the_group_quizs_keys_restyle_nothing():
    """A reveal, the next question and the previous one change words and show or hide lines, not
    classes: each option has its own line and its feedback's (the lines were a pool whose classes
    shifted at each reveal, about 1 ms of restyling a line), and a right answer's colour is a style
    of its words. What the room sees is the same: the marks in symbols and words, the answer."""
    from test_tui_audiences import FACILITATOR, open_first_lesson_as

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_lesson_as(pilot, FACILITATOR)
        await press(pilot, "g")
        for key in ("enter", "enter", "enter", "left"):  # reveal, next, reveal, back to the revealed first
            with Restyled("GroupQuizScreen") as restyled:
                await press(pilot, key)
            assert restyled.nodes == [], key
            text = screen_text(app)
            assert ("✓" in text and "(correct)" in text) == app.screen.quiz.is_revealed, key


async def test_the_lesson_a_learner_rests_on_is_prepared_before_enter():
    """Resting on a module of the course map (RESTING), the page Enter opens is parsed, laid out
    and drawn unseen in the kept lesson screen: Enter parses nothing, mounts nothing, draws no
    page's text anew, and is drawn in one paint, the first opening too. Preparing records nothing
    (where the learner resumes is unchanged) and shows nothing."""
    from textual.widget import Widget

    from course.tui.screens.course_map import RESTING
    from course.tui.widgets import prose

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        await until_prepared(pilot)
        parsed: list[str] = []
        mounted: list[Widget] = []
        drawn: list[Widget] = []
        parse, mount, draw = prose.parse, Widget.mount, prose.Prose._render_content

        def counted_draw(widget):
            drawn.append(widget)
            return draw(widget)

        def counted_parse(markdown):
            parsed.append(markdown)
            return parse(markdown)

        def counted_mount(widget, *widgets, **where):
            mounted.extend(widgets)
            return mount(widget, *widgets, **where)

        for key in ("down", "escape", "down"):  # the second module, then (after its lesson) the third
            await press(pilot, key)
            if key == "escape":
                continue
            shown = screen_text(app)
            await pause_to_read(pilot, RESTING * 2)  # the learner rests on the module
            assert screen_text(app) == shown
            module = app.screen.current.module
            assert module.id not in app.active_learner.lessons  # nothing recorded by preparing
            with Counted() as counted, patch.object(prose, "parse", counted_parse), \
                    patch.object(Widget, "mount", counted_mount), patch.object(prose.Prose, "_render_content", counted_draw):
                await press(pilot, "enter")
            assert type(app.screen).__name__ == "LessonScreen" and app.screen.module is module
            assert parsed == [] and mounted == [] and drawn == [], (parsed, mounted, drawn)
            assert counted.painted.count("LessonScreen") == 1, (counted.events, counted.painted)


async def test_help_is_prepared_at_the_width_it_is_shown_at():
    """Help is longer than the screen: laid out hidden in one pass, its text was wrapped at the width
    without a scrollbar, and wrapped again (its whole text) at its first opening. Built in the pause,
    it is laid out as shown, scrollbar and all: the first F1 wraps nothing."""
    from course.progress.model import Progress
    from course.tui.widgets.prose import ProseVisual

    progress = Progress()
    progress.add_learner("Sam", "patient")
    app = make_app(store=MemoryStore(progress), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_prepared(pilot)
        wrapped: list[int] = []
        wrap = ProseVisual._wrap
        with patch.object(ProseVisual, "_wrap", lambda visual, width: (wrapped.append(width), wrap(visual, width))[1]):
            await press(pilot, "f1")
        assert type(app.screen).__name__ == "HelpScreen"
        assert app.screen.query_one("#help").max_scroll_y > 0  # it scrolls
        assert wrapped == []


async def test_a_page_prepared_but_not_opened_is_never_shown():
    """The lesson screen prepares the module the learner rests on; they move back to the lesson
    they read last and open it: its own page is shown, in one paint, not the one prepared."""
    from course.tui.screens.course_map import RESTING

    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_as(pilot)
        await until_prepared(pilot)
        await press(pilot, "enter")
        first = screen_text(app)
        for key in ("escape", "down", "up"):  # rests on the second module (prepared), then back on the first
            await press(pilot, key)
            await pause_to_read(pilot, RESTING * 2)
        with Counted() as counted:
            await press(pilot, "enter")
        assert screen_text(app) == first
        assert counted.painted.count("LessonScreen") == 1, (counted.events, counted.painted)


async def test_a_new_learners_screens_are_prepared_at_their_first_pause():
    """On a first run there is no learner yet in the pause after start-up: the kept screens are
    built at the first pause once the welcome has made one, and help's first opening is one paint."""
    app = make_app(store=MemoryStore(), seed=0, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        while not app._settled:  # the pause after start-up, on the welcome
            await asyncio.sleep(0.05)
        assert not app.prepared
        await start_as(pilot)
        assert type(app.screen).__name__ == "MapScreen"
        await until_prepared(pilot)
        assert app.get_screen("lesson").is_mounted and app.get_screen("help").is_mounted
        with Counted() as counted:
            await press(pilot, "f1")
        assert counted.painted.count("HelpScreen") == 1, counted.events
