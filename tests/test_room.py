"""The room quiz: its state (course.learning.room), its summary (course.outputs.room_summary) and
its web server (course.web.room), every bad request refused with the room unaffected.

The end-to-end test in real browsers with the facilitator's app is tests/test_room_browser.py.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import socket
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from course.content.loader import load_course
from course.learning.room import Refusal, Room, room_questions
from course.outputs import room_summary
from course.web.room import pages
from course.web.room.server import MAX_BODY, RoomServer

FIXTURE = Path(__file__).parent / "fixtures" / "valid"


@pytest.fixture(scope="module")
def course():
    return load_course(FIXTURE)


def new_room(course, **options) -> Room:
    return Room(course, room_questions(course), **options)


def right_and_wrong(room: Room, index: int | None = None) -> tuple[list[int], list[int]]:
    question = room.questions[room.index if index is None else index].question
    right = sorted(question.correct_indexes)
    wrong = [next(i for i in range(len(question.options)) if i not in question.correct_indexes)]
    return right, wrong


# --- the room's state ----------------------------------------------------------------------------

def test_a_room_has_a_six_digit_code_and_every_participant_a_random_token(course):
    room = new_room(course)
    assert re.fullmatch(r"\d{6}", room.code)
    people = [room.join() for _ in range(20)]
    assert len({p.token for p in people}) == 20 and len({p.csrf for p in people}) == 20
    assert all(len(p.token) >= 32 for p in people)


def test_answers_count_once_per_participant_and_can_change_until_the_reveal(course):
    room = new_room(course)
    ana, ben = room.join(), room.join()
    with pytest.raises(Refusal, match="not_open"):  # the lobby: nothing to answer yet
        room.answer(ana.token, 1, [0])
    room.step(1)
    right, wrong = right_and_wrong(room)
    room.answer(ana.token, 1, wrong)
    room.answer(ana.token, 1, right)  # changed her mind: replaced, not added
    room.answer(ben.token, 1, wrong)
    assert room.answered() == 2
    assert sum(room.counts()) == len(right) + 1
    assert room.choice_of(ana.token) == frozenset(right)
    room.reveal()
    with pytest.raises(Refusal, match="revealed"):
        room.answer(ben.token, 1, right)
    assert room.right(0) == 1


@pytest.mark.parametrize(("number", "options", "reason"), [
    (99, [0], "unknown_question"), (0, [0], "unknown_question"), (2, [0], "not_open"),
    (1, [], "bad_choice"), (1, [7], "bad_choice"), (1, [-1], "bad_choice"), (1, [0, 0], "bad_choice"),
])
def test_answers_that_do_not_fit_the_open_question_are_refused(course, number, options, reason):
    room = new_room(course)
    person = room.join()
    room.step(1)
    with pytest.raises(Refusal, match=reason):
        room.answer(person.token, number, options)
    assert room.answered() == 0


def test_one_answer_only_for_a_choose_one_question_and_none_from_a_stranger(course):
    room = new_room(course)
    person = room.join()
    room.step(1)
    assert room.current.question.kind != "multiple"
    with pytest.raises(Refusal, match="bad_choice"):
        room.answer(person.token, 1, [0, 1])
    with pytest.raises(Refusal, match="not_joined"):
        room.answer("forged", 1, [0])


def test_a_full_room_turns_people_away(course):
    room = new_room(course, max_participants=2)
    room.join(), room.join()
    with pytest.raises(Refusal, match="full"):
        room.join()


def test_nicknames_only_when_turned_on(course):
    assert new_room(course).join("Ana").nickname == ""
    assert new_room(course, nicknames=True).join("  Ana \n Maria " + "x" * 50).nickname.startswith("Ana Maria x")
    assert len(new_room(course, nicknames=True).join("y" * 99).nickname) == 30


def test_the_summary_keeps_counts_and_closing_forgets_everyone(course):
    room = new_room(course)
    people = [room.join() for _ in range(4)]
    room.step(1)
    right, wrong = right_and_wrong(room)
    for person in people[:3]:
        room.answer(person.token, 1, wrong)
    room.answer(people[3].token, 1, right)
    room.reveal()
    room.step(1)
    right2, _ = right_and_wrong(room)
    for person in people:
        room.answer(person.token, 2, right2)
    summary = room.close()
    assert not room.participants and not room.answers
    first, second = summary.questions[:2]
    assert (first.answered, first.right, second.answered, second.right) == (4, 1, 4, 4)
    assert first.share_right == 0.25
    assert [q.question_id for q in summary.most_missed()] == [first.question_id]
    assert summary.participants == 4
    assert room.summary() == summary, "the summary outlives the room"
    with pytest.raises(Refusal, match="closed"):
        room.join()


# --- the summary files ---------------------------------------------------------------------------

def closed_room(course, right_answers: int, wrong_answers: int):
    """A room whose first question got that many right and wrong answers, then closed."""
    room = new_room(course)
    room.step(1)
    right, wrong = right_and_wrong(room)
    for choice in [right] * right_answers + [wrong] * wrong_answers:
        room.answer(room.join().token, 1, choice)
    return room, room.close()


def test_summary_markdown_and_csv_and_report_reads_the_csv_back(course, tmp_path):
    _, summary = closed_room(course, right_answers=1, wrong_answers=2)
    files = room_summary.summary_files(summary)
    markdown, text = (files[name] for name in sorted(files, key=lambda n: not n.endswith(".md")))
    assert "## Most missed" in markdown and "1 of 3 right (33%)" in markdown
    assert "2 of 3 (67%)" in markdown  # the wrong option's bar, in numbers
    assert "█" in markdown and "·" in markdown
    path = tmp_path / "room.csv"
    path.write_text(text, encoding="utf-8")
    assert room_summary.is_summary_csv(path)
    back = room_summary.read_summary_csv(path)
    assert back.questions == tuple(q.__class__(**{**q.__dict__, "kind": ""}) for q in summary.questions)
    assert back.participants == 3


def test_a_formula_in_a_question_never_runs_in_a_spreadsheet():
    assert room_summary._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert room_summary._uncell("'=HYPERLINK(1)") == "=HYPERLINK(1)"


# --- the web server ------------------------------------------------------------------------------

class Browser:
    """One participant's browser: its cookies, and the Origin a browser sends with a form."""

    def __init__(self, client: TestClient, room: Room) -> None:
        self.client, self.room = client, room
        self.origin = f"http://{client.host}:{client.port}"

    async def join(self) -> None:
        page = await (await self.client.get(f"/?code={self.room.code}")).text()
        response = await self.post("/join", {"csrf": _csrf(page), "code": self.room.code})
        assert response.status == 200 and "room-token" in str(self.client.session.cookie_jar.filter_cookies(
            self.client.make_url("/")))

    async def page(self) -> str:
        return await (await self.client.get(f"/r/{self.room.code}/")).text()

    async def post(self, path: str, data, **headers):
        headers = {"Origin": self.origin, **headers}
        return await self.client.post(path, data=data, headers={k: v for k, v in headers.items() if v is not None})

    async def answer(self, options: list[int], number: int | None = None, **headers):
        page = await self.page()
        number = number or int(re.search(r'name="question" value="(\d+)"', page).group(1))
        return await self.post(f"/r/{self.room.code}/answer",
                               {"csrf": _csrf(page), "question": str(number), "option": [str(o) for o in options]},
                               **headers)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.fixture
