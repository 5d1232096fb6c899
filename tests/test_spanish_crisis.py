"""The Spanish crisis screen (F2) says exactly what the English one says, no more and no less:
every number, option and hour that ../shared/facts.md gives for 988 and 911 (facts.md is the
only source of these details). A learner reading in Spanish may be in a dark place; a wrong or
missing option there is as serious as in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.content.loader import load_course

SHIPPED = Path(__file__).resolve().parents[1] / "lessons"
FACTS = Path(__file__).resolve().parents[2] / "shared" / "facts.md"

# (what facts.md says, how the English crisis lines say it, how the Spanish ones say it)
FACTS_AS_SHOWN = [
    ("Call or text **988**", "Call or text 988", "Llame al 988"),
    ("Call or text **988**", "Call or text 988", "envíe un mensaje de texto al 988"),
    ("chat at 988lifeline.org", "chat at 988lifeline.org", "chatee en 988lifeline.org"),
    ("free, 24/7", "Free", "Es gratis"),
    ("free, 24/7", "24/7", "las 24 horas, todos los días"),
    ("call **911** in an emergency", "Call 911 if anyone is in danger right now.",
     "Llame al 911 si alguien está en peligro ahora mismo."),
    ("call 988 and press 1\nfor the Veterans Crisis Line", "Veterans Crisis Line", "Línea de Crisis para Veteranos"),
    ("call 988 and press 1\nfor the Veterans Crisis Line", "Call 988 and press 1.", "Llame al 988 y marque 1."),
    ("press 2 for Spanish", "Call 988 and press 2.", "Llame al 988 y marque 2 para hablar en español"),
    ("text and chat are also offered in Spanish", "Text and chat are offered in Spanish too",
     "El texto y el chat también se ofrecen en español"),
    ('"ASL Now" option at 988lifeline.org', "Use ASL Now at 988lifeline.org", "Use ASL Now en 988lifeline.org"),
    ("or a\nvideophone", "call 988 by videophone", "llame al 988 por videoteléfono"),
    ("Deaf and hard of hearing", "Deaf or hard of hearing", "Personas sordas o con dificultad para oír"),
    ("Outside the US: local emergency number", "Call your local emergency number",
     "Llame al número local de emergencias"),
]


def crisis_words(language: str | None) -> str:
    course = load_course(SHIPPED, language) if language else load_course(SHIPPED)
    return "\n".join(f"{line.name}: {line.how}" for line in course.crisis)


@pytest.fixture(scope="module")
def english() -> str:
    return crisis_words(None)


@pytest.fixture(scope="module")
def spanish() -> str:
    return crisis_words("es")


@pytest.mark.parametrize(("fact", "in_english", "in_spanish"), FACTS_AS_SHOWN, ids=[row[2] for row in FACTS_AS_SHOWN])
def test_every_crisis_detail_is_on_both_crisis_screens(english, spanish, fact, in_english, in_spanish):
    assert in_english in english, f"the English crisis lines lost {in_english!r}:\n{english}"
    assert in_spanish in spanish, f"the Spanish crisis lines lost {in_spanish!r} ({in_english!r} in English):\n{spanish}"


def test_the_spanish_crisis_lines_name_no_number_or_address_the_english_ones_do_not(english, spanish):
    def details(text: str) -> set[str]:
        return set(re.findall(r"[\w.]+\.org|\d+", text))

    assert details(spanish) <= details(english), sorted(details(spanish) - details(english))
    assert details(english) - details(spanish) <= {"7"}  # "24/7" is "las 24 horas, todos los días"


@pytest.mark.skipif(not FACTS.is_file(), reason="../shared/facts.md is not present (it is in CI)")
@pytest.mark.parametrize("fact", sorted({row[0] for row in FACTS_AS_SHOWN}))
def test_the_crisis_details_are_still_what_facts_md_says(fact):
    """If facts.md changes what it says about 988 or 911, both crisis screens need a look."""
    assert fact in FACTS.read_text(encoding="utf-8")
