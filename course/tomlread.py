"""Reading TOML quickly: tomli is tomllib's own code compiled with mypyc, about three times
faster on a 1,000-lesson course or a large progress file (docs/performance.md).

`loads` returns what `tomllib.loads` returns and raises what it raises: a document tomli
rejects is parsed again by tomllib, so every error message stays tomllib's.
"""

from __future__ import annotations

import tomllib
from types import ModuleType
from typing import Any

_fast: ModuleType
try:
    import tomli as _fast
except ImportError:  # a dependency, but everything still works without it
    _fast = tomllib


def loads(text: str) -> dict[str, Any]:
    try:
        return _fast.loads(text)
    except (ValueError, RecursionError):
        return tomllib.loads(text)
