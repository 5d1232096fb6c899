"""`ketamine-course room`: a live quiz answered on participants' own phones and laptops.

The facilitator's screen is the app (course.tui.screens.room); the participants' pages are
served by course.web.room from inside it. The UI never imports the web layer: the command
line hands the app a function that makes the server (`room_server`), as `run` does so the
group quiz can open a room too.
"""

from __future__ import annotations

import argparse
import sys

from course.cli.common import load
from course.cli.parser import whole_number
from course.errors import UserError
from course.i18n import _

DEFAULT_PORT = 8001


def add_commands(command) -> None:
    room = command("room", cmd_room, _("open a room quiz answered on participants' own phones or laptops"),
                   _("Open a room quiz: the terminal shows a join address, a short code and a QR code; "
                     "participants answer on their own phones or laptops (no account, no app, no name); you "
                     "reveal each answer when the room is ready. Only this computer can join unless you "
                     "choose another --host. Nothing about participants is kept after the room closes, only "
                     "the summary you save."))
    room.add_argument("--modules", nargs="+", metavar=_("LESSON"),
                      help=_("the lessons whose questions to ask, by number or id (default: every lesson with a quiz)"))
    room.add_argument("--host", default="127.0.0.1",
                      help=_("address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0 lets phones on "
                             "the network join)"))
    room.add_argument("--port", type=whole_number(1, 65535, _("a port number")), metavar=_("PORT"), default=DEFAULT_PORT,
                      help=_("port to listen on (default: 8001)"))
    room.add_argument("--nicknames", action="store_true",
                      help=_("let participants give a nickname (shown only while the room is open)"))
    room.add_argument("--max-participants", type=whole_number(1, 500, _("a number of participants")), default=100,
                      metavar="N", help=_("how many may join (default: 100); more see a 'room is full' page"))
    room.add_argument("--theme", default=argparse.SUPPRESS, metavar=_("THEME"), help=_("colour theme, e.g. high-contrast"))


def room_server(room, host: str, port: int):
    """Makes the room's web server; imported only when a room opens (aiohttp is slow to import)."""
    from course.web.room.server import RoomServer

    return RoomServer(room, host, port)


def cmd_room(args: argparse.Namespace) -> int:
    from course.learning.room import Room, room_questions
    from course.network import network_warning
    from course.outputs.common import find_modules

    course = load(args)
    modules = find_modules(course, args.modules) if args.modules else None
    questions = room_questions(course, modules)
    if not questions:
        raise UserError(_("Those lessons have no quiz questions. Choose lessons with a quiz, or leave out --modules."))
    warning = network_warning(args.host, room=True)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    try:
        from course.tui.app import run_app
        from course.tui.screens.room import RoomScreen
    except ImportError as error:
        raise UserError(_("The room needs the interactive course ({error}).").format(error=error)) from None
    room = Room(course, questions, nicknames=args.nicknames, max_participants=args.max_participants)
    return run_app(course, args, room_server=room_server,
                   first_screen=lambda: RoomScreen(room, args.host, args.port, exit_when_closed=True))
