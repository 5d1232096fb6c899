"""Textual bindings made from the keymap (`course.keymap`): each screen and widget lists
`BINDINGS = bindings_for(PLACE)`, and the app `bindings_for(APP)`.

Help, the crisis line, the command palette and quit are bound on every screen, so modal
screens (which hide the app's bindings) keep them, and on the app too, with priority, so that
they work over screens the course does not own (the command palette) and while a text field
has the focus. Only keys that are never typed text get priority: `?` stays a question mark in
a name.
"""

from __future__ import annotations

import re
from functools import cache

from textual.binding import Binding, BindingType

from course.keymap import BY_ID, Command, commands_at, for_role

APP = "app"
_NEVER_TYPED = re.compile(r"f\d{1,2}|(ctrl|alt|super|meta)\+.+|escape|enter|tab|up|down|left|right|home|end"
                          r"|pageup|pagedown|delete|backspace|insert")


def binding(command: Command, keys: str | None = None, priority: bool | None = None) -> Binding:
    # The description is the untranslated label: the footer and the help translate it when shown.
    return Binding(keys or command.keys, command.action, command.label, show=bool(command.footer),
                   key_display=command.display or None, tooltip=command.text,
                   priority=command.priority if priority is None else priority, id=command.id)


def bindings_for(place: str) -> list[BindingType]:  # the type of Textual's BINDINGS
    if place != APP:
        return [binding(command) for command in commands_at(place)]
    found: list[BindingType] = []
    for command in (command for command in BY_ID.values() if command.app):
        keys = ",".join(key for key in command.keys.split(",") if _NEVER_TYPED.fullmatch(key))
        found.append(binding(command, keys, priority=True))
    return found


@cache
def _commands_for(place: str, action: str) -> tuple[Command, ...]:
    """The keymap's commands bound at `place` to `action` (the keymap does not change while the
    app runs). Asked once per binding each time a screen's footer is worked out: the whole
    keymap was searched each time, 2-4 ms a key."""
    return tuple(command for command in commands_at(place) if command.action.split("(")[0] == action)


def allowed(node, action: str) -> bool:
    """False when the keymap keeps `action` (bound on `node`'s place) for other roles than the learner's."""
    learner = node.app.learner
    role = learner.role if learner is not None else None
    return all(for_role(command, role) for command in _commands_for(node.PLACE, action))
