"""Hand an exported file (question list, record, handout) to the person using the app.

In a browser (`ketamine-course serve`) the file is downloaded by the browser: the app runs on
someone else's computer, and a file written there would be out of the learner's reach. In a
terminal it is saved in the learner's Downloads folder (or home folder) and the path is shown.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from textual.app import App

from course.files import PRIVATE_MODE, create_numbered, reason
from course.i18n import _

# Exports can reveal that someone is considering ketamine treatment: readable by the owner only.
FILE_MODE = PRIVATE_MODE
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Long enough to read and note down a path, for a slow reader or a screen magnifier.
NOTICE_SECONDS = 30


def safe_filename(filename: str) -> str:
    """A name every browser and file system accepts (textual-serve does not quote it in its header)."""
    stem, suffix = os.path.splitext(Path(filename).name)
    stem = _UNSAFE.sub("-", stem).strip("-.") or "export"
    suffix = "." + (_UNSAFE.sub("", suffix) or "txt").lstrip(".")
    return stem + suffix


def export_folder() -> Path:
    """The learner's Downloads folder if they have one, else their home folder."""
    from platformdirs import user_downloads_path

    downloads = user_downloads_path()
    return downloads if downloads.is_dir() else Path.home()


def deliver_export(app: App, filename: str, text: str, folder: Path | None = None) -> Path | None:
    """Give `text` to the learner as a file called `filename`; tell them where it went.

    Returns the saved path in a terminal, or None in a browser (the browser chooses where).
    Never raises for a file problem: the learner is told in plain words instead.
    """
    name = safe_filename(filename)
    if app.is_web:
        app.deliver_text(io.StringIO(text), save_filename=name, encoding="utf-8", mime_type="text/plain")
        app.notify(_("Your browser is downloading {name}.").format(name=name), title=_("Export"), timeout=NOTICE_SECONDS)
        return None
    folder = folder or export_folder()
    try:  # a new file (name-2, name-3 … beside earlier ones), removed again if writing fails
        path = create_numbered(folder, name, text.encode("utf-8"), mode=FILE_MODE)
    except OSError as error:
        app.notify(_("Could not save {name}: {reason}. Nothing was saved.").format(
            name=name, reason=reason(error, folder / name)), title=_("Export"), severity="error", timeout=NOTICE_SECONDS)
        return None
    app.notify(_("Saved to {path}").format(path=path), title=_("Export"), timeout=NOTICE_SECONDS)
    return path
