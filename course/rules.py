"""Field rules the data classes declare and pydantic checks, without importing pydantic.

The course and progress classes are plain dataclasses: the app, `read` and every export use
them without the cost of pydantic (about 90 ms and 10 MiB at start-up, docs/performance.md).
The rules of each field (not empty, a pattern, a range, a clean-up) are written beside it as
`Annotated[str, Rule(min_length=1)]`, and pydantic reads them only when a file is checked:
the loader validates with `pydantic.TypeAdapter(SomeClass)`, which fills the same classes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

# What pydantic reads from every class: an unknown field is an author's typo, and text is
# taken without the spaces around it.
STRICT = {"extra": "forbid", "str_strip_whitespace": True}


class Rule:
    """Constraints on a field, in `pydantic.Field`'s words: Rule(min_length=1), Rule(gt=0),
    Rule(pattern=r"^[a-z]+$")."""

    __slots__ = ("constraints",)

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __repr__(self) -> str:
        return f"Rule({', '.join(f'{name}={value!r}' for name, value in self.constraints.items())})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.constraints)])


class After:
    """A function applied to a field's value once pydantic has checked its type (pydantic's
    AfterValidator): it may return a cleaned value or raise ValueError."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __repr__(self) -> str:
        return f"After({self.function.__name__})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.function, handler(source))