async def served(course):
    room = new_room(course, max_participants=5)
    server = RoomServer(room)
    async with TestClient(TestServer(server.make_app())) as client:
        yield room, server, client


async def test_join_answer_and_change_it(served):
    room, server, client = served
    person = Browser(client, room)
    await person.join()
    assert "Waiting for the facilitator" in await person.page()
    room.step(1)
    right, wrong = right_and_wrong(room)
    response = await person.answer(wrong)
    assert response.status == 200 and "Your answer:" in await response.text()
    await person.answer(right)
    assert room.answered() == 1 and room.counts()[right[0]] == 1
    room.reveal()
    page = await person.page()
    assert "Your answer was right." in page and "✓ Right answer" in page and "Why" in page


async def test_every_page_has_a_strict_content_security_policy(served):
    room, _, client = served
    response = await client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = await response.text()
    assert not re.search(r'(src|href)="(https?:)?//', page), "nothing is loaded from anywhere"
    missing = await client.get("/no/such/page")
    assert missing.status == 404 and "Content-Security-Policy" in missing.headers


async def _room_is_unaffected(room: Room, person: Browser, answered: int) -> None:
    """After a refused request the room carries on: same count, and a real answer still works."""
    assert room.answered() == answered
    if room.phase == "open":
        response = await person.answer(right_and_wrong(room)[0])
        assert response.status == 200


