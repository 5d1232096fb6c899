"""Reading TOML quickly, with tomllib's results and tomllib's error messages.

Three readers, fastest first (docs/performance.md):

- rtoml (Rust's `toml`), about five times faster than tomli on a course's quiz banks. It is
  asked only for documents on which it gives exactly what tomli gives: not one with a
  date-time that has a zone (rtoml's zones are its own class, not `datetime.timezone`; a
  progress file is full of them) nor one that starts with a byte-order mark (rtoml skips it,
  tomllib refuses it). Whatever it refuses (a float too large, a lone surrogate) goes on to
  tomli, so it never narrows what is accepted.
- tomli: tomllib's own code compiled with mypyc, about three times faster than tomllib.
- tomllib: a document tomli rejects is parsed again by tomllib, so every error message
  stays tomllib's.

`loads` returns what `tomllib.loads` returns and raises what it raises
(tests/test_tomlread.py compares the three on every kind of value and mistake).
"""

from __future__ import annotations

import importlib
import re
import tomllib
from types import ModuleType
from typing import Any

_fast: ModuleType
try:
    import tomli as _fast
except ImportError:  # a dependency, but everything still works without it
    _fast = tomllib

_fastest: ModuleType | None
try:  # by name, so that a checkout whose environment predates the dependency still type-checks
    _fastest = importlib.import_module("rtoml")
except ImportError:  # a dependency too; without it, tomli reads everything
    _fastest = None

# A time followed by a zone (Z, +hh:mm, -hh:mm): such a document is read by tomli. Cheap
# because it starts with a literal ':'; a match that is not a date-time (text such as
# "at 10:30-ish") only sends the document to tomli.
_ZONED_TIME = re.compile(r":\d\d(?::\d\d)?(?:\.\d+)?[Zz+-]")


def loads(text: str) -> dict[str, Any]:
    if _fastest is not None and not text.startswith("\ufeff") and not _ZONED_TIME.search(text):
        try:
            return _fastest.loads(text)
        except (ValueError, RecursionError):
            pass  # tomli decides (it accepts a few documents that rtoml refuses)
    try:
        return _fast.loads(text)
    except (ValueError, RecursionError):
        return tomllib.loads(text)
