"""Prose: lesson Markdown drawn as one widget, with the layout a reader expects."""

from __future__ import annotations

from textual.app import App, ComposeResult

from course.tui.widgets.prose import Prose, ProseVisual, parse


def lines(markdown: str, width: int = 40) -> list[str]:
    return ProseVisual(parse(markdown)).lines(width).plain.split("\n")


def test_paragraphs_are_wrapped_and_separated_by_a_blank_line():
    text = "One two three four five six seven eight nine ten eleven twelve.\n\nSecond paragraph."
    assert lines(text, 30) == ["One two three four five six", "seven eight nine ten eleven", "twelve.", "",
                               "Second paragraph."]


def test_list_items_hang_under_their_bullet_or_number():
    assert lines("Before:\n\n- first item that is long enough to wrap around\n- second", 25) == [
        "Before:", "", "• first item that is long", "  enough to wrap around", "• second"]
    assert lines("1. one\n2. two words that wrap here", 20) == ["1. one", "2. two words that", "   wrap here"]


def test_nested_lists_and_loose_lists():
    assert lines("- outer\n  - inner\n- next") == ["• outer", "  ◦ inner", "• next"]
    assert lines("- loose one\n\n- loose two") == ["• loose one", "", "• loose two"]


def test_headings_bold_and_links_keep_their_styles_and_addresses():
    blocks = parse("## A heading\n\nSome **bold** text and [a link](https://example.org), or 988lifeline.org.")
    heading, paragraph = blocks
    assert heading.text.plain == "A heading" and ".prose--h2" in {span.style for span in heading.text.spans}
    assert paragraph.text.plain == "Some bold text and a link (https://example.org), or 988lifeline.org."
    styles = {paragraph.text.plain[span.start:span.end]: span.style for span in paragraph.text.spans
              if isinstance(span.style, str)}
    assert styles["bold"] == ".prose--strong" and styles["a link"] == ".prose--link"
    assert styles["988lifeline.org"] == ".prose--link"  # a bare address is shown once, as written


def test_quotes_rules_code_and_tables():
    assert lines("> quoted words") == ["▌ quoted words"]
    assert lines("above\n\n---\n\nbelow", 10) == ["above", "", "─" * 10, "", "below"]
    assert lines("```\ncode line\n```") == ["code line"]
    assert lines("| a | b |\n|---|---|\n| 1 | 2 |") == ["a │ b", "1 │ 2"]


class ProseApp(App):
    def compose(self) -> ComposeResult:
        yield Prose("## Title\n\n- a bullet that wraps onto a second line at this width\n- another")


async def test_the_widget_draws_the_text_at_its_width_and_updates():
    app = ProseApp()
    async with app.run_test(size=(30, 10)) as pilot:
        prose = app.query_one(Prose)
        assert prose.size.height == 5
        shown = [strip.text.rstrip() for strip in app.screen._compositor.render_strips()][:5]
        assert shown == ["Title", "", "• a bullet that wraps onto a", "  second line at this width", "• another"]
        prose.update("Short.")
        await pilot.pause()
        assert prose.source == "Short." and prose.size.height == 1