@pytest.mark.parametrize("attack", ["wrong code", "forged token", "missing token", "missing origin",
                                    "other origin", "huge body", "unknown question", "stale question",
                                    "not a number", "forged csrf", "rebinding host"])
async def test_bad_requests_are_refused_cleanly_and_the_room_carries_on(served, attack, caplog):
    room, server, client = served
    person = Browser(client, room)
    await person.join()
    room.step(1)
    page = await person.page()
    form = {"csrf": _csrf(page), "question": "1", "option": "0"}
    path = f"/r/{room.code}/answer"
    if attack == "wrong code":
        wrong = f"{(int(room.code) + 1) % 10 ** 6:06d}"
        response = await person.post(f"/r/{wrong}/answer", form)
    elif attack == "forged token":
        client.session.cookie_jar.clear()
        client.session.cookie_jar.update_cookies({"room-token": "A" * 32}, response_url=client.make_url("/"))
        response = await person.post(path, form)
    elif attack == "missing token":
        client.session.cookie_jar.clear()
        response = await person.post(path, form)
    elif attack == "missing origin":
        response = await person.post(path, form, Origin=None)
    elif attack == "other origin":
        response = await person.post(path, form, Origin="http://evil.example")
    elif attack == "huge body":
        response = await person.post(path, {**form, "padding": "x" * (MAX_BODY * 50)})
    elif attack == "unknown question":
        response = await person.post(path, {**form, "question": "999"})
    elif attack == "stale question":
        response = await person.post(path, {**form, "question": "2"})
    elif attack == "not a number":
        response = await person.post(path, {**form, "option": "A'; DROP"})
    elif attack == "forged csrf":
        response = await person.post(path, {**form, "csrf": "x" * 32})
    else:
        response = await person.post(path, form, Host="evil.example")
    assert 400 <= response.status < 500, response.status
    text = await response.text()
    assert "Traceback" not in text and len(text) < 8000
    assert "<h1>" in text, "a short page that says what happened"
    assert room.answered() == 0
    assert not [r for r in caplog.records if r.exc_info], "no traceback in the log"
    if attack in ("missing token", "forged token"):
        return  # this browser is no longer in the room
    await _room_is_unaffected(room, person, 0)


async def test_a_second_vote_replaces_the_first(served):
    room, _, client = served
    person = Browser(client, room)
    await person.join()
    room.step(1)
    right, wrong = right_and_wrong(room)
    page = await person.page()
    form = {"csrf": _csrf(page), "question": "1", "option": str(wrong[0])}
    for _ in range(3):  # the same form sent again and again (a double tap, a replay)
        assert (await person.post(f"/r/{room.code}/answer", form)).status == 200
    assert room.answered() == 1 and sum(room.counts()) == 1


async def test_an_answer_after_the_reveal_is_refused(served):
    room, _, client = served
    person = Browser(client, room)
    await person.join()
    room.step(1)
    page = await person.page()
    room.reveal()
    response = await person.post(f"/r/{room.code}/answer", {"csrf": _csrf(page), "question": "1", "option": "0"})
    assert response.status == 409 and "Answers are closed" in await response.text()
    assert room.answered() == 0


