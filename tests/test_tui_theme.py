"""The high-contrast theme's contrast, the theme remembered per learner, animations off by default."""

from __future__ import annotations

import pytest
from test_tui_support import SIZE, make_app, start_as

from course.progress.store import ProgressStore
from course.tui.theme import HIGH_CONTRAST, HIGH_CONTRAST_NAME, READ_PAIRS


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance."""
    channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_values():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("text", "background"), READ_PAIRS)
def test_high_contrast_text_reaches_4_5_to_1(text, background):
    assert contrast(HIGH_CONTRAST[text], HIGH_CONTRAST[background]) >= 4.5


def test_body_text_is_far_above_the_minimum():
    assert contrast(HIGH_CONTRAST["foreground"], HIGH_CONTRAST["background"]) >= 15


async def test_theme_from_the_command_line_is_used_and_remembered_for_the_learner(tmp_path):
    path = tmp_path / "progress.toml"
    app = make_app(path, theme=HIGH_CONTRAST_NAME)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == HIGH_CONTRAST_NAME
        await start_as(pilot)
        await app.workers.wait_for_complete()
        assert ProgressStore.open(path).data.active.theme == HIGH_CONTRAST_NAME
        app.theme = "nord"  # e.g. from the palette's theme picker
        await pilot.pause()
        await app.workers.wait_for_complete()
    app.flush_saves()
    assert ProgressStore.open(path).data.active.theme == "nord"
    again = make_app(path)
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"


async def test_an_unknown_theme_is_explained_not_a_crash(tmp_path):
    app = make_app(tmp_path / "progress.toml", theme="no-such-theme")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        messages = [n.message for n in app._notifications]
        assert any("no-such-theme" in m and HIGH_CONTRAST_NAME in m for m in messages)


async def test_animations_are_off_unless_asked_for(tmp_path, monkeypatch):
    monkeypatch.delenv("KETAMINE_COURSE_ANIMATIONS", raising=False)
    assert make_app(tmp_path / "a.toml").animation_level == "none"
    monkeypatch.setenv("KETAMINE_COURSE_ANIMATIONS", "1")
    assert make_app(tmp_path / "b.toml").animation_level == "full"


def test_each_screens_styles_sit_beside_it_and_reused_widgets_carry_their_own():
    """Textual's pairing: a screen's rules in NAME.tcss beside NAME.py (its CSS_PATH), not in
    the app's stylesheet nor in DEFAULT_CSS; a widget (used on several screens) in DEFAULT_CSS."""
    import importlib
    import inspect
    import pkgutil
    from pathlib import Path

    from textual.screen import Screen
    from textual.widget import Widget

    import course.tui.screens
    import course.tui.widgets

    misplaced, missing = [], []
    for package, kind in ((course.tui.screens, Screen), (course.tui.widgets, Widget)):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module.__name__ or not issubclass(cls, kind):
                    continue
                own = vars(cls)
                if kind is Screen and "DEFAULT_CSS" in own:
                    misplaced.append(f"{info.name}.{name}: DEFAULT_CSS on a screen (a .tcss beside it)")
                if kind is Widget and "CSS_PATH" in own:
                    misplaced.append(f"{info.name}.{name}: CSS_PATH on a widget (DEFAULT_CSS)")
                for path in [own["CSS_PATH"]] if isinstance(own.get("CSS_PATH"), str) else []:
                    beside = Path(module.__file__).parent / path
                    if not beside.is_file() or beside.stem != info.name.rsplit(".", 1)[1]:
                        missing.append(f"{info.name}.{name}: {path} is not the .tcss beside it")
    assert misplaced == [] and missing == []
