"""The guides learners and facilitators read, in Spanish (docs/es/TOPIC.md): `ketamine-course
help TOPIC` prints the one in the language in use, and the English one, saying so, for a guide
that has no Spanish edition. Each Spanish guide keeps the English one's shape and every command,
option, key and file name, so the two cannot drift apart silently: a heading added, a command
or an option renamed in one and not the other is a failure here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course import cli
from course.i18n import catalogue, use_language

DOCS = Path(__file__).resolve().parents[1] / "docs"
LEARNER_GUIDES = ("accessibility", "exports", "practice", "progress", "room")
TRANSLATED = sorted(set(LEARNER_GUIDES) | {path.stem for path in (DOCS / "es").glob("*.md")})  # each kept in shape
FENCE = re.compile(r"^\s*```")
# Examples of what the app shows, in code spans: in Spanish the app shows them in Spanish.
SHOWN_IN_SPANISH = {
    "████████············ 4 of 10 (40%)": "████████············ 4 de 10 (40 %)",
    "Signed by another key: …": "Firmada con otra clave: …",
    "Expired: …": "Vencida: …",
    "Not trustworthy: …": "No es confiable: …",
    "Changed: …": "Cambió: …",
    "Unchanged since it was made.": "Sin cambios desde que se creó.",
    "Not certified: …": "Sin certificar: …",
    "(assessed)": "(evaluado)",
    "(self-check)": "(autoevaluación)",
    "✓ Done": "✓ Terminada",
    "◐ In progress": "◐ En curso",
    "○ Not started": "○ Sin empezar",
    "[square brackets]": "[entre corchetes]",  # authoring.md: a placeholder's form, in words
}


def parts(path: Path) -> tuple[list[str], list[tuple[str, list[str]]], list[str], list[str]]:
    """A guide's heading levels, fenced code blocks (info string, lines), inline code spans
    and link targets, in order."""
    levels: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    prose: list[str] = []
    block: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            if block is None:
                block = []
                blocks.append((line.strip().removeprefix("```"), block))
            else:
                block = None
        elif block is not None:
            block.append(line.strip())
        else:
            if heading := re.match(r"(#{1,6}) ", line):
                levels.append(heading.group(1))
            prose.append(line)
    text = "\n".join(prose)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"``(.+?)``", "", text))
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    return levels, blocks, spans, links


def without_comment(line: str) -> str:
    """A code line without a trailing comment (translated); a whole-line comment stays (in a
    TOML example it is what the course writes)."""
    return re.sub(r"\s+#\s.*$", "", line) if not line.startswith("#") else line


def is_output(info: str, lines: list[str]) -> bool:
    """An example of what a command prints: shown in the reader's language."""
    return info == "" and not any(line.startswith("ketamine-course") for line in lines)


@pytest.fixture(scope="module")
def spanish():
    words = catalogue("es")
    return lambda text: words.gettext(text)


@pytest.mark.parametrize("topic", TRANSLATED)
def test_every_learner_guide_has_a_spanish_edition_and_each_one_keeps_its_shape(topic, spanish):
    english, translated = DOCS / f"{topic}.md", DOCS / "es" / f"{topic}.md"
    assert translated.is_file(), f"no Spanish edition of docs/{topic}.md: write docs/es/{topic}.md"
    levels, blocks, spans, links = parts(english)
    es_levels, es_blocks, es_spans, es_links = parts(translated)
    assert es_levels == levels, f"docs/es/{topic}.md: its headings are not those of docs/{topic}.md (levels, in order)"
    assert [info for info, _ in es_blocks] == [info for info, _ in blocks], f"docs/es/{topic}.md: not the same code blocks"
    for (info, lines), (_, es_lines) in zip(blocks, es_blocks):
        if not is_output(info, lines):
            assert [without_comment(line) for line in es_lines] == [without_comment(line) for line in lines], (
                f"docs/es/{topic}.md: a command or example differs from docs/{topic}.md")
    missing = [span for span in dict.fromkeys(spans) if span not in es_spans and spanish(span) not in es_spans
               and SHOWN_IN_SPANISH.get(span) not in es_spans]
    assert missing == [], f"docs/es/{topic}.md lost these commands, options, keys or names (or their Spanish words): {missing}"
    for target in es_links:
        file, _, anchor = target.partition("#")
        if file and not re.match(r"[a-z]+:", file):
            assert (translated.parent / file).is_file(), f"docs/es/{topic}.md links to {target}, which is not there"
    assert len(es_links) == len(links), f"docs/es/{topic}.md: not the same links as docs/{topic}.md"


def test_the_spanish_key_table_is_the_apps_own_words():
    """The table of keys a learner can change, in Spanish: the words the help (F1) shows."""
    from course import keymap
    from course.keymap import KEYMAP, help_line

    guide = (DOCS / "es" / "accessibility.md").read_text(encoding="utf-8")
    use_language("es")
    try:
        for command in KEYMAP:
            if command.bound:
                row = f"| `{command.id}` | {keymap.keys_words(command.keys)} | {help_line(command)} |"
                assert row in guide, f"docs/es/accessibility.md: the key table lacks this row (the help's Spanish words): {row}"
    finally:
        use_language("en")


def run_help(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_prints_the_spanish_guide_in_spanish(capsys):
    try:
        code, out, err = run_help(capsys, "--lang", "es", "help", "practice")
        assert code == 0 and err == ""
        assert out == (DOCS / "es" / "practice.md").read_text(encoding="utf-8")
        code, listing, _ = run_help(capsys, "--lang", "es", "help")
        title = (DOCS / "es" / "room.md").read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
        assert re.search(rf"^  room +{re.escape(title)}$", listing, flags=re.M), listing
        assert re.search(r"^  architecture +Architecture.* \(en inglés\)$", listing, flags=re.M), listing
    finally:
        use_language("en")


def test_a_guide_without_a_spanish_edition_is_the_english_one_and_says_so(capsys):
    try:
        code, out, err = run_help(capsys, "--lang", "es", "help", "architecture")
        assert code == 0 and out == (DOCS / "architecture.md").read_text(encoding="utf-8")
        assert err == "Esta guía aún no está traducida al español; aquí está en inglés.\n"
    finally:
        use_language("en")


def test_in_english_help_prints_the_english_guide(capsys):
    code, out, err = run_help(capsys, "--lang", "en", "help", "practice")
    assert code == 0 and err == "" and out == (DOCS / "practice.md").read_text(encoding="utf-8")
    code, listing, _ = run_help(capsys, "--lang", "en", "help")
    assert "(in English)" not in listing and "Quizzes, retakes and spaced practice" in listing
