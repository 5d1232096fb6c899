"""The course as a small static web site: an accessible edition for screen readers, browsers
and clinics that must publish accessible web content (`ketamine-course export site DIR`).

One page per lesson and an index, in plain semantic HTML: a language, a title, a skip link,
landmarks (header, navigation, main, footer), headings in order, lists as lists. Every page
carries the notice and the crisis lines. The self-check questions need no JavaScript: each
answer's feedback is in a disclosure (`<details>`) the reader opens. Nothing is loaded from
anywhere (no scripts, fonts or images; the style is in each page), links are relative, so the
folder works from a USB stick with no server, and it prints cleanly. Nothing about a learner
is in it: no progress, no questions of their own.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.content.markup import cite
from course.content.model import Course, Module, Question
from course.errors import UserError
from course.i18n import _, ngettext
from course.learning.overview import audiences_text
from course.learning.shown import in_print_order
from course.outputs.common import long_date
from course.outputs.document import option_letter
from course.outputs.plaintext import ABOUT_HEADING, KIND_HINTS, course_credits

INDEX = "index.html"
CURRENT = ' aria-current="page"'

CSS = """\
:root { color: #111; background: #fff; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 1.2rem; line-height: 1.55;
       max-width: 40em; margin: 0 auto; padding: 0 1em 2em; overflow-wrap: break-word; }
