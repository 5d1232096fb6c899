"""Cold start in a real pseudo-terminal: how long until a program's first screen is drawn.

No hooks in the product: the program runs in a pty (fixed 100×30 window,
TERM=xterm-256color), we read everything it writes, strip the escape sequences and stop
the clock when every marker text of the finished first screen has appeared. At that
moment we also read the process's peak memory (VmHWM), then end it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS, ROWS = 100, 30
TIMEOUT = 300.0  # a first start of 5,000 lessons checks them all: a minute on a busy machine

# CSI (colours, cursor moves, modes), OSC (titles, queries), and two-character escapes.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78MDEc]")


class StartError(RuntimeError):
    """The program exited or timed out before its first screen was drawn."""


@dataclass(frozen=True)
class Program:
    """A command to start, and the texts that together mean its first screen is finished."""

    name: str
    command: tuple[str, ...]
    markers: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    setup: object = field(default=None, compare=False)  # called with a fresh temp dir before each start
    cached: bool = True  # keeps its cache folder from start to start (False: every start is a first start)


@dataclass(frozen=True)
class Start:
    seconds: float  # from spawning the process to the first screen
    peak_rss_kib: int  # VmHWM when the first screen was ready


def screen_text(output: bytes) -> str:
    """What a person would read in the output: escape sequences removed."""
    return _ESCAPES.sub(b"", output).decode("utf-8", "replace")


def clean_environment(home: Path, extra: Sequence[tuple[str, str]] = ()) -> dict[str, str]:
    """The same terminal for every program; nothing from the caller's Textual settings, and
    no real home folder (progress and caches go to `home`)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TEXTUAL", "KETAMINE_COURSE"))
           and key not in ("COLORTERM", "NO_COLOR", "COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE")}
    # PYTHONDONTWRITEBYTECODE (set on the development machine) would make every start compile
    # the course's modules from source, while Textual's and pydantic's were compiled when pip
    # installed them: an installed course has its byte-code too, from its second start on.
    env.update(TERM="xterm-256color", LANG="C.UTF-8", HOME=str(home),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"))
    env.update(extra)
    return env


def peak_rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def start(program: Program, workdir: Path, timeout: float = TIMEOUT, stop_signal: int = signal.SIGTERM,
          cache_home: Path | None = None) -> Start:
    """Start `program` once in a fresh pty; time it to its first screen; end it with
    `stop_signal` (then SIGKILL if it lingers). With `cache_home`, the program's cache folder
    (XDG_CACHE_HOME) is that one, kept from start to start as a person's is; otherwise a
    fresh one in `workdir`, as on a first start."""
    workdir.mkdir(parents=True, exist_ok=True)
    if program.setup is not None:
        program.setup(workdir)
    env = clean_environment(workdir, program.env)
    if cache_home is not None:
        env["XDG_CACHE_HOME"] = str(cache_home)
    command = [part.replace("{workdir}", str(workdir)) for part in program.command]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    began = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                               cwd=workdir, start_new_session=True, close_fds=True)
    os.close(slave)
    output = bytearray()
    try:
        seconds = _read_until(master, process, program.markers, output, began, timeout)
        peak = peak_rss_kib(process.pid)
    finally:
        _stop(process, master, stop_signal)
    return Start(seconds, peak)


def _read_until(master: int, process: subprocess.Popen, markers: Sequence[str], output: bytearray,
                began: float, timeout: float) -> float:
    deadline = began + timeout
    while True:
        ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.perf_counter()))
        if not ready:
            raise StartError(f"no first screen after {timeout:.0f} s; the screen showed:\n{screen_text(bytes(output))[-2000:]}")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the program ended: the pty is closed
            chunk = b""
        if not chunk:
            raise StartError(f"exited with {process.wait()} before its first screen:\n{screen_text(bytes(output))[-2000:]}")
        output += chunk
        text = screen_text(bytes(output))
        if all(marker in text for marker in markers):
            return time.perf_counter() - began


def _stop(process: subprocess.Popen, master: int, first: int) -> None:
    for signal_number in (first, signal.SIGKILL):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, signal_number)
        except ProcessLookupError:
            break
        try:  # a profiled program writes its report when told to stop: seconds on a busy machine
            _drain_until_exit(process, master, 5.0 if signal_number == signal.SIGTERM else 60.0)
        except subprocess.TimeoutExpired:
            continue
    os.close(master)


def _drain_until_exit(process: subprocess.Popen, master: int, timeout: float) -> None:
    """Keep reading so a program writing its goodbye screen cannot block on a full pty."""
    deadline = time.perf_counter() + timeout
    while process.poll() is None:
        if time.perf_counter() > deadline:
            raise subprocess.TimeoutExpired(process.args, timeout)
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            with contextlib.suppress(OSError):
                os.read(master, 65536)
    process.wait()
