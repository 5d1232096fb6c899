"""Bindings every screen carries, so help and the crisis line are one key away everywhere.

Screens list `ALWAYS` first: the Footer shows bindings in order, so these stay visible even
on a narrow terminal, and modal screens (which hide the app's own bindings) keep them too.
"""

from __future__ import annotations

from textual.binding import Binding
from course.i18n import N_

ALWAYS = [
    Binding("f1,question_mark", "app.help", N_("Help"), key_display="F1", id="help"),
    Binding("f2,exclamation_mark", "app.crisis", N_("Crisis line"), key_display="F2", id="crisis"),
]
