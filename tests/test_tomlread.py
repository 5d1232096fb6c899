"""course.tomlread: the fast readers give exactly what tomllib gives, and tomllib's errors.

Each document is read by `tomlread.loads` and by tomllib itself; the values must be the same
objects of the same types (compared by `repr`, so a zone of another class or an int read as a
float shows), and a document tomllib refuses must be refused with tomllib's message. tomllib
follows TOML 1.0 and tomli (which the reader uses) TOML 1.1, so the few documents only 1.1
allows are compared with tomli.
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib

import pytest
import tomli
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from course import tomlread

VALID = [
    'a = 1979-05-27T07:32:00Z', 'a = 1979-05-27T00:32:00-07:00', 'a = 1979-05-27T00:32:00.999999+05:30',
    'a = 1979-05-27 07:32:00z', 'a = 1979-05-27T07:32:00', 'a = 1979-05-27', 'a = 07:32:00', 'a = 00:32:00.999999',
    'a = 1979-05-27T07:32:00.1234567', 'a = 2000-02-29', 'when = [1979-05-27, 1979-05-27T07:32:00Z]',
    'a = inf', 'a = -inf', 'a = nan', 'a = +nan', 'a = 1e400', 'a = 2e308', 'a = 1e-400', 'a = -0.0', 'a = 6.626e-34',
    'a = 9223372036854775808', 'a = -99999999999999999999999', 'a = 0xDEAD_BEEF', 'a = 0o17', 'a = 0b11', 'a = +1',
    'a = "\\u00e9 \\U0001F600 tab\\t"', 'a = "\ud800"', "a = '\ud800'", 'a = """\nfoo\\\n  bar"""', "a = '''\nx'''",
    'a = """"""""', 'a = { b = 1, c = [1, "two", 3.0] }', 'a = [\n1,\n2,\n]', 'a = [[1], [2, [3]]]',
    '"a b" = 1\n\'c\' = 2\na."b.c" = 3', '[t]\n[[t.arr]]\nx = 1\n[[t.arr]]\nx = 2\n[t.arr.sub]\ny = 1',
    'a = true\nb = false', 'a = 1\r\nb = 2', 'x = ' + '[' * 100 + ']' * 100, 'é = "ü"',
]
INVALID = [
    'a = 1\na = 2', '[a]\n[a]', '[[a]]\n[a]', 'a = [1]\n[[a]]', 'a = {b = 1}\na.c = 2', '= 1', 'a = ', 'a = 1 b = 2',
    'a = "\\q"', 'a = "\\ud800"', 'a = "\x01"', '# c\x7f', 'a = True', 'a = 1__0', 'a = 01', 'a = 1.', 'a = .1',
    'a = 1979-13-01', 'a = 2023-02-29', 'a = 24:00:00', 'a = 1979-05-27T07:32:00+24:00', 'a = 00:00:00Z',
    '\ufeffa = 1', 'a = 1\n\ufeffb = 2', 'a = "x\ny"', 'a = [1,,2]', 'a = {,}', '[a.]', 'a = 0x', 'a = 1_', "a = 'x",
    'a = "\\U00110000"', 'x = ' + '[' * 2000 + ']' * 2000,
]
TOML_1_1 = ['a = "\\e \\x41"', 'a = 07:32', 'a = 1979-05-27T07:32Z', 'a = { b = 1,\n c = 2, }']


def _read(reader, text: str) -> tuple[str, str]:
    try:
        return "value", repr(reader(text))
    except tomllib.TOMLDecodeError as error:
        return "error", str(error)
    except RecursionError:
        return "error", "too deep"


@pytest.mark.parametrize("text", VALID + INVALID)
def test_the_same_values_and_errors_as_tomllib(text):
    assert _read(tomlread.loads, text) == _read(tomllib.loads, text)


@pytest.mark.parametrize("text", TOML_1_1)
def test_toml_1_1_as_tomli_reads_it(text):
    assert _read(tomlread.loads, text) == _read(tomli.loads, text)


def test_a_zoned_time_keeps_pythons_own_zone():
    when = tomlread.loads("a = 1979-05-27T00:32:00-07:00\nb = 2026-12-03T09:00:00Z")
    assert type(when["a"].tzinfo) is dt.timezone and type(when["b"].tzinfo) is dt.timezone
    assert when["b"].tzinfo is dt.UTC


def test_the_fastest_reader_is_asked_for_content_and_not_for_zoned_times(monkeypatch):
    """rtoml is what makes a 1,000-lesson course validate in time (docs/performance.md):
    a quiz bank goes to it, a progress file's zoned times do not."""
    if tomlread._fastest is None:
        pytest.skip("rtoml is not installed")
    asked: list[str] = []
    real = tomlread._fastest.loads

    class Spy:
        @staticmethod
        def loads(text):
            asked.append(text)
            return real(text)

    monkeypatch.setattr(tomlread, "_fastest", Spy)
    bank = '[[questions]]\nid = "q1"\nprompt = "At 10:30, what?"\noptions = [{ text = "A", correct = true }]\n'
    progress = 'saved = 2026-12-03T09:00:00+01:00\n'
    assert tomlread.loads(bank) == tomllib.loads(bank)
    assert tomlread.loads(progress) == tomllib.loads(progress)
    assert asked == [bank]


_KEYS = st.text(string.ascii_letters + string.digits + "-_ é.\"'", min_size=1, max_size=8)
_SCALARS = (
    st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.dates()
    | st.times()
    | st.datetimes()
    | st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-7)), dt.timezone(dt.timedelta(hours=5, minutes=30))]))
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4), max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_any_document_reads_as_tomllib_reads_it(data):
    text = tomli_w.dumps(data, multiline_strings=True)
    assert repr(tomlread.loads(text)) == repr(tomllib.loads(text))