async def test_a_full_room_shows_a_clear_page(served):
    room, server, client = served
    for _ in range(room.max_participants):
        room.join()
    response = await client.get(f"/?code={room.code}")
    assert response.status == 503 and "This room is full" in await response.text()


async def test_guessing_codes_is_slowed_down(served):
    room, _, client = served
    statuses = []
    for guess in range(30):
        response = await client.get(f"/r/{(int(room.code) + 1 + guess) % 10 ** 6:06d}/")
        statuses.append(response.status)
    assert statuses[0] == 404 and statuses[-1] == 429
    response = await client.get(f"/r/{room.code}/")  # even the right code waits now, from that address
    assert response.status == 429 and "Retry-After" in response.headers


async def test_joining_needs_the_form_from_the_room_page(served):
    room, _, client = served
    origin = f"http://{client.host}:{client.port}"
    no_form = await client.post("/join", data={"code": room.code, "csrf": "made-up"}, headers={"Origin": origin})
    assert no_form.status == 403 and not room.participants


async def test_the_live_stream_sends_the_new_page_when_the_room_moves_on(served):
    room, server, client = served
    person = Browser(client, room)
    await person.join()
    stream = await client.get(f"/r/{room.code}/events")
    assert stream.headers["Content-Type"] == "text/event-stream"
    room.step(1)
    chunk = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 5)
    assert b"data: " in chunk and b"Question 1 of" in chunk
    room.finish()
    rest = await asyncio.wait_for(stream.content.read(), 5)
    assert b"The quiz has ended" in rest and b"event: end" in rest


async def test_a_malformed_request_is_one_line_in_the_log_never_a_traceback(course):
    room = new_room(course)
    server = RoomServer(room, "127.0.0.1", 0)
    await server.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"GET /\x00\x01 HTTP/1.1\r\nHost: x\r\n" + b"X-Long: " + b"y" * 10_000 + b"\r\n\r\n")
        await writer.drain()
        reply = await asyncio.wait_for(reader.read(), 5)
        writer.close()
    finally:
        await server.stop()
    assert re.match(rb"HTTP/1\.[01] 400 ", reply)
    assert server.problems, "the problem was logged"
    assert all("\n" not in line and "Traceback" not in line for line in server.problems)


def test_the_page_is_plain_semantic_html(course):
    assert 'lang="en"' in pages.page("T", "<h1>T</h1>", course=course)
    assert "<main" in pages.page("T", "", course=course) and 'name="viewport"' in pages.page("T", "", course=course)


def test_the_pages_footer_has_the_courses_own_notice_and_crisis_line(course):
    """Another clinic's course shows its own words (course.toml's short_notice), never ours."""
    assert course.short_notice == ""  # the fixture has none: its first crisis line stands in
    assert "988 Suicide &amp; Crisis Lifeline (US): Call or text 988." in pages.page("T", "", course=course)
    own = dataclasses.replace(course, short_notice="Not medical advice. Emergencies: call 112.")
    footer = pages.page("T", "", course=own)
    assert "Emergencies: call 112." in footer and "988" not in footer

async def test_a_busy_port_is_an_oserror_for_the_caller(course):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = RoomServer(new_room(course), "127.0.0.1", taken.getsockname()[1])
        with pytest.raises(OSError):
            await server.start()


