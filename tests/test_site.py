"""`ketamine-course export site`: the accessible web edition of the whole course (issue 15).

The structure is checked in Python; then every page is opened from the folder (file://, no
server) in headless Chromium, with every request to the network refused and recorded, and
axe-core checks it against the WCAG 2.2 A and AA rules, with every answer open.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_serve import browser  # noqa: F401 (a fixture: headless Chromium, or a skip that says why)

from course import cli
from course.content.loader import load_course
from course.outputs.site import INDEX, lesson_file, site_pages
from course.paths import default_lessons_dir

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def course():
    return load_course(default_lessons_dir())


@pytest.fixture(scope="module")
def pages(course) -> dict[str, str]:
    return site_pages(course)


class Outline(HTMLParser):
    """What a page is made of: its tags in order (with attributes), and text by tag."""

    VOID = {"meta", "br", "link", "img", "input", "hr"}

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.open: list[str] = []
        self.problems: list[str] = []
        self.headings: list[int] = []
        self.feed(page)
        self.close()
        if self.open:
            self.problems.append(f"never closed: {self.open}")

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


# ------------------------------------------------------------------ what is in the pages


def test_an_index_and_one_page_per_lesson(course, pages):
    assert set(pages) == {INDEX, *(lesson_file(course, module) for module in course.modules)}
    index = pages[INDEX]
    for module in course.modules:
        assert f'href="{lesson_file(course, module)}"' in index


def test_every_page_is_well_formed_with_a_language_title_skip_link_and_landmarks(course, pages):
    for name, page in pages.items():
        outline = Outline(page)
        assert not outline.problems, (name, outline.problems)
        assert outline.all("html")[0]["lang"] == course.language
        assert re.search(r"<title>[^<]+</title>", page)
        skip = outline.all("a")[0]
        assert skip["class"] == "skip" and skip["href"] == "#main", name
        assert [a["id"] for a in outline.all("main")] == ["main"]
        for landmark in ("header", "nav", "main", "footer"):
            assert outline.all(landmark), f"{name} has no <{landmark}>"
        assert outline.headings[0] == 1 and outline.headings.count(1) == 1, name
        jumps = [after - before for before, after in zip(outline.headings, outline.headings[1:])]
        assert max(jumps) <= 1, f"{name}: a heading level is skipped"


def test_every_page_carries_the_notice_and_every_crisis_line(course, pages):
    for name, page in pages.items():
        assert course.disclaimer in page.replace("&#x27;", "'"), name
        for line in course.crisis:
            assert f"<strong>{line.name.replace('&', '&amp;')}:</strong>" in page, (name, line.name)


def test_a_lesson_page_has_every_section_the_key_points_and_its_sources(course, pages):
    for module in course.modules:
        page = pages[lesson_file(course, module)]
        for section in module.sections:
            assert f'<h2 id="section-{section.id}">' in page
        assert "<h2>Key points</h2>" in page
        for source_id in module.sources:
            assert f'id="source-{source_id}"' in page
        cited = set(re.findall(r'href="#source-([^"]+)"', page))
        assert cited and cited <= set(module.sources), "citations link to the page's own sources"
        if module.what_to_bring:
            assert "<h2>What to bring</h2>" in page


def test_the_spanish_site_is_in_spanish_and_marks_the_english_citations():
    """The Spanish edition's pages: lang="es", the app's words in Spanish (the headings a learner
    navigates by), and the sources, cited as published in English, marked lang="en" so a
    screen reader reads them in English (WCAG 3.1.2, Language of Parts)."""
    from course.i18n import use_language

    use_language("es")
    try:
        spanish = load_course(default_lessons_dir(), "es")
        pages = site_pages(spanish)
    finally:
        use_language("en")
    for name, page in pages.items():
        assert '<html lang="es">' in page, name
        for english in ("Lessons", "Please note:", "Every crisis line", "Check yourself", "The answer",
                        "Taught in:", "Previous and next lesson", "Key points", "Sources"):
            assert f">{english}<" not in page and f'"{english}"' not in page, (name, english)
    first = pages[lesson_file(spanish, spanish.modules[0])]
    assert '<h2 id="check-yourself">Compruebe lo que aprendió</h2>' in first and "<h2>Fuentes</h2>" in first
    citations = re.findall(r'<li id="source-[^"]+"><strong>[^<]*</strong> <span lang="en">', first)
    assert len(citations) == len(spanish.modules[0].sources)


def test_the_self_check_needs_no_script_each_answers_feedback_is_a_disclosure(course, pages):
    module = course.modules[0]
    page = pages[lesson_file(course, module)]
    for question in module.questions:
        assert f'<h3 id="q-{question.id}">' in page
        for option in question.options:
            assert f"<p><span class=\"verdict\">{'✓ Correct.' if option.correct else '✗ Not quite.'}</span>" in page
    assert page.count("<details>") == sum(len(q.options) + 1 for q in module.questions)
    for name, text in pages.items():
        assert "<script" not in text and "javascript:" not in text, name


def test_nothing_is_loaded_from_anywhere_and_links_stay_in_the_folder(pages):
    for name, page in pages.items():
        outline = Outline(page)
        assert not outline.all("link") and not outline.all("img") and not outline.all("script"), name
        assert "@import" not in page and "url(" not in page, name
        for attrs in outline.all("a"):
            href = attrs["href"]
            assert href.startswith(("#", "https://", "http://")) or href in pages, (name, href)


def test_the_learners_own_questions_and_progress_are_never_in_it(tmp_path, capsys, monkeypatch):
    from course.progress.model import Progress, add_my_question
    from course.progress.store import dumps

    progress = Progress()
    learner = progress.learners[progress.add_learner("Ana Private", "patient")]
    add_my_question(learner, "Will it interact with my lithium, secretly?", None)
    saved = tmp_path / "progress.toml"
    saved.write_text(dumps(progress), encoding="utf-8")
    monkeypatch.setenv("KETAMINE_COURSE_PROGRESS", str(saved))
    assert cli.main(["export", "site", str(tmp_path / "site")]) == 0
    written = "".join(page.read_text(encoding="utf-8") for page in (tmp_path / "site").iterdir())
    assert "Ana Private" not in written and "lithium, secretly" not in written
    assert "Open " in capsys.readouterr().out


def test_the_command_never_replaces_a_site_without_force(tmp_path, capsys):
    folder = tmp_path / "site"
    assert cli.main(["export", "site", str(folder)]) == 0
    (folder / INDEX).write_text("changed", encoding="utf-8")
    assert cli.main(["export", "site", str(folder)]) == 1
    assert "Nothing was written" in capsys.readouterr().err
    assert (folder / INDEX).read_text(encoding="utf-8") == "changed"
    assert cli.main(["export", "site", str(folder), "--force"]) == 0
    assert (folder / INDEX).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert oct((folder / INDEX).stat().st_mode & 0o077) != "0o0", "a public site: others may read it"


def test_an_authors_html_is_shown_as_text_never_run(course):
    from course.outputs.site import markdown_html

    shown = markdown_html("A <script>alert(1)</script> and **bold** [@fda-spravato].", course)
    assert "<script>" not in shown and "&lt;script&gt;" in shown and "<strong>bold</strong>" in shown


# ------------------------------------------------------------------ in a real browser


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory, course) -> Path:
    folder = tmp_path_factory.mktemp("site")
    assert cli.main(["export", "site", str(folder)]) == 0
    return folder


def open_offline(browser, path: Path):
    """A page opened from the folder, with every request that is not a local file refused and recorded."""
    page = browser.new_page()
    fetched: list[str] = []

    def refuse(route):
        fetched.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!file:).*"), refuse)
    page.goto(path.as_uri())
    return page, fetched


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG_22_AA}}}}})")
    assert result["passes"], "axe ran no check at all"
    return [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:5]})" for v in result["violations"]]


def test_axe_finds_no_wcag_22_a_or_aa_violation_on_any_page(browser, site_folder, pages):
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE}: run npm ci --prefix tests/axe (.ci/run does)")
    for name in pages:
        page, fetched = open_offline(browser, site_folder / name)
        # Every answer open: axe checks only what is shown, and closed it would skip the feedback.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        problems = axe_violations(page)
        assert not problems, (name, problems)
        assert not fetched, f"{name} asked the network for {fetched}"
        page.close()


def test_in_a_browser_the_answers_open_from_the_keyboard_and_links_work_offline(browser, site_folder, course):
    module = course.modules[0]
    page, fetched = open_offline(browser, site_folder / lesson_file(course, module))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").is_visible(), "the skip link shows when it has the focus"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    first = page.locator(".question").first
    feedback = first.locator("details p").first
    assert not feedback.is_visible()
    first.locator("summary").first.focus()
    page.keyboard.press("Enter")
    assert feedback.is_visible() and re.match(r"[✓✗] ", feedback.inner_text())
    page.locator("nav.pager a[rel=next]").click()
    assert page.url.endswith(lesson_file(course, course.modules[1]))
    assert not fetched
    page.close()


def test_it_prints_without_navigation_and_with_every_answer_shown(browser, site_folder, course):
    page, _ = open_offline(browser, site_folder / lesson_file(course, course.modules[0]))
    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible()
    assert page.locator(".question details p").first.is_visible(), "printed answers are not hidden in closed disclosures"
    assert page.locator(".help-now").is_visible()
    page.close()


def test_every_page_reflows_to_320_pixels_without_scrolling_sideways(browser, site_folder, pages):
    """WCAG 1.4.10: at 320 CSS pixels wide (a phone, or 1280 pixels at 400% zoom) nothing is cut
    off and nothing needs a sideways scroll, long addresses in the sources included."""
    for name in pages:
        page, _ = open_offline(browser, site_folder / name)
        page.set_viewport_size({"width": 320, "height": 640})
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} is {overflow} pixels too wide at 320 pixels"
        page.close()
