"""Copies of the progress for the save thread, cheap however long the learners' history is.

The app saves from a thread, so it hands the store a copy while it keeps changing its own.
A plain deep copy costs about 12 ms per learner with a full quiz history (0.6 s for a
50-learner file, on the UI thread, at every page turn). Instead a learner unchanged since
the last copy (same `learner_state`) is shared with that copy, and quiz attempts, which are
frozen, are never copied at all. See docs/performance.md.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the app imports this before its first screen; the first-run welcome needs no pydantic
    from course.progress.model import Learner, Progress


def copy_learner(learner: Learner) -> Learner:
    """A copy that shares only what cannot change (course.progress.merge.copy_learner)."""
    from course.progress.merge import copy_learner

    return copy_learner(learner)


class Snapshots:
    def __init__(self) -> None:
        self._copies: dict[str, tuple[Learner, tuple, Learner]] = {}  # id -> (live learner, its state, copy)

    def take(self, progress: Progress) -> Progress:
        """A copy of `progress` that later changes to `progress` do not reach."""
        from course.progress.model import learner_state

        copies: dict[str, tuple[Learner, tuple, Learner]] = {}
        for learner_id, learner in progress.learners.items():
            state = learner_state(learner)
            known = self._copies.get(learner_id)
            if known is None or known[0] is not learner or known[1] != state:
                known = (learner, state, copy_learner(learner))
            copies[learner_id] = known
        self._copies = copies
        others = {name: copy.deepcopy(value) for name, value in vars(progress).items() if name != "learners"}
        return progress.model_copy(update={**others, "learners": {key: known[2] for key, known in copies.items()}})
