"""Who can reach a server listening on an address: loopback (this computer only) or a network.

Shared by `serve`, the room quiz's server and the facilitator's screen that opens a room, so
they all judge an address, and warn about it, in the same words.
"""

from __future__ import annotations

import ipaddress

from course.i18n import _


def is_loopback(host: str) -> bool:
    """True for addresses only this computer can reach (localhost, 127.0.0.0/8, ::1)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_unspecified(host: str) -> bool:
    """0.0.0.0 or ::, "every address of this computer"."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def hostname_of(host_header: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1', '[::1]:8000' -> '::1'."""
    if host_header.startswith("["):
        return host_header[1:].partition("]")[0]
    return host_header.rpartition(":")[0] if host_header.count(":") == 1 else host_header


def network_warning(host: str, room: bool = False) -> str | None:
    """The warning to print before listening on `host`, or None when only this computer can connect.
    `room`: for the room quiz, whose pages hold no progress but need the join code."""
    if is_loopback(host):
        return None
    where = _("every network address of this computer") if is_unspecified(host) else host
    if room:
        return _("Warning: the room will listen on {where}. Anyone on the network who can reach this computer "
                 "could open its page; they still need the join code to see the questions or answer. Open rooms "
                 "on a network you trust.").format(where=where)
    return _("Warning: the course will listen on {where}. Anyone on the network who can reach this computer "
             "could open it in a browser. Each visitor is a guest whose progress stays in their own browser "
             "tab (offered as a download when they leave); the progress file is not used. Serve on a network "
             "you trust, or leave out --host to keep it to this computer (127.0.0.1).").format(where=where)
