"""The room quiz under load: 60 participants answering at once, on this machine.

    python benchmarks/room_bench.py                  # 60 participants, 5 questions
    python benchmarks/room_bench.py --participants 100 --questions 3

Two processes, as in a real session: the facilitator's app (the real app, headless, with the
room's real server inside it) and the participants (another process, each participant its
own connection from its own loopback address 127.0.0.N, as phones would be, with a live
stream open like the page's script). Per question:

1. the facilitator presses Enter; the time until every device has the question (pushed by
   server-sent events) is measured;
2. after a moment to read (--think), all participants send their answer at the same moment; each answer is timed from sending
   to the page that acknowledges it (the redirect followed, as the page's fetch does);
3. the facilitator's process notes when its screen shows "Answered: N of N"; the time from
   the last answer sent to that moment is the facilitator's delay (both clocks are the
   machine's monotonic clock);
4. Enter reveals; Enter goes on.

At the end, the facilitator's process reports its peak memory (VmHWM). The budget (issue 12):
answers acknowledged p95 <= 200 ms, the facilitator's screen updated within 1 s, the room's
process <= 150 MB. Only loopback addresses are used; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.stats import percentile  # noqa: E402

BUDGET_ACK_P95 = 0.200
BUDGET_SCREEN = 1.0
BUDGET_MB = 150
TIMEOUT = 30  # seconds any one step may take before the run is abandoned


# ------------------------------------------------------------------ the facilitator's process


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def facilitate(port: int, questions: int) -> None:
    """Run the app with the room, obeying one command per line on stdin; report on stdout."""
    from course.content.loader import load_course
    from course.learning.room import Room, room_questions
    from course.paths import default_lessons_dir
    from course.tui.app import CourseApp
    from course.tui.guest import GuestStore
    from course.tui.screens.room import RoomScreen
    from course.web.room.server import RoomServer

    course = load_course(default_lessons_dir())
    room = Room(course, room_questions(course)[:questions], max_participants=200)
    app = CourseApp(course, GuestStore(), room_server=RoomServer,
                    first_screen=lambda: RoomScreen(room, "127.0.0.1", port, exit_when_closed=True))

    def say(**message) -> None:
        print(json.dumps(message), flush=True)

    loop = asyncio.get_running_loop()
    commands: asyncio.Queue[str] = asyncio.Queue()
    loop.add_reader(sys.stdin.fileno(), lambda: commands.put_nowait(sys.stdin.readline().strip()))
    async with app.run_test(size=(100, 30)) as pilot:
        while app.screen.server is None:
            await pilot.pause(0.05)
        say(code=room.code, port=app.screen.server.port)
        count = app.screen.query_one("#room-count")
        while True:
            command = await commands.get()
            if command == "enter":
                await pilot.press("enter")
                say(pressed=time.monotonic())
            elif command.startswith("watch "):  # until the screen shows everyone's answer
                people = int(command.split()[1])
                wanted = f"Answered: {people} of {people}"
                deadline = time.monotonic() + TIMEOUT
                while wanted not in str(count.render()) and time.monotonic() < deadline:
                    await asyncio.sleep(0.005)
                say(seen=time.monotonic(), shown=str(count.render()))
            elif command == "stats":
                say(peak_mb=peak_mb(), refused=app.screen.server.refused)
            else:
                await app.screen._stop_server()
                break
    loop.remove_reader(sys.stdin.fileno())


# ------------------------------------------------------------------ the participants


class Participant:
    def __init__(self, number: int, port: int) -> None:
        import aiohttp

        self.base = f"http://127.0.0.1:{port}"
        connector = aiohttp.TCPConnector(local_addr=(f"127.0.0.{number + 2}", 0), limit=4)
        self.session = aiohttp.ClientSession(self.base, connector=connector, headers={"Origin": self.base},
                                             cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.page = ""
        self.seen: dict[int, float] = {}  # question number -> when its page arrived by the live stream
        self.stream: asyncio.Task | None = None

    async def join(self, code: str) -> None:
        form = await (await self.session.get(f"/?code={code}")).text()
        async with self.session.post("/join", data={"csrf": _field(form, "csrf"), "code": code}) as response:
            self.page = await response.text()
        assert "You are in the room" in self.page, self.page[:300]
        self.stream = asyncio.create_task(self._listen(code))

    async def _listen(self, code: str) -> None:
        async with self.session.get(f"/r/{code}/events", timeout=None) as response:
            event: list[str] = []
            async for raw in response.content:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    event.append(line[6:])
                elif not line and event:
                    page, event = "\n".join(event), []
                    found = re.search(r"Question (\d+) of", page)
                    if found and 'name="question"' in page:
                        self.page = page
                        self.seen.setdefault(int(found.group(1)), time.monotonic())

    async def answer(self, code: str, rng: random.Random) -> tuple[float, float]:
        """(sent, acknowledged) monotonic times."""
        number = int(_field(self.page, "question"))
        options = len(re.findall(r'name="option"', self.page))
        sent = time.monotonic()
        async with self.session.post(f"/r/{code}/answer", headers={"X-Room-Page": "live"}, data={  # as the page's script
                "csrf": _field(self.page, "csrf"), "question": str(number), "option": str(rng.randrange(options))}) as reply:
            text = await reply.text()
        acknowledged = time.monotonic()
        assert reply.status == 200 and "Your answer:" in text, (reply.status, text[:300])
        return sent, acknowledged

    async def close(self) -> None:
        if self.stream:
            self.stream.cancel()
        await self.session.close()


def _field(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


async def run(participants: int, questions: int, seed: int, think: float = 2.0) -> dict:
    import os
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = await asyncio.create_subprocess_exec(
        sys.executable, *(["-m", "cProfile", "-o", os.environ["ROOM_PROFILE"]] if os.environ.get("ROOM_PROFILE") else []), __file__, "--facilitate", str(port), "--questions", str(questions),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)})

    async def tell(command: str, reply: bool = True) -> dict:
        server.stdin.write(f"{command}\n".encode())
        await server.stdin.drain()
        return json.loads(await asyncio.wait_for(server.stdout.readline(), TIMEOUT)) if reply else {}

    people: list[Participant] = []
    try:
        started = json.loads(await asyncio.wait_for(server.stdout.readline(), TIMEOUT))
        code = started["code"]
        people = [Participant(n, port) for n in range(participants)]
        await asyncio.gather(*(person.join(code) for person in people))
        await asyncio.sleep(0.5)  # every stream open
        rng = random.Random(seed)
        acks: list[float] = []
        pushes: list[float] = []
        screen: list[float] = []
        for number in range(1, questions + 1):
            pressed = time.monotonic()
            await tell("enter")  # open the question
            deadline = time.monotonic() + TIMEOUT
            while not all(number in person.seen for person in people):
                assert time.monotonic() < deadline, f"question {number} did not reach every device"
                await asyncio.sleep(0.01)
            pushes += [person.seen[number] - pressed for person in people]
            await asyncio.sleep(think)  # people read the question before they answer
            times = await asyncio.gather(*(person.answer(code, rng) for person in people))  # all at once
            acks += [done - sent for sent, done in times]
            seen = await tell(f"watch {participants}")
            assert f"{participants} of {participants}" in seen["shown"], seen
            screen.append(seen["seen"] - max(sent for sent, _ in times))
            await tell("enter")  # reveal
        stats = await tell("stats")
        await tell("quit", reply=False)
        await asyncio.wait_for(server.wait(), TIMEOUT)
    finally:
        for person in people:
            await person.close()
        if server.returncode is None:
            server.kill()
        await server.wait()
    return {"participants": participants, "questions": questions, "answers": len(acks),
            "ack_p50": percentile(acks, 0.5), "ack_p95": percentile(acks, 0.95), "ack_max": max(acks),
            "push_p95": percentile(pushes, 0.95), "push_max": max(pushes),
            "screen_max": max(screen), "screen_median": percentile(screen, 0.5),
            "peak_mb": stats["peak_mb"], "refused": stats["refused"]}


def report(result: dict) -> str:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    rows = [
        ("answer acknowledged, p95", ms(result["ack_p95"]), f"<= {ms(BUDGET_ACK_P95)}", result["ack_p95"] <= BUDGET_ACK_P95),
        ("answer acknowledged, median / max", f"{ms(result['ack_p50'])} / {ms(result['ack_max'])}", "", None),
        ("facilitator's screen shows every answer, worst question", ms(result["screen_max"]),
         f"<= {ms(BUDGET_SCREEN)}", result["screen_max"] <= BUDGET_SCREEN),
        ("question reaches every device (live stream), p95 / max",
         f"{ms(result['push_p95'])} / {ms(result['push_max'])}", "", None),
        ("room's process, peak memory", f"{result['peak_mb']:.0f} MB", f"<= {BUDGET_MB} MB",
         result["peak_mb"] <= BUDGET_MB),
    ]
    lines = [f"Room quiz: {result['participants']} participants, {result['questions']} questions, "
             f"{result['answers']} answers ({result['refused']} requests refused)", "",
             "| measure | result | budget | within |", "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {value} | {budget} | {'' if ok is None else ('yes' if ok else 'NO')} |"
              for name, value, budget, ok in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, default=2.0, metavar="SECONDS",
                        help="time to read a question before everyone answers at once (default 2)")
    parser.add_argument("--facilitate", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.facilitate is not None:
        asyncio.run(facilitate(args.facilitate, args.questions))
        return 0
    if not 1 <= args.participants <= 250:
        parser.error("--participants must be 1 to 250 (one loopback address each)")
    result = asyncio.run(run(args.participants, args.questions, args.seed, args.think))
    print(report(result))
    within = result["ack_p95"] <= BUDGET_ACK_P95 and result["screen_max"] <= BUDGET_SCREEN \
        and result["peak_mb"] <= BUDGET_MB
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
