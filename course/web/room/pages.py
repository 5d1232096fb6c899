"""The participant's pages: plain, semantic HTML that works on a 360-pixel phone and without
JavaScript (ordinary forms, a link to check for the next question).

With JavaScript, one small inline script makes the page live: the server pushes the new
`<main>` when the facilitator opens, reveals or ends (server-sent events), and answers are
sent without reloading. Style and script are inline and allowed by their hashes in the
Content-Security-Policy, so the page loads nothing else at all: no file, font or image.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from course.content.model import Course
from course.i18n import _, current_language
from course.learning.room import Participant, Room
from course.outputs.common import lesson_text
from course.outputs.document import lettered, option_letter
from course.outputs.plaintext import KIND_HINTS

STYLE = """
:root { color-scheme: light dark; --text: #111; --back: #fff; --line: #555; --accent: #0b4f8a; --soft: #eef3f8; }
@media (prefers-color-scheme: dark) {
  :root { --text: #f2f2f2; --back: #121212; --line: #aaa; --accent: #9ccaff; --soft: #1f2933; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--back); color: var(--text); font: 1.125rem/1.5 system-ui, sans-serif; }
header, main, footer { max-width: 40rem; margin: 0 auto; padding: 0.75rem 1rem; }
header p { margin: 0; font-weight: bold; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 1.25rem 0 0.5rem; }
fieldset { border: 0; margin: 0; padding: 0; }
legend { font-weight: bold; padding: 0; margin-bottom: 0.5rem; }
.option { display: flex; gap: 0.75rem; align-items: flex-start; min-height: 3rem; margin: 0.5rem 0;
  padding: 0.6rem 0.75rem; border: 2px solid var(--line); border-radius: 0.5rem; }
.option input { width: 1.5rem; height: 1.5rem; margin: 0.1rem 0 0; flex: none; }
.option:has(input:checked) { border-color: var(--accent); background: var(--soft); border-width: 3px; }
button, .button { display: inline-block; min-height: 3rem; padding: 0.6rem 1.25rem; font: inherit; font-weight: bold;
  color: var(--back); background: var(--accent); border: 2px solid var(--accent); border-radius: 0.5rem;
  text-decoration: none; cursor: pointer; }
.quiet { color: var(--accent); background: transparent; }
input[type=text], input[inputmode] { font: inherit; width: 100%; max-width: 16rem; padding: 0.5rem;
  border: 2px solid var(--line); border-radius: 0.4rem; background: var(--back); color: var(--text); }
label { display: block; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 3px; }
.status { font-weight: bold; }
.error { border-left: 0.4rem solid var(--accent); padding-left: 0.75rem; }
.result { border: 2px solid var(--line); border-radius: 0.5rem; padding: 0.6rem 0.75rem; margin: 0.5rem 0; }
.result p { margin: 0.25rem 0; }
.right { border-width: 4px; border-color: var(--accent); }
.code { font-size: 1.5rem; letter-spacing: 0.2em; font-weight: bold; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
footer { font-size: 1rem; border-top: 1px solid var(--line); }
footer form { display: inline; }
"""

SCRIPT = """
(function () {
  var main = document.getElementById("main"), live = document.getElementById("live");
  if (!main || !window.fetch || !window.EventSource || !window.DOMParser) return;
  function show(html, afterAnswer) {
    var page = new DOMParser().parseFromString(html, "text/html"), fresh = page.getElementById("main");
    if (!fresh) return;
    var moved = fresh.getAttribute("data-view") !== main.getAttribute("data-view");
    main.innerHTML = fresh.innerHTML;
    main.setAttribute("data-view", fresh.getAttribute("data-view"));
    document.title = page.title || fresh.getAttribute("data-title") || document.title;
    live.textContent = fresh.getAttribute("data-announce") || "";
    var target = moved ? main.querySelector("h1") : afterAnswer ? main.querySelector(".status") : null;
    if (target) { target.setAttribute("tabindex", "-1"); target.focus(); }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-live")) return;
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
                         headers: { "X-Room-Page": "live" } })
      .then(function (response) { return response.text(); })
      .then(function (html) { show(html, true); })
      .catch(function () { form.submit(); });
  });
  var events = new EventSource(main.getAttribute("data-events"));
  events.onmessage = function (event) { show(event.data, false); };
  events.addEventListener("end", function () { events.close(); });
})();
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = (f"default-src 'none'; style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}; "
                           "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def h(text: object) -> str:
    return escape(str(text), quote=True)


_PLAIN: dict[tuple[int, str], tuple[object, str]] = {}
_PLAIN_MOST = 4096


def plain(course, text: str) -> str:
    """`lesson_text`, remembered: every participant's page shows the same question, and turning
    its Markdown into plain text is most of the cost of a page (60 answers arrive at once)."""
    key = (id(course), text)
    found = _PLAIN.get(key)
    if found is None or found[0] is not course:  # (the course itself is kept, so its id is never reused)
        if len(_PLAIN) >= _PLAIN_MOST:
            _PLAIN.clear()
        found = _PLAIN[key] = (course, lesson_text(course, text))
    return found[1]


def page(title: str, main: str, *, course: Course, live: bool = False, footer: str = "",
         view: str = "", announce: str = "", events: str = "") -> str:
    """A whole page. `live` pages carry the script; `main` is already HTML."""
    script = f"<script>{SCRIPT}</script>" if live else ""
    attributes = f' data-view="{h(view)}" data-announce="{h(announce)}" data-events="{h(events)}"' if live else ""
    return (f'<!doctype html>\n<html lang="{h(current_language())}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{h(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"<header><p>{h(course.title)}</p></header>\n"
            f'<main id="main"{attributes}>\n{main}\n</main>\n'
            f'<div id="live" class="visually-hidden" aria-live="polite"></div>\n'
            f"<footer>{footer}<p>{h(course_notice(course))}"
            f"</p></footer>\n{script}\n</body>\n</html>\n")


def course_notice(course: Course) -> str:
    """The course's own notice and crisis line in one line (course.toml's short_notice), else its
    first crisis line: the words are the course's, so another clinic's course shows its own."""
    if course.short_notice:
        return course.short_notice
    line = course.crisis[0]
    return f"{line.name}: {line.how}"


def message_page(course: Course, heading: str, text: str, link: tuple[str, str] | None = None) -> str:
    """A short page for a refusal or a notice: what happened and what to do."""
    more = f'<p><a href="{h(link[0])}">{h(link[1])}</a></p>' if link else ""
    return page(heading, f"<h1>{h(heading)}</h1>\n<p>{h(text)}</p>\n{more}", course=course)


# ------------------------------------------------------------------ joining


def join_page(room: Room, join_csrf: str, *, code: str = "", wrong: bool = False) -> str:
    """Enter the code (or, arriving from the QR code, just press Join)."""
    title = _("Join the room quiz")
    known = bool(code) and not wrong
    intro = _("Answer the facilitator’s questions on this device. No account and no name are needed.")
    parts = [f"<h1>{h(title)}</h1>",
             f"<p>{h(intro)}</p>",
             '<form method="post" action="/join">',
             f'<input type="hidden" name="csrf" value="{h(join_csrf)}">']
    if known:
        parts.append(f'<input type="hidden" name="code" value="{h(code)}">')
    else:
        described = ' aria-describedby="code-error" aria-invalid="true"' if wrong else ""
        if wrong:
            error = _("That code does not match this room. Check the code on the shared screen.")
            parts.append(f'<p id="code-error" class="error">{h(error)}</p>')
        label = _("Room code (6 digits, on the shared screen)")
        parts.append(f'<label for="code">{h(label)}</label>'
                     f'<input id="code" name="code" inputmode="numeric" autocomplete="off" maxlength="12"'
                     f' required{described}>')
    if room.nicknames:
        label = _("Nickname (optional; shown only in the room)")
        parts.append(f'<p><label for="nickname">{h(label)}</label>'
                     f'<input id="nickname" name="nickname" type="text" maxlength="30" autocomplete="off"></p>')
    join = _("Join")
    parts.append(f'<p><button type="submit">{h(join)}</button></p></form>')
    stored = (_("Nothing about you is kept: only how many people chose each answer.") if not room.nicknames else
              _("Your nickname is shown only while the room is open; afterwards only how many people chose each "
                "answer is kept."))
    parts.append(f"<p>{h(stored)}</p>")
    return page(title, "\n".join(parts), course=room.course)


# ------------------------------------------------------------------ the question


def room_view(room: Room, person: Participant) -> tuple[str, str, str, str]:
    """(title, main HTML, view key, announcement) for what this participant should see now."""
    if room.phase == "lobby":
        heading = _("You are in the room")
        text = _("Waiting for the facilitator to open the first question. It appears here by itself; "
                 "without JavaScript, use the link below.")
        return heading, f"<h1>{h(heading)}</h1>\n<p>{h(text)}</p>\n{_check_link(room)}", "lobby", ""
    if room.phase == "ended":
        heading = _("The quiz has ended")
        text = _("Thank you for taking part. You can close this page.")
        return heading, f"<h1>{h(heading)}</h1>\n<p>{h(text)}</p>", "ended", heading
    item = room.current
    number, total = room.index + 1, len(room.questions)
    heading = _("Question {number} of {total}").format(number=number, total=total)
    if room.is_revealed:
        body = _revealed(room, person)
        announce = _("The answer to question {number} is shown.").format(number=number)
        view = f"revealed-{number}"
    else:
        body = _answer_form(room, person)
        announce = _("Question {number} is open.").format(number=number)
        view = f"open-{number}"
    lesson = _("Lesson {lesson}: {title}").format(lesson=item.lesson, title=item.module.title)
    main = f"<h1>{h(heading)}</h1>\n<p>{h(lesson)}</p>\n{body}"
    return heading, main, view, announce


def _answer_form(room: Room, person: Participant) -> str:
    question = room.current.question
    chosen = room.choice_of(person.token)
    kind = "checkbox" if question.kind == "multiple" else "radio"
    prompt = plain(room.course, question.prompt)
    hint = _(KIND_HINTS[question.kind])
    rows = []
    for index, (letter, option) in enumerate(lettered(question)):
        checked = " checked" if index in chosen else ""
        rows.append(f'<label class="option" for="option-{index}"><input type="{kind}" id="option-{index}" '
                    f'name="option" value="{index}"{checked}> <span>{h(letter)}. '
                    f'{h(plain(room.course, option.text))}</span></label>')
    if chosen:
        status = _("Your answer: {letters}. You can change it until the facilitator reveals the answer.").format(
            letters=", ".join(option_letter(i) for i in sorted(chosen)))
        send = _("Change my answer")
    else:
        status = _("You have not answered yet.")
        send = _("Send my answer")
    return (f'<form method="post" action="/r/{h(room.code)}/answer" data-live>\n'
            f'<input type="hidden" name="csrf" value="{h(person.csrf)}">\n'
            f'<input type="hidden" name="question" value="{room.index + 1}">\n'
            f"<fieldset><legend>{h(prompt)} <span>({h(hint)})</span></legend>\n"
            + "\n".join(rows) + "\n</fieldset>\n"
            f'<p><button type="submit">{h(send)}</button></p>\n</form>\n'
            f'<p class="status" role="status">{h(status)}</p>\n{_check_link(room)}')


def _revealed(room: Room, person: Participant) -> str:
    question = room.current.question
    course = room.course
    chosen = room.choice_of(person.token)
    parts = [f"<p><strong>{h(plain(course, question.prompt))}</strong></p>"]
    if chosen:
        right = chosen == question.correct_indexes
        verdict = _("Your answer was right.") if right else _("Your answer was not right this time.")
        parts.append(f'<p class="status" role="status">{h(verdict)}</p>')
    else:
        unanswered = _("You did not answer this one.")
        parts.append(f'<p class="status" role="status">{h(unanswered)}</p>')
    each_option, you_chose, why = _("Each option"), _("you chose this"), _("Why")
    parts.append(f"<h2>{h(each_option)}</h2>")
    for index, (letter, option) in enumerate(lettered(question)):
        mark = _("✓ Right answer") if option.correct else _("✗ Not right")
        mine = f" · {h(you_chose)}" if index in chosen else ""
        css = "result right" if option.correct else "result"
        parts.append(f'<div class="{css}"><p><strong>{h(letter)}. {h(plain(course, option.text))}</strong></p>'
                     f"<p>{h(mark)}{mine}</p><p>{h(plain(course, option.feedback))}</p></div>")
    parts.append(f"<h2>{h(why)}</h2>\n<p>{h(plain(course, question.explanation))}</p>")
    parts.append(_check_link(room))
    return "\n".join(parts)


def _check_link(room: Room) -> str:
    words = _("Check for the next question")
    return f'<p><a class="button quiet" href="/r/{h(room.code)}/">{h(words)}</a></p>'


def room_page(room: Room, person: Participant) -> str:
    title, main, view, announce = room_view(room, person)
    words = _("Leave the room")
    leave = (f'<form method="post" action="/r/{h(room.code)}/leave"><input type="hidden" name="csrf" '
             f'value="{h(person.csrf)}"><button class="quiet" type="submit">{h(words)}</button></form>')
    return page(title, main, course=room.course, live=True, view=view, announce=announce,
                events=f"/r/{room.code}/events?since={room.version}", footer=leave if room.phase != "ended" else "")


def main_fragment(room: Room, person: Participant) -> str:
    """What a live page swaps in: the page itself (the script takes its <main> and title)."""
    return room_page(room, person)
