"""A guest's progress: kept in this app's memory only, never in a file on the computer running
it. `serve --host` on a network gives every browser tab a guest, so no visitor can see or
choose another's data; leaving offers the progress as a download, to import at home with
`ketamine-course progress import`."""

from __future__ import annotations

from pathlib import Path

from course.i18n import N_, _
from course.progress.model import Progress
from course.progress.store import ProgressStore, dumps

DOWNLOAD_NAME = "ketamine-course-progress.toml"


class GuestStore(ProgressStore):
    guest = True

    def __init__(self) -> None:
        super().__init__(Path(_("this browser tab")), Progress())

    def save(self) -> bool:
        return True  # nothing to write: the progress lives in memory until the tab closes


def guest_download(progress: Progress) -> str:
    """The guest's progress as a progress file, for `ketamine-course progress import`."""
    return dumps(progress)


GUEST_NOTICE = N_("You are a guest: your progress is kept only while this browser tab is open, never on the "
                 "computer serving the course. To keep it, leave with Ctrl+Q and download it.")
