"""Errors a person can fix, and the command line's exit codes.

Kept apart from the CLI so every layer (content, progress, outputs, the app, the web server)
can raise a `UserError` without importing the command line.
"""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A problem the user can fix; printed as a message, never as a traceback."""