a { overflow-wrap: anywhere; }  /* a long address in the sources wraps on a phone */
a { color: #0b4fa8; text-decoration: underline; text-underline-offset: .15em; }
a:visited { color: #5b2a86; }
a:focus-visible, summary:focus-visible, main:focus-visible { outline: 3px solid #111; outline-offset: 3px; }
.skip { position: absolute; left: -10000px; top: 0; }
.skip:focus { position: static; display: inline-block; margin: .5em 0; padding: .3em .6em; background: #fff; }
header { border-bottom: 2px solid #111; padding: .6em 0; }
header .site { font-weight: bold; font-size: 1.1em; margin: .2em 0; }
header .notice, header .crisis { margin: .3em 0; font-size: .95em; }
nav ul { list-style: none; padding: 0; margin: .4em 0; display: flex; flex-wrap: wrap; gap: .2em 1.2em; }
nav li { margin: 0; }
h1 { font-size: 1.7em; line-height: 1.2; margin: .8em 0 .3em; }
h2 { font-size: 1.3em; margin: 1.6em 0 .4em; border-bottom: 1px solid #111; }
h3 { font-size: 1.1em; margin: 1.2em 0 .3em; }
p, li { margin: .35em 0; }
ul, ol { padding-left: 1.4em; }
.meta { color: #333; }
.help-now { border: 2px solid #111; padding: .2em 1em .6em; margin: 2em 0 1em; }
.help-now h2 { border: none; margin-top: .6em; }
.question { border-top: 1px solid #777; margin: 1.2em 0; padding-top: .2em; }
.options { list-style: none; padding-left: 0; }
details { margin: .3em 0; }
summary { cursor: pointer; }
details > p { margin: .3em 0 .6em 1.3em; }
.verdict { font-weight: bold; }
.pager { border-top: 2px solid #111; margin-top: 2em; padding-top: .6em; }
footer { margin-top: 2em; font-size: .95em; }
@media print {
  body { font-size: 12pt; max-width: none; padding: 0; }
  .skip, nav { display: none; }
  details > * { display: block; }
  details::details-content { content-visibility: visible; display: contents; }
  summary { list-style: none; }
  h2, h3 { break-after: avoid; }
  .question, li, .help-now { break-inside: avoid; }
  a { color: #000; }
}
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def lesson_file(course: Course, module: Module) -> str:
    """The page's file name: lesson-3-treatment-journey.html (a name, not words: never translated)."""
    name = "-".join(("lesson", str(course.position(module)), module.id))
    return f"{name}.html"


@dataclass(frozen=True)
class Page:
    name: str  # the file name
    title: str  # the page's own title (the course title is added)
    main: str  # the main content's HTML
    skip: str  # the skip link's words
    pager: str = ""  # previous / next links after the content


# ------------------------------------------------------------------ Markdown


@cache
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})  # an author's raw HTML is shown as text, never run


def markdown_html(text: str, course: Course, heading_level: int = 3) -> str:
    """A lesson's Markdown as HTML, citations linked to the page's sources, its headings placed
    under the page's own (a `#` becomes `heading_level`)."""
    md = _markdown()
    tokens = md.parse(cite(text, course, link="#source-{id}"))
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + heading_level - 1)}"
    return md.renderer.render(tokens, md.options, {})


# ------------------------------------------------------------------ the frame of every page


def page_html(course: Course, page: Page, lesson_links: list[tuple[str, str]]) -> str:
    crisis = course.crisis[0]
    title = course.title if page.name == INDEX else f"{page.title} · {course.title}"
    links = [(INDEX, _("Contents"))] + lesson_links
    nav = "\n".join(f'<li><a href="{esc(href)}"{CURRENT if href == page.name else ""}>{esc(words)}</a></li>'
                    for href, words in links)
    edition = _("{title}, version {version}, last reviewed {date}. This web edition has no scripts, sends "
                "nothing anywhere and keeps no record of what you read.").format(
        title=course.title, version=course.version, date=long_date(course.reviewed))
    crisis_items = "\n".join(f"<li><strong>{esc(line.name)}:</strong> {esc(line.how)}</li>" for line in course.crisis)
    note, in_crisis, every_line = _("Please note:"), _("In crisis?"), _("Every crisis line")
    lessons, help_now = _("Lessons"), _("If you need help now")
    return f"""<!DOCTYPE html>
<html lang="{esc(course.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>
{CSS}</style>
</head>
<body>
<a class="skip" href="#main">{esc(page.skip)}</a>
<header>
<p class="site"><a href="{INDEX}">{esc(course.title)}</a></p>
<p class="notice"><strong>{esc(note)}</strong> {esc(course.disclaimer)}</p>
<p class="crisis"><strong>{esc(in_crisis)}</strong> {esc(crisis.name)}: {esc(crisis.how)}
<a href="#help-now">{esc(every_line)}</a></p>
<nav aria-label="{esc(lessons)}">
<ul>
{nav}
</ul>
</nav>
</header>
<main id="main" tabindex="-1">
{page.main}
</main>
{page.pager}
<footer>
<section class="help-now" aria-labelledby="help-now">
<h2 id="help-now">{esc(help_now)}</h2>
<ul>
{crisis_items}
</ul>
<p>{esc(course.disclaimer)}</p>
</section>
<p>{esc(edition)}</p>
</footer>
</body>
</html>
"""


# ------------------------------------------------------------------ the pages


def index_main(course: Course) -> str:
    minutes = sum(module.minutes for module in course.modules)
    items = "\n".join(
        f'<li><a href="{esc(lesson_file(course, module))}">{esc(module.title)}</a>'
        f'<br><span class="meta">{esc(about_minutes(module))} · '
        f"{esc(audiences_text(module))}</span></li>" for module in course.modules)
    about = f"<p>{esc(course.about.strip())}</p>\n" if course.about.strip() else ""
    size = ngettext("{n} lesson, about {minutes} minutes in all.", "{n} lessons, about {minutes} minutes in all.",
                    len(course.modules)).format(n=len(course.modules), minutes=minutes)
    how = _("Each lesson ends with questions to check yourself: open an answer to see whether it is right, "
            "and why. Nothing is scored or recorded.")
    credits = "\n".join(f"<li>{esc(line)}</li>" for line in course_credits(course))
    lessons, about_heading = _("Lessons"), _(ABOUT_HEADING)
    return f"""<h1>{esc(course.title)}</h1>
{about}<p>{esc(size)} {esc(how)}</p>
<h2>{esc(lessons)}</h2>
<ol>
{items}
</ol>
<h2>{esc(about_heading)}</h2>
<ul>
{credits}
</ul>"""


def about_minutes(module: Module) -> str:
    return _("About {minutes} minutes").format(minutes=module.minutes)


def lesson_main(course: Course, module: Module) -> str:
    position = course.position(module)
    heading = _("Lesson {number}: {title}").format(number=position, title=module.title)
    reviewed = _("Last reviewed {date}").format(date=long_date(module.reviewed))
    parts = [f"<h1>{esc(heading)}</h1>",
             f'<p class="meta">{esc(about_minutes(module))} · {esc(audiences_text(module))} · {esc(reviewed)}</p>',
             _heading_list(_("What you will learn"), module.objectives)]
    for section in module.sections:
        parts.append(f'<h2 id="section-{esc(section.id)}">{esc(section.title)}</h2>')
        parts.append(markdown_html(section.body, course))
    parts.append(_heading_list(_("Key points"), module.key_points))
    if module.ask_your_provider:
        parts.append(_heading_list(_("Questions you could ask your provider"), module.ask_your_provider))
    if module.what_to_bring:
        items = "\n".join(f"<li>{_inline(item, course)}</li>" for item in module.what_to_bring)
        parts.append(_heading_html(_("What to bring"), items))
    if module.questions:
        parts.append(self_check(course, module))
    parts.append(_sources(course, module))
    return "\n".join(parts)


def _heading_list(heading: str, items: list[str]) -> str:
    return _heading_html(heading, "\n".join(f"<li>{esc(item)}</li>" for item in items))


def _heading_html(heading: str, items: str) -> str:
    """A heading and a list of `items` (already HTML)."""
    return f"<h2>{esc(heading)}</h2>\n<ul>\n{items}\n</ul>"


def _inline(text: str, course: Course) -> str:
    """One line of author Markdown as inline HTML (no paragraph around it)."""
    return _markdown().renderInline(cite(text, course, link="#source-{id}"))


def _sources(course: Course, module: Module) -> str:
    """The sources, as cited: in a translation a citation stays in the source edition's language,
    so it says so (lang), and a screen reader reads it with that language's voice (WCAG 3.1.2)."""
    items = []
    cited_in = course.languages[0] if course.languages else course.language
    lang = f' lang="{esc(cited_in)}"' if cited_in != course.language else ""
    for source_id in module.sources:
        source = course.source_map.get(source_id)
        if source is None:
            continue
        link = f' <a href="{esc(source.url)}">{esc(source.url)}</a>' if source.url else ""
        items.append(f'<li id="source-{esc(source.id)}"><strong>{esc(source.short)}:</strong> '
                     f"<span{lang}>{esc(source.citation)}</span>{link}</li>")
    return "<h2>" + esc(_("Sources")) + "</h2>\n<ol>\n" + "\n".join(items) + "\n</ol>"


def self_check(course: Course, module: Module) -> str:
    total = len(module.questions)
    how = _("Choose your answer, then open it to see whether it is right and why. Open “The answer” for the "
            "right answers and the explanation. Nothing is scored or recorded.")
    heading = _("Check yourself")
    parts = [f'<h2 id="check-yourself">{esc(heading)}</h2>', f"<p>{esc(how)}</p>"]
    for number, question in enumerate(module.questions, start=1):
        parts.append(_question(course, module, in_print_order(module.id, question), number, total))
    return "\n".join(parts)


def _question(course: Course, module: Module, question: Question, number: int, total: int) -> str:
    options = []
    for index, option in enumerate(question.options):
        verdict = _("✓ Correct.") if option.correct else _("✗ Not quite.")  # the app's words
        options.append(f"<li><details><summary>{esc(option_letter(index))}. {esc(option.text)}</summary>\n"
                       f'<p><span class="verdict">{esc(verdict)}</span> {esc(option.feedback)}</p></details></li>')
    right = ", ".join(f"{option_letter(i)}. {o.text}" for i, o in enumerate(question.options) if o.correct)
    label = ngettext("The right answer:", "The right answers:", sum(o.correct for o in question.options))
    taught = ""
    section_at = module.section_index(question.section)
    if section_at is not None:
        section = module.sections[section_at]
        taught_in = _("Taught in:")
        taught = f'<p>{esc(taught_in)} <a href="#section-{esc(section.id)}">{esc(section.title)}</a></p>'
    heading = _("Question {number} of {total}").format(number=number, total=total)
    hint, the_answer = _(KIND_HINTS[question.kind]), _("The answer")
    return f"""<div class="question">
<h3 id="q-{esc(question.id)}">{esc(heading)}</h3>
<p>{esc(question.prompt)} <em>({esc(hint)})</em></p>
<ul class="options">
{chr(10).join(options)}
</ul>
<details><summary>{esc(the_answer)}</summary>
<p><span class="verdict">{esc(label)}</span> {esc(right)}</p>
<p>{esc(question.explanation)}</p>
{taught}</details>
</div>"""


def _pager(course: Course, module: Module) -> str:
    position = course.position(module)
    links = []
    if position > 1:
        before = course.modules[position - 2]
        words = _("Previous: {title}").format(title=before.title)
        links.append(f'<li><a href="{esc(lesson_file(course, before))}" rel="prev">{esc(words)}</a></li>')
    contents = _("Contents")
    links.append(f'<li><a href="{INDEX}">{esc(contents)}</a></li>')
    if position < len(course.modules):
        after = course.modules[position]
        words = _("Next: {title}").format(title=after.title)
        links.append(f'<li><a href="{esc(lesson_file(course, after))}" rel="next">{esc(words)}</a></li>')
    label = _("Previous and next lesson")
    return f'<nav class="pager" aria-label="{esc(label)}">\n<ul>\n' + "\n".join(links) + "\n</ul>\n</nav>"


def site_pages(course: Course) -> dict[str, str]:
    """Every file of the site: its name and its HTML."""
    lesson_links = [(lesson_file(course, m), f"{course.position(m)}. {m.title}") for m in course.modules]
    pages = [Page(INDEX, course.title, index_main(course), _("Skip to the contents"))]
    pages += [Page(lesson_file(course, module), _("Lesson {number}: {title}").format(
        number=course.position(module), title=module.title), lesson_main(course, module),
        _("Skip to the lesson"), _pager(course, module)) for module in course.modules]
    return {page.name: page_html(course, page, lesson_links) for page in pages}


def write_site(course: Course, folder: str | os.PathLike, force: bool = False) -> list[Path]:
    """Write the site into `folder` (made if need be). Every target is checked first, so an
    existing page stops the whole write unless `force`, never half of it."""
    from course.files import PUBLIC_FOLDER_MODE, WriteError, make_folder, write_file

    pages = site_pages(course)
    target = Path(folder).expanduser()
    if target.exists() and not target.is_dir():
        raise UserError(_("{path} is a file, not a folder. Give a folder for the site. Nothing was written."
                          ).format(path=target))
    existing = [str(target / name) for name in pages if (target / name).exists()]
    if existing and not force:
        raise UserError(ngettext(
            "{files} already exists. Nothing was written. Choose another folder, or add --force to replace it.",
            "{count} pages of a site already exist in {folder}, such as {files}. Nothing was written. Choose "
            "another folder, or add --force to replace them.", len(existing)).format(
            files=existing[0], count=len(existing), folder=target))
    try:
        make_folder(target, PUBLIC_FOLDER_MODE)
    except OSError as error:
        raise WriteError(_("Could not make the folder {folder}: {reason}. Nothing was written.").format(
            folder=target, reason=error.strerror or error)) from None
    return [write_file(target / name, text, private=False, force=force) for name, text in pages.items()]
