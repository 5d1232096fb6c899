"""The room quiz's shared screen: the facilitator runs the quiz here while participants answer
on their own devices.

The join address, the code (in large digits) and a QR code; then one question at a time, how
many have answered and, when the facilitator chooses, the spread of answers as bars in words
and numbers; the reveal (right answers, each option's feedback, the explanation); the next
question. No speed, no scores per person, no leaderboard.

The web server is handed in by whoever started the app (`app.room_server`, from the command
line): the UI never imports the web layer. It runs in this app's event loop, so an answer
reaches the count here at once; the count is redrawn at most every COUNT_DELAY seconds.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Protocol

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Digits, Label, Static

from course import keymap
from course.i18n import _, ngettext
from course.learning.room import Room
from course.network import network_warning
from course.outputs.common import lesson_text
from course.outputs.plaintext import KIND_HINTS
from course.outputs.room_summary import share, summary_files
from course.tui.bindings import bindings_for
from course.tui.delivery import deliver_export
from course.tui.screens.ask import AskScreen
from course.tui.screens.base import CourseScreen
from course.tui.screens.group_quiz import Stage, option_blocks
from course.tui.widgets.footer import CourseFooter
from course.tui.widgets.qr import QRCode
from course.tui.widgets.reading import MoreBelow

COUNT_DELAY = 0.2  # seconds: 60 answers at once redraw the count a few times, not 60
ROOM_PORT = 8001
COMPACT_WIDTH, COMPACT_HEIGHT = 70, 24  # below this, no blank lines between things


class RoomServer(Protocol):
    """What the screen needs of the web server (course.web.room.server.RoomServer)."""

    address: str
    join_url: str
    refused: int

    async def start(self) -> None: ...
    async def stop(self) -> None: ...


RoomServerFactory = Callable[[Room, str, int], RoomServer]


def shown_code(code: str) -> str:
    """'482193' -> '482 193': easier to read out and to type."""
    return f"{code[:3]} {code[3:]}"


class RoomScreen(CourseScreen):
    CSS_PATH = "room.tcss"
    MIN_SIZE = (50, 16)  # a 1280×720 projector at font size 32
    PLACE = keymap.ROOM
    BINDINGS = bindings_for(PLACE)
    _ENTER = {"open_first": "lobby", "reveal": "open", "next_question": "revealed", "end_quiz": "last"}

    def __init__(self, room: Room, host: str = "127.0.0.1", port: int = ROOM_PORT, *,
                 exit_when_closed: bool = False) -> None:
        super().__init__()
        self.room = room
        self.host, self.port = host, port
        self.exit_when_closed = exit_when_closed  # `ketamine-course room`: closing the room ends the app
        self.server: RoomServer | None = None
        self.spread_shown = False
        self.join_shown = True
        self._count_pending = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="room-join"):
            yield Vertical(id="room-qr-box")
            with Vertical(id="room-join-text"):
                yield Static(id="room-address")
                yield Static(id="room-how")  # beside the QR code: below it, at 80×24 it was out of sight
                # in words too: the big digits are box-drawing characters a screen reader cannot read
                yield Label(_("Code: {code}").format(code=shown_code(self.room.code)), id="room-code-label")
                yield Digits(shown_code(self.room.code), id="room-code")
                yield Static(id="room-people")
        yield Static(id="room-join-line")
        with Stage(id="room-stage"):
            yield Static(id="room-position", classes="title")
            yield Static(id="room-prompt")
            yield Static(id="room-hint")
            yield Vertical(id="room-options")
        yield MoreBelow("room-stage", id="room-more")
        yield Static(id="room-count")  # outside the scrolling: always in view
        yield Static(id="room-next")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Room quiz")
        self.room.listeners.append(self._room_changed)
        self.query_one("#room-stage").focus()
        self._show()
        self._start_server()

    def on_unmount(self) -> None:
        if self._room_changed in self.room.listeners:
            self.room.listeners.remove(self._room_changed)

    # ------------------------------------------------------------ the server

    @work(exclusive=True, group="room-server", exit_on_error=False)
    async def _start_server(self) -> None:
        factory: RoomServerFactory | None = getattr(self.app, "room_server", None)
        if factory is None:
            self._cannot_open(_("this copy of the course cannot serve a room"))
            return
        server = factory(self.room, self.host, self.port)
        try:
            await server.start()
        except OSError as error:
            if error.errno == errno.EADDRINUSE and not self.exit_when_closed:  # opened from the app: any port will do
                self.port = 0
                self._start_server()
                return
            self._cannot_open(_("{host} port {port}: {reason}").format(
                host=self.host, port=self.port, reason=error.strerror or error))
            return
        self.server = server
        self._show_join()
        warning = network_warning(self.host, room=True)
        if warning:  # printed before the app started too, but the app's screen has hidden it since
            self.app.notify(warning, severity="warning", timeout=15)

    def _cannot_open(self, reason: str) -> None:
        message = _("The room could not be opened: {reason}. Choose another port with --port, or another "
                    "address with --host.").format(reason=reason)
        if self.exit_when_closed:
            self.app.exit(1, message=message)
        else:
            self.app.notify(message, severity="error", timeout=15)
            self.dismiss()

    async def _stop_server(self) -> None:
        if self.server is not None:
            await self.server.stop()
            self.server = None

    # ------------------------------------------------------------ showing it

    def _room_changed(self, change: str) -> None:
        getattr(self.app, "busy", lambda: None)()
        if change == "state":
            self._show()
        elif not self._count_pending:  # answers and arrivals: redraw the count soon, once
            self._count_pending = True
            self.set_timer(COUNT_DELAY, self._show_counts)

    def _show(self) -> None:
        room = self.room
        self._show_join()
        course = self.app.course
        position = self.query_one("#room-position", Static)
        prompt, hint = self.query_one("#room-prompt", Static), self.query_one("#room-hint", Static)
        options = self.query_one("#room-options")
        options.remove_children()
        prompt.display = True
        if room.phase == "lobby":
            position.update(Content(_("Room quiz: {count}").format(count=ngettext(
                "{n} question", "{n} questions", len(room.questions)).format(n=len(room.questions)))))
            how = Content(_("Participants: open the address on your phone or laptop, or scan the QR code, "
                            "and enter the code. No account or name is needed."))
            self.query_one("#room-how", Static).update(how)
            prompt.update(how)
            prompt.display = not self.join_shown  # with the join details, beside them, when those are shown
            hint.update("")
        elif room.phase == "ended":
            position.update(Content(_("The quiz has ended")))
            prompt.update(Content(self._ending_words()))
            hint.update("")
        else:
            item = room.current
            position.update(Content(_("Question {number} of {total} · Lesson {lesson}: {title}").format(
                number=room.index + 1, total=len(room.questions), lesson=item.lesson, title=item.module.title)))
            prompt.update(Content(lesson_text(course, item.question.prompt)))
            hint.update(Content(_(KIND_HINTS[item.question.kind])))
            counts = room.counts() if self.spread_shown else None
            options.mount_all(Static(text, classes=css) for text, css in option_blocks(
                item.question, room.is_revealed, course, counts=counts, answered=room.answered()))
        self._show_counts(bars=False)  # the bars were just drawn with the counts of now
        self.query_one("#room-next", Static).update(Content(self._next_words()))
        stage = self.query_one("#room-stage", Stage)
        stage.show_revealed(room.phase == "revealed")
        stage.scroll_home(animate=False)
        self.refresh_bindings()

    def _show_join(self) -> None:
        lobby = self.room.phase == "lobby"
        panel, line = self.query_one("#room-join"), self.query_one("#room-join-line", Static)
        panel.display = self.join_shown and lobby and self.room.phase != "ended"
        line.display = self.join_shown and not lobby and self.room.phase != "ended"
        if self.server is None:
            address = _("Opening the room…")
        else:
            address = self.server.address
            box = self.query_one("#room-qr-box")
            if not box.children:
                box.mount(QRCode(self.server.join_url, id="room-qr"))
        self.query_one("#room-address", Static).update(Content(_("Join at {address}").format(address=address)))
        line.update(Content(_("Join at {address} · code {code}").format(
            address=address, code=shown_code(self.room.code))))
        self._fit_qr()

    def on_resize(self) -> None:
        self.set_class(self.size.height < COMPACT_HEIGHT or self.size.width < COMPACT_WIDTH, "-compact")
        self._fit_qr()

    def _fit_qr(self) -> None:
        """The QR code only where it fits beside the code with room for the rest (not at 50×16)."""
        for qr in self.query(QRCode):
            width, height = qr.cells
            qr.display = self.size.width >= width + 30 and self.size.height >= height + 6

    def _show_counts(self, bars: bool = True) -> None:
        self._count_pending = False
        room = self.room
        people = len(room.participants)
        here = ngettext("{n} person in the room", "{n} people in the room", people).format(n=people)
        names = [p.nickname for p in room.participants.values() if p.nickname]
        if names:
            here += ": " + ", ".join(names[:12]) + ("…" if len(names) > 12 else "")
        self.query_one("#room-people", Static).update(Content(here))
        count = self.query_one("#room-count", Static)
        if room.phase in ("lobby", "ended"):
            count.update(Content(here) if room.phase == "lobby" and not self.join_shown else "")
            return
        answered = room.answered()
        words = _("Answered: {answered} of {people}").format(answered=answered, people=people)
        if room.is_revealed and answered:
            words += " · " + _("{right} right ({share})").format(
                right=room.right(room.index), share=share(room.right(room.index), answered))
        count.update(Content.assemble((words, "bold")))
        if bars and self.spread_shown:
            self._show_spread()

    def _show_spread(self) -> None:
        """Redraw the bars in place (mounting anew 60 times a second would be wasteful)."""
        bars = list(self.query("#room-options .bar").results(Static))
        blocks = [text for text, css in option_blocks(self.room.current.question, self.room.is_revealed,
                                                      self.app.course, counts=self.room.counts(),
                                                      answered=self.room.answered()) if "bar" in css.split()]
        if len(bars) != len(blocks):  # still being mounted by _show, with fresh counts
            return
        for widget, text in zip(bars, blocks):
            widget.update(text)

    def _next_words(self) -> str:
        room = self.room
        if room.phase == "lobby":
            return _("Press Enter to open the first question when everyone has joined.")
        if room.phase == "ended":
            return _("Press e to save the summary, Escape to close the room.")
        if not room.is_revealed:
            return _("Press Enter to reveal the answer (s shows the spread of answers).")
        if room.on_last:
            return _("Press Enter to end the quiz.")
        if room.index == 0:  # nothing before it to go back to
            return _("Press Enter for the next question.")
        return _("Press Enter for the next question (← the previous one).")

    def _ending_words(self) -> str:
        summary = self.room.summary()
        missed = summary.most_missed(3)
        if not missed:
            return _("Thank you, everyone. No question was missed.")
        lines = [_("Most missed:")]
        lines += [_("{number}. {prompt} ({right} of {answered} right)").format(
            number=n, prompt=q.prompt, right=q.right, answered=q.answered) for n, q in enumerate(missed, start=1)]
        return "\n".join(lines)

    # ------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._ENTER:
            return self._ENTER[action] == self._enter_phase()  # False: neither shown nor run
        if action == "toggle_spread":
            return self.room.phase in ("open", "revealed")
        if action == "step" and parameters == (-1,):  # back: not from the lobby, nor before question 1
            return self.room.phase == "ended" or (self.room.phase != "lobby" and self.room.index > 0)
        return True

    def _enter_phase(self) -> str:
        room = self.room
        if room.phase == "revealed" and room.on_last:
            return "last"
        return room.phase

    def action_open_first(self) -> None:
        self.room.open_question(0)

    def action_reveal(self) -> None:
        self.room.reveal()

    def action_next_question(self) -> None:
        self.room.step(1)

    def action_end_quiz(self) -> None:
        self.room.finish()

    def action_step(self, by: int) -> None:
        if self.room.phase != "lobby" or by > 0:
            self.room.step(by)

    def action_toggle_spread(self) -> None:
        self.spread_shown = not self.spread_shown
        self._show()

    def action_toggle_join(self) -> None:
        self.join_shown = not self.join_shown
        if self.room.phase == "lobby":  # the participants' instructions move between the panel and the stage
            self._show()
            return
        self._show_join()
        self._show_counts()

    def action_blank(self) -> None:
        from course.tui.screens.blank import BlankScreen

        self.app.push_screen(BlankScreen())

    def action_export(self) -> None:
        summary = self.room.summary()
        if not summary.questions:
            self.app.notify(_("Nothing to save yet: no question has been opened."))
            return
        for name, text in summary_files(summary).items():
            deliver_export(self.app, name, text)

    def action_close_room(self) -> None:
        choices = [_("Save the summary, then close the room"), _("Close the room without saving"),
                   _("Stay in the room")]
        text = _("Closing disconnects everyone. Only the summary (how many chose each answer) can be kept; "
                 "nothing about participants is.")
        self.app.push_screen(AskScreen(_("Close the room?"), text, choices), self._close_answered)

    async def _close_answered(self, choice: int | None) -> None:
        if choice not in (0, 1):
            return
        if choice == 0:
            self.action_export()
        self.room.close()
        await self._stop_server()
        if self.exit_when_closed:
            self.app.exit(0)
        else:
            self.dismiss()


# ------------------------------------------------------------------ opening a room from the group quiz

NETWORK, NETWORK_NICKNAMES, THIS_COMPUTER = 0, 1, 2


def ask_where(app, room_for: Callable[[bool], Room]) -> None:
    """Ask who may join, then open the room: on every address (phones on this network) or loopback."""
    if getattr(app, "room_server", None) is None:
        app.notify(_("This copy of the course cannot serve a room. Start it with: ketamine-course room"),
                   severity="warning")
        return
    choices = [_("Phones and laptops on this network join (no names)"),
               _("Phones and laptops on this network join, with nicknames they choose"),
               _("Only this computer (to try the room out)")]
    text = _("Participants answer on their own devices: no account, no app, no name unless you turn nicknames "
             "on. Nothing about them is kept after the room closes, only the counts.") + "\n\n" + (
        network_warning("0.0.0.0", room=True) or "")

    def open_room(choice: int | None) -> None:
        if choice is None:
            return
        host = "127.0.0.1" if choice == THIS_COMPUTER else "0.0.0.0"
        app.push_screen(RoomScreen(room_for(choice == NETWORK_NICKNAMES), host, ROOM_PORT))

    app.push_screen(AskScreen(_("Open a room"), text, choices), open_room)
