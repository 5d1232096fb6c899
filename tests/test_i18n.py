"""The translation engine (course/i18n.py): catalogues from .po in a checkout or .mo when built,
real plural forms, the choice of language, dates and numbers in the language."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course import i18n
from course.i18n import _, choose_language, from_environment, match_language, ngettext, use_language

PO = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: {lang}\n"
"Plural-Forms: {plurals}\n"

msgid "Saved."
msgstr "{saved}"

msgid "{{n}} question"
msgid_plural "{{n}} questions"
{plural_strings}

#, fuzzy
msgid "Quit"
msgstr "an unchecked guess"
'''


def write_po(root: Path, lang: str, saved: str, plurals: str, plural_strings: str) -> Path:
    folder = root / lang / "LC_MESSAGES"
    folder.mkdir(parents=True)
    path = folder / f"{i18n.DOMAIN}.po"
    path.write_text(PO.format(lang=lang, saved=saved, plurals=plurals, plural_strings=plural_strings), encoding="utf-8")
    return path


@pytest.fixture
def locale_dir(tmp_path, monkeypatch):
    """A catalogue folder of our own: Spanish (two plural forms) and Polish (three)."""
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    write_po(tmp_path, "es", "Guardado.", "nplurals=2; plural=(n != 1);",
             'msgstr[0] "{n} pregunta"\nmsgstr[1] "{n} preguntas"')
    write_po(tmp_path, "pl", "Zapisano.", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
             'msgstr[0] "{n} pytanie"\nmsgstr[1] "{n} pytania"\nmsgstr[2] "{n} pytań"')
    yield tmp_path
    use_language("en")
    i18n.catalogue.cache_clear()


def test_a_checkout_reads_the_po_with_no_build_step(locale_dir):
    use_language("es")
    assert _("Saved.") == "Guardado." and _("Not in the catalogue.") == "Not in the catalogue."
    assert _("Quit") == "Quit"  # a fuzzy entry is a guess nobody checked: English instead


def test_plural_forms_are_the_languages_own(locale_dir):
    use_language("pl")
    forms = [ngettext("{n} question", "{n} questions", n).format(n=n) for n in (1, 3, 5, 22, 25)]
    assert forms == ["1 pytanie", "3 pytania", "5 pytań", "22 pytania", "25 pytań"]
    use_language("es")
    assert [ngettext("{n} question", "{n} questions", n).format(n=n) for n in (0, 1, 2)] == [
        "0 preguntas", "1 pregunta", "2 preguntas"]


def test_a_compiled_catalogue_is_used_unless_the_po_is_newer(locale_dir):
    po = locale_dir / "es" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    mo = po.with_suffix(".mo")
    mo.write_bytes(i18n.compile_po(po))
    po.write_text(po.read_text(encoding="utf-8").replace("Guardado.", "Guardado ya."), encoding="utf-8")
    os.utime(mo, (1, 1))  # the .po was edited after the last build
    use_language("es")
    assert _("Saved.") == "Guardado ya."
    i18n.catalogue.cache_clear()
    po.unlink()  # an installed wheel: only the .mo
    use_language("es")
    assert _("Saved.") == "Guardado."


def test_a_regional_language_finds_its_catalogue(locale_dir):
    use_language("es-MX")
    assert _("Saved.") == "Guardado."
    use_language("vi")
    assert _("Saved.") == "Saved."


def test_the_environment_in_gettexts_order():
    assert from_environment({"LANGUAGE": "es_MX:en", "LANG": "fr_FR.UTF-8"}) == ["es-MX", "en"]
    assert from_environment({"LC_ALL": "es_ES.UTF-8@euro", "LANG": "fr_FR.UTF-8"}) == ["es-ES"]
    assert from_environment({"LANG": "C.UTF-8"}) == []
    assert from_environment({"LANGUAGE": "", "LC_ALL": "", "LANG": "pt_BR.UTF-8"}) == ["pt-BR"]


def test_matching_an_edition():
    assert match_language("es-MX", ["en", "es"]) == "es"
    assert match_language("ES", ["en", "es"]) == "es"
    assert match_language("zh", ["en", "zh-Hans"]) == "zh-Hans"
    assert match_language("fr", ["en", "es"]) is None


def test_the_order_of_the_choice():
    offered = ["en", "es"]
    spanish_computer = {"LANG": "es_US.UTF-8"}
    assert choose_language(offered, "en", asked="es", saved="en", environ={}) == ("es", None)
    assert choose_language(offered, "en", saved="es", environ={"LANG": "en_US.UTF-8"}) == ("es", None)
    assert choose_language(offered, "en", environ=spanish_computer) == ("es", None)
    assert choose_language(offered, "en", environ={"LANG": "fr_FR.UTF-8"}) == ("en", None)
    language, notice = choose_language(offered, "en", asked="fr", environ=spanish_computer)
    assert language == "es" and notice == "This course has no edition in 'fr'; it has: en, es."


def test_dates_and_numbers_follow_the_language():
    day = dt.date(2026, 11, 21)
    try:
        assert (i18n.format_date(day), i18n.format_number(1234.5)) == ("21 November 2026", "1,234.5")
        use_language("es")
        assert (i18n.format_date(day), i18n.format_number(1234.5)) == ("21 de noviembre de 2026", "1.234,5")
        use_language("zh-Hans")
        assert i18n.format_date(day) == "2026年11月21日"
    finally:
        use_language("en")


def test_percentages_follow_the_language():
    from course.i18n import format_percent

    use_language("en")
    assert format_percent(25) == "25%"
    use_language("es")
    try:
        assert format_percent(25) == "25 %"  # as the Spanish messages write "{score} %"
    finally:
        use_language("en")


def test_language_names_are_their_own():
    assert i18n.language_name("es") == "Español" and i18n.language_name("zh-Hans") == "中文 (简体)"
    assert i18n.language_name("es", "en") == "Spanish"
    # inside a sentence, as the language writes it: "Mostrar el curso … en inglés", not "en Inglés"
    assert i18n.language_name("en", "es", in_sentence=True) == "inglés"
    assert i18n.language_name("es", "en", in_sentence=True) == "Spanish"


def test_the_cli_speaks_the_chosen_language_in_help(tmp_path):
    env = {**os.environ, "LANG": "es_MX.UTF-8", "LANGUAGE": ""}
    sample = Path(__file__).parent / "fixtures" / "sample-zh"
    done = subprocess.run([sys.executable, "-m", "course", "--lessons", str(sample), "--lang", "zh-Hans", "--help"],
                          capture_output=True, text=True, env=env)
    assert "一个关于第一次去诊所就诊的简短课程。" in done.stdout and "紧急情况请拨打 911" in done.stdout
    done = subprocess.run([sys.executable, "-m", "course", "--lessons", str(sample), "--help"],
                          capture_output=True, text=True, env=env)
    assert "A short course about your first visit" in done.stdout  # no Spanish edition: the course's default


def test_pages_carry_the_language_in_use(tmp_path):
    """The served page, the room's pages and every HTML export say which language they are in."""
    from course.outputs.document import Document, Para
    from course.outputs.render import render
    from course.web.room.pages import page
    from course.web.serve import full_page, offline_page

    template = tmp_path / "app_index.html"
    template.write_text("<!DOCTYPE html>\n<html>\n<head>\n</head><body></body></html>", encoding="utf-8")
    try:
        use_language("es")
        document = Document("Constancia")
        document.add(Para("Hola."))
        assert '<html lang="es">' in render(document, "html")
        assert '<html lang="es">' in offline_page(tmp_path)
        assert '<html lang="es">' in full_page("Curso", 3)
        from course.content.loader import load_course

        assert '<html lang="es">' in page("Sala", "<p>x</p>", course=load_course(Path(__file__).parent / "fixtures" / "sample-es", "es"))
    finally:
        use_language("en")
    assert '<html lang="en">' in offline_page(tmp_path)
