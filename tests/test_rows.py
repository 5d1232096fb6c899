"""The pointer list (course map, question lists): rows made only when drawn, heights from plain text."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.content import Content

from course.tui.widgets import rows as rows_module
from course.tui.widgets.rows import _NARROW, PointerList, cells

ROWS = 2_000


class ListApp(App):
    CSS = "PointerList { height: 1fr; border: round white; padding: 0; }"

    def __init__(self, rows) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield PointerList(id="list")

    def on_mount(self) -> None:
        self.query_one(PointerList).show(self.rows, 0)


def made(listed: PointerList) -> int:
    """How many rows' prompts have been made."""
    return sum(option._made is not None for option in listed.options)


def test_cells_agrees_with_rich_for_every_character_taken_as_one_cell():
    narrow = [chr(code) for code in range(0x20, 0x3000) if _NARROW.fullmatch(chr(code))]
    assert len(narrow) > 600
    assert [c for c in narrow if cell_len(c) != 1] == []
    for text in ("✓ 12. Lesson: evidence", "中文标题 12", "café ñ", "emoji 😀 here", "zero\u200bwidth"):
        assert cells(text) == cell_len(text), text


WIDE_ROWS = [
    [("✓ 1. A short title", "bold"), "  Done · 5 min · quiz 100% ✓ passed"],
    [("◐ 12. A title long enough that it has to wrap at the narrow widths of this test, twice or more", "bold"),
     "  In progress · 10 min · quiz not taken"],
    [Content("3. 中文的标题很长很长很长很长很长很长很长很长很长很长很长很长很长很长"), Content("   ○ not asked yet · your own question")],
    ["a line with\na newline", "x" * 90],
    ["1. " + "word " * 40],
]


async def test_a_rows_height_from_its_text_is_the_height_it_is_drawn_with():
    app = ListApp(WIDE_ROWS)
    async with app.run_test(size=(60, 20)) as pilot:
        listed = app.query_one(PointerList)
        for width in (14, 20, 33, 47, 58, 120):
            listed._width = width
            for index in range(len(WIDE_ROWS)):
                listed._forget(index)
                drawn = listed.options[index].prompt.plain.count("\n") + 1
                assert listed._height(index, width) == drawn, (index, width)
        await pilot.pause()


async def test_only_the_rows_on_screen_are_made_and_moving_redraws_only_two(monkeypatch):
    counts = {"_prompt": 0, "_height": 0}
    def counting(name):
        real = getattr(PointerList, name)

        def counted(self, *args):
            counts[name] += 1
            return real(self, *args)
        return counted
    for name in counts:
        monkeypatch.setattr(PointerList, name, counting(name))
    rows = [[(f"○ {n}. Lesson {n}", "bold"), f"  Not started · {n} min · quiz not taken"] for n in range(1, ROWS + 1)]
    app = ListApp(rows)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        listed = app.query_one(PointerList)
        assert listed.option_count == ROWS and listed.virtual_size.height == 2 * ROWS
        assert 0 < made(listed) < 40 and counts["_prompt"] < 80, "only what is on screen is made"
        assert str(listed.options[0].prompt).startswith("› ○ 1. Lesson 1\n")
        assert str(listed.options[1].prompt).startswith("  ○ 2. Lesson 2\n")

        counts["_height"] = counts["_prompt"] = 0
        await pilot.press("down")
        await pilot.pause()
        assert counts["_height"] == 0 and counts["_prompt"] == 2, "the line map is kept; two rows are made again"
        assert str(listed.options[0].prompt).startswith("  ○ 1.") and str(listed.options[1].prompt).startswith("› ○ 2.")

        await pilot.press("end")
        await pilot.pause()
        assert listed.highlighted == ROWS - 1 and listed.scroll_y == listed.max_scroll_y > 0
        assert made(listed) < 80 and counts["_prompt"] < 80
        assert f"› ○ {ROWS}. Lesson {ROWS}" in "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_update_row_redraws_the_row_at_its_new_height():
    rows = [["1. short"], ["2. short"], ["3. short"]]
    app = ListApp(rows)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        listed = app.query_one(PointerList)
        listed.update_row(1, ["2. now a much longer line that wraps over more than one line here", "second"])
        await pilot.pause()
        assert listed._heights[1] >= 3 and listed.virtual_size.height == 2 + listed._heights[1]
        assert "now a much longer" in str(listed.options[1].prompt)


def test_the_narrow_set_is_used(monkeypatch):
    """cells() counts ASCII without rich (a planted break of the fast path would still agree)."""
    calls = []
    monkeypatch.setattr(rows_module, "cell_len", lambda text: calls.append(text) or 0)
    assert cells("plain ascii ✓ ◐ ○ · ñ") == len("plain ascii ✓ ◐ ○ · ñ") and calls == []
