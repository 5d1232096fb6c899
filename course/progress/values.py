"""The progress model's plain values and rules, without pydantic: what the model
(course.progress.model) and the start-up preview of a learner (course.progress.preview) share.

Text keeps every character except control characters other than tab and newline and unpaired
surrogates; times are in UTC; counts saturate at MAX_COUNT and times at LATEST (see the model).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Literal

SCHEMA_VERSION = 4  # bump only with a migration in course/progress/migrations.py (a test checks)
ATTEMPTS_KEPT = 20  # per quiz; the best score is kept separately so trimming loses nothing that counts

LessonStatus = Literal["not_started", "in_progress", "done"]
STATUS_ORDER: dict[str, int] = {"not_started": 0, "in_progress": 1, "done": 2}
Role = Literal["patient", "volunteer", "facilitator"]
ROLES = ("patient", "volunteer", "facilitator")

UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
UTC = dt.UTC
EPOCH = dt.datetime(1, 1, 1, tzinfo=UTC)  # "never", for comparing optional times
# Ranges. A count or time beyond them (a hand edit, a crafted file) is brought within them
# when it enters the model, loaded or assigned: nothing accepted can overflow later
# (2**63 - 1 seconds plus a page turn used to crash the app, and a date near 9999 plus a
# practice interval would). A billion is more than any real count; 9000 leaves millennia.
MAX_COUNT = 10**9
LATEST = dt.datetime(9000, 1, 1, tzinfo=UTC)


def now() -> dt.datetime:
    """The current time in UTC, to the second (TOML keeps it exactly)."""
    return dt.datetime.now(UTC).replace(microsecond=0)


def clean_text(text: str) -> str:
    """Drop what TOML or a terminal cannot safely hold: controls other than tab and newline,
    and unpaired surrogates. Line endings become "\\n". Idempotent."""
    if UNSAFE_TEXT.search(text) is None:
        return text
    return UNSAFE_TEXT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# The files the store writes (course.progress.fileformat writes them).
# The last line of every file the store writes: a file cut short (a full disk, a copy that
# stopped half way) has lost it, and is then set aside like any file that cannot be read.
END_LINE = "# end of ketamine-course progress"
HEADER_START = "# ketamine-course progress"  # the first words of every file the store writes
PLAIN_ID = re.compile(r"[a-z0-9_-]{1,64}")  # ids that can name a file as they are, on every system


def learner_file_name(learner_id: str) -> str:
    """The file of a learner: their id, or (for an id a file name cannot hold as it is, or that
    differs only in case from another on some systems) a digest of it. The file holds the id."""
    if PLAIN_ID.fullmatch(learner_id):
        return f"{learner_id}.toml"
    return f"id-{hashlib.sha256(learner_id.encode('utf-8', 'surrogatepass')).hexdigest()[:24]}.toml"
