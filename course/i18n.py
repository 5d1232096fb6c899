"""Translations: every string a person sees goes through `_()` (or `ngettext()` for counts).

Write `_("Saved.")` where text is shown, `ngettext("{n} question", "{n} questions", n).format(n=n)`
for counts, and `N_("…")` to mark a module-level constant for translation (then show it with
`_(CONSTANT)`, so it is translated in the language in use at that moment, not at import).
`use_language()` chooses the catalogue; until a catalogue exists every string is English.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

DOMAIN = "ketamine_course"
LOCALE_DIR = Path(__file__).parent / "locale"

_translations: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a constant for the catalogue without translating it yet."""
    return message


def use_language(translations: gettext.NullTranslations) -> None:
    global _translations
    _translations = translations


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The app's words in `language` (a tag such as "es" or "zh-Hans"); English where the
    catalogue has no translation, or when there is no catalogue for the language."""
    return gettext.translation(DOMAIN, LOCALE_DIR, [language.replace("-", "_")], fallback=True)