def test_report_adds_a_room_summary_to_the_group_report(course, tmp_path, capsys):
    from course import cli

    _, summary = closed_room(course, right_answers=1, wrong_answers=1)
    path = tmp_path / "room-quiz.csv"
    path.write_text(room_summary.summary_csv(summary), encoding="utf-8")
    assert cli.main(["--lessons", str(FIXTURE), "report", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Room quiz on" in out and "room-quiz.csv" in out and "1 of 2 right (50%)" in out
    assert summary.questions[0].prompt.split()[0] in out


def test_the_load_benchmark_runs_on_a_tiny_room():
    """benchmarks/room_bench.py's harness works (a real app and server, three participants);
    no timing is asserted here: docs/performance.md has the figures."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "benchmarks/room_bench.py", "--participants", "3", "--questions", "2",
                           "--think", "0"], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr  # 1: over budget on a busy machine, still a report
    assert "Room quiz: 3 participants, 2 questions, 6 answers (0 requests refused)" in done.stdout, done.stdout
    assert "answer acknowledged, p95" in done.stdout and "peak memory" in done.stdout


@pytest.fixture
def no_app(monkeypatch):
    """`room` as far as starting the app: record what it would run."""
    ran = []
    monkeypatch.setattr("course.tui.app.run_app", lambda course, args, **kwargs: ran.append(kwargs) or 0)
    return ran


def test_the_room_command_on_this_computer(no_app, capsys):
    from course import cli

    assert cli.main(["--lessons", str(FIXTURE), "room", "--modules", "2", "--nicknames"]) == 0
    (started,) = no_app
    screen = started["first_screen"]()
    assert (screen.host, screen.port, screen.exit_when_closed) == ("127.0.0.1", 8001, True)
    assert screen.room.nicknames and {q.lesson for q in screen.room.questions} == {2}
    assert "Warning" not in capsys.readouterr().err
    server = started["room_server"](screen.room, "127.0.0.1", 0)
    assert type(server).__name__ == "RoomServer"


def test_the_room_command_on_a_network_warns_first(no_app, capsys):
    from course import cli

    assert cli.main(["--lessons", str(FIXTURE), "room", "--host", "0.0.0.0", "--max-participants", "3"]) == 0
    assert capsys.readouterr().err.startswith("Warning: the room will listen on every network address")
    assert no_app[0]["first_screen"]().room.max_participants == 3


@pytest.mark.parametrize(("argv", "message"), [
    (["--modules", "9"], "No lesson called '9'"),
    (["--port", "0"], "is not a port number"),
])
def test_the_room_command_explains_a_mistake(no_app, capsys, argv, message):
    from course import cli

    try:
        code = cli.main(["--lessons", str(FIXTURE), "room", *argv])
    except SystemExit as exit_:
        code = exit_.code
    assert code != 0 and not no_app
    assert message in capsys.readouterr().err


def test_a_guest_of_a_served_course_cannot_open_a_room(no_app):
    """A visitor of `serve --host` must not open a port on the computer serving the course."""
    from course import cli

    assert cli.main(["--lessons", str(FIXTURE), "run", "--guest"]) == 0
    assert cli.main(["--lessons", str(FIXTURE), "run"]) == 0
    assert no_app[0]["room_server"] is None and no_app[1]["room_server"] is not None


async def test_one_participant_cannot_flood_the_room(served):
    room, _, client = served
    person = Browser(client, room)
    await person.join()
    statuses = [(await client.get(f"/r/{room.code}/")).status for _ in range(40)]
    assert statuses[0] == 200 and statuses[-1] == 429
    assert len(room.participants) == 1


async def test_a_device_that_joins_again_stays_one_participant_with_its_answer(served):
    """Back at the join address (the QR code scanned again, the address typed again) and the
    code sent again: the device was a second participant, counted twice, its answer forgotten
    on its page but still counted, and it could answer a second time."""
    room, _, client = served
    person = Browser(client, room)
    await person.join()
    room.step(1)
    right, wrong = right_and_wrong(room)
    await person.answer(wrong)
    plain = await client.get("/", allow_redirects=False)  # the address alone, typed again
    assert plain.status == 303 and plain.headers["Location"] == f"/r/{room.code}/"
    page = await (await client.get(f"/?code={room.code}")).text()
    assert "Your answer:" in page, "already in: back to the question"
    join_page = await (await client.get("/?code=000000")).text()  # a join form all the same (wrong code)
    response = await person.post("/join", {"csrf": _csrf(join_page), "code": room.code})
    assert response.status == 200 and "Your answer:" in await response.text()
    await person.answer(right)
    assert len(room.participants) == 1 and room.answered() == 1 and sum(room.counts()) == 1
