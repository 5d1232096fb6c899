"""Translations: every string a person sees goes through `_()` (or `ngettext()` for counts).

Write `_("Saved.")` where text is shown, `ngettext("{n} question", "{n} questions", n).format(n=n)`
for counts, and `N_("…")` to mark a module-level constant for translation (then show it with
`_(CONSTANT)`, so it is translated in the language in use at that moment, not at import).
Never build a sentence from fragments: one format string with named fields, so a translation
can put the words in its own order.

The catalogues are GNU gettext's: `course/locale/LANG/LC_MESSAGES/ketamine_course.po`, the
source a translator edits, compiled to `.mo` when the package is built (setup.py). Run from
a checkout, where nothing was built, the `.po` is compiled in memory the first time it is
needed (a few milliseconds), so a translator sees an edit at the next start with no build
step, and a stale `.mo` never hides a newer `.po` (docs/translating.md).

`use_language("es")` chooses the catalogue, and the locale that dates and numbers follow
(`format_date`, `format_number`, with Babel's CLDR data). `choose_language` decides which
language that is: `--lang`, then the learner's saved choice, then the environment
(`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`), then the course's default.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

DOMAIN = "ketamine_course"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"  # the language of the strings in the code
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the sense `context` gives it ("Right" the arrow key, not the right answer)."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a constant for the catalogue without translating it yet."""
    return message


def use_language(language: str) -> None:
    """Show the app's words, dates and numbers in `language` (a tag such as "es" or "zh-Hans");
    English where its catalogue has no translation."""
    global _translations, _language
    _translations = catalogue(language)
    _language = language


def current_language() -> str:
    return _language


# ---------------------------------------------------------------- catalogues


def _folder_names(language: str) -> list[str]:
    """Where a language's catalogue may be: "es-MX" -> es_MX, then es (gettext's own names)."""
    parts = language.replace("_", "-").split("-")
    return list(dict.fromkeys("_".join(parts[:n]) for n in range(len(parts), 0, -1)))


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The app's words in `language`; English (the strings as written) when there is none."""
    for name in _folder_names(language):
        folder = LOCALE_DIR / name / "LC_MESSAGES"
        compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
        if compiled.is_file() and (not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime):
            with compiled.open("rb") as file:
                return gettext.GNUTranslations(file)
        if source.is_file():
            return gettext.GNUTranslations(io.BytesIO(compile_po(source)))
    return gettext.NullTranslations()


def compile_po(path: Path) -> bytes:
    """A .po file as .mo bytes, with Babel's compiler (the one the build uses). Fuzzy entries,
    a translator's unchecked guesses, are left out, as msgfmt does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        messages = read_po(file)
    out = io.BytesIO()
    write_mo(out, messages, use_fuzzy=False)
    return out.getvalue()


def available_languages() -> list[str]:
    """The languages the app's own words are translated into, besides English."""
    if not LOCALE_DIR.is_dir():
        return []
    return sorted(entry.name.replace("_", "-") for entry in LOCALE_DIR.iterdir()
                  if (entry / "LC_MESSAGES").is_dir())


def language_name(language: str, in_language: str | None = None, *, in_sentence: bool = False) -> str:
    """A language's own name, as a learner looks for it: "Español", "English", "中文"; `in_sentence`,
    as the language writes it inside a sentence ("en inglés": Spanish names are not capitalised)."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name(
            Locale.parse((in_language or language).replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return language
    if not name or in_sentence:
        return name or language
    return name[:1].upper() + name[1:]


# ---------------------------------------------------------------- which language


def from_environment(environ: Mapping[str, str]) -> list[str]:
    """The languages the computer asks for, best first: LANGUAGE may list several
    ("es_MX:en"); "C" and "POSIX" ask for none."""
    for variable in ENVIRONMENT:
        value = environ.get(variable, "")
        tags = [_tag(part) for part in value.split(":")] if variable == "LANGUAGE" else [_tag(value)]
        tags = [tag for tag in tags if tag]
        if tags:
            return tags
    return []


def _tag(locale_name: str) -> str:
    """es_MX.UTF-8@euro -> es-MX; C, POSIX and empty -> ''."""
    name = locale_name.split(".")[0].split("@")[0].strip()
    return "" if name in ("", "C", "POSIX") else name.replace("_", "-")


def match_language(wanted: str, offered: Sequence[str]) -> str | None:
    """The offered language that answers `wanted`: itself, else one with the same main
    language ("es-MX" -> "es", "es" -> "es-419")."""
    lower = {language.lower(): language for language in offered}
    if wanted.lower() in lower:
        return lower[wanted.lower()]
    main = wanted.split("-")[0].lower()
    return next((language for language in offered if language.split("-")[0].lower() == main), None)


def choose_language(offered: Sequence[str], default: str, asked: str | None = None, saved: str | None = None,
                    environ: Mapping[str, str] | None = None) -> tuple[str, str | None]:
    """The language to use, of those `offered` (a course's editions): `asked` (--lang), then
    `saved` (the learner's choice), then the environment's, then `default`. Returns it with a
    notice for the learner when `asked` could not be had (None otherwise)."""
    notice = None
    if asked:
        found = match_language(asked, offered)
        if found:
            return found, None
        notice = _("This course has no edition in '{asked}'; it has: {offered}.").format(
            asked=asked, offered=", ".join(offered))
    for wanted in ([saved] if saved else []) + from_environment(environ or {}):
        found = match_language(wanted, offered)
        if found:
            return found, notice
    return default, notice


# ---------------------------------------------------------------- dates and numbers


def _locale():
    from babel import Locale, UnknownLocaleError

    # Plain English writes the day first ("21 November 2026"), unambiguous wherever it is printed.
    name = "en_GB" if _language == SOURCE_LANGUAGE else _language.replace("-", "_")
    try:
        return Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(SOURCE_LANGUAGE)


def format_date(day: dt.date | dt.datetime, length: str = "long") -> str:
    """A date as the language writes it: "21 November 2026", "21 de noviembre de 2026"."""
    from babel.dates import format_date as babel_date

    return babel_date(day, format=length, locale=_locale())


# Languages that write a whole number below 1,000 as its plain digits (no sign, no grouping).
PLAIN_DIGITS = {"en", "es", "fr", "de", "it", "pt", "nl", "ca"}


def format_percent(percent: int) -> str:
    """A whole percentage as the language writes it: "25%", "25 %" (the catalogue says where the sign goes)."""
    return _("{percent}%").format(percent=format_number(percent))


def format_number(number: float) -> str:
    """A number as the language writes it: 1,234.5 or 1.234,5."""
    if type(number) is int and 0 <= number < 1000 and _language.split("-")[0] in PLAIN_DIGITS:
        return str(number)  # as Babel writes it there; its locale data took 40 ms of the map's first draw
    from babel.numbers import format_decimal

    return format_decimal(number, locale=_locale())
