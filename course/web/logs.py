"""One line per problem: the servers' logs never print a traceback box, which on a
facilitator's console may be on the projector (and may show request details)."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

# aiohttp logs a malformed request with its traceback on these
SERVER_LOGGERS = ("aiohttp.server", "aiohttp.web", "aiohttp.websocket", "aiohttp.access", "textual-serve")


class OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = " ".join(record.getMessage().split())
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            reason = " ".join(str(error).split())[:200]
            message = f"{message}: {type(error).__name__}" + (f": {reason}" if reason else "")
        return message[:500]

    def formatException(self, ei) -> str:  # never a traceback, even for a handler that asks
        return ""


def one_line_handler(stream: TextIO | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(OneLineFormatter())
    return handler


def log_in_one_line(handler: logging.Handler, level: int = logging.WARNING) -> None:
    """Send the servers' loggers to `handler` only (not to the root logger's handlers)."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level if name != "aiohttp.access" else logging.WARNING)
        logger.propagate = False
