"""The header never closes the app when a title changes while it is half built."""

from textual.app import App, ComposeResult
from textual.widgets._header import HeaderTitle

from course.tui.widgets.header import CourseHeader


class HeaderApp(App):
    def compose(self) -> ComposeResult:
        yield CourseHeader()


async def test_a_title_change_with_no_title_widget_is_skipped_not_fatal():
    app = HeaderApp()
    async with app.run_test() as pilot:
        await app.query_one(HeaderTitle).remove()  # as while a screen is still being built
        app.title = "A new title"
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_the_header_still_shows_title_changes():
    app = HeaderApp()
    async with app.run_test() as pilot:
        app.title = "Course map"
        await pilot.pause()
        assert "Course map" in str(app.query_one(HeaderTitle).render())
