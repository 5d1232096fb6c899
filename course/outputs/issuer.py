"""A coordinator's issuer key: an Ed25519 key pair that signs the completion records they certify.

- The private key is a small TOML file (the issuer's name, when it was made, the key in PEM)
  in the user data folder's `issuer/` folder: the file 0600, the folder 0700. It is never
  replaced unless the coordinator asks (`--force`): records already signed would stop
  matching the public key they published.
- The public key is what the coordinator publishes (`issuer export`): the name, the key and its
  fingerprint. `verify --issuer` takes that file, or the fingerprint alone.
- A fingerprint is the first 160 bits of SHA-256 over the raw 32-byte public key, in eight
  groups of four letters and digits: short enough to compare by eye or read over the phone.

Signing and checking use the `cryptography` package; nothing here is hand-made cryptography.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from course import tomlread
from course.errors import UserError
from course.files import FOLDER_MODE, TooLarge, make_folder, read_bounded, reason, write_file
from course.i18n import _
from course.outputs.common import readable_code
from course.terminal import printable

PRIVATE_KIND = "ketamine-course issuer key"
PUBLIC_KIND = "ketamine-course issuer public key"
FINGERPRINT = re.compile(r"^\s*([0-9A-Za-z]{4}(?:[- ]?[0-9A-Za-z]{4}){7})\s*$")
_MISREAD = str.maketrans("ILO", "110")  # Crockford's base 32 reads these as the digits they look like
MAX_KEY_FILE = 64 * 1024  # a key file is a few hundred bytes


class IssuerKeyError(UserError):
    """An issuer key that cannot be made, read or used; the message says what to do."""


@dataclass(frozen=True)
class PublicKey:
    name: str
    raw: bytes  # the 32-byte Ed25519 public key

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    @property
    def text(self) -> str:
        return base64.b64encode(self.raw).decode("ascii")

    def holds(self, signature: bytes, message: bytes) -> bool:
        """Did the private half of this key sign `message`?"""
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class IssuerKey:
    name: str
    created: dt.date
    private: Ed25519PrivateKey
    path: Path

    @property
    def public(self) -> PublicKey:
        raw = self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return PublicKey(self.name, raw)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)


@dataclass(frozen=True)
class Published:
    """The key a coordinator published: the whole public key, or only its fingerprint."""

    fingerprint: str
    key: PublicKey | None = None


def fingerprint(raw: bytes) -> str:
    return readable_code(hashlib.sha256(raw).digest()[:20])


def public_key_from_text(text: str, name: str = "") -> PublicKey | None:
    """A public key written as base64 (in a record or a published key file); None if it is not one."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return PublicKey(name, raw) if len(raw) == 32 else None


# ------------------------------------------------------------------ the private key


def create_key(path: Path, name: str, force: bool = False, today: dt.date | None = None) -> IssuerKey:
    """Make a new key pair and keep it at `path` (0600, its folder 0700). An existing key is
    replaced only with `force`."""
    name = printable(" ".join(name.split()))  # one line, no escape codes: it is printed on every record
    if not name:
        raise IssuerKeyError(_("Give the name records will show as the issuer, for example: "
                          "ketamine-course issuer init --name \"Riverside Peer Support\""))
    if os.path.lexists(path) and not force:
        raise IssuerKeyError(_("There is already an issuer key at {path}. Nothing was changed. Replacing it would "
                          "make the public key you published stop matching: records you certified could no "
                          "longer be checked against it. To replace it anyway, add --force.").format(path=path))
    key = IssuerKey(name, today or dt.date.today(), Ed25519PrivateKey.generate(), path)
    _private_folder(path.parent)
    write_file(path, _key_file_text(key), private=True, force=force)
    return key


def _private_folder(folder: Path) -> None:
    try:
        make_folder(folder)
        if folder.name == "issuer":  # the folder made for the key; a --key elsewhere keeps its folder's mode
            os.chmod(folder, FOLDER_MODE)
    except OSError as error:
        raise IssuerKeyError(_("Could not make the folder {folder}: {reason}. Nothing was written.").format(
            folder=folder, reason=reason(error, folder))) from None


def _key_file_text(key: IssuerKey) -> str:
    pem = key.private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode("ascii")
    return (f"# {PRIVATE_KIND}. Private: anyone with this file can certify records in your name.\n"
            "# Keep it here, readable only by you; give others the public key (ketamine-course issuer export).\n"
            f"kind = {_toml_string(PRIVATE_KIND)}\n"
            f"name = {_toml_string(key.name)}\n"
            f"created = {key.created.isoformat()}\n"
            f"fingerprint = {_toml_string(key.public.fingerprint)}\n"
            f'private_key = """\n{pem}"""\n')


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def load_key(path: Path) -> IssuerKey:
    """The issuer key at `path`; IssuerKeyError with what to do when there is none or it cannot be used."""
    data = _read_toml(path, missing=_("You have no issuer key yet (looked in {path}). Make one with: "
                                      "ketamine-course issuer init --name \"Your name or organisation\""
                                      ).format(path=path))
    if data.get("kind") != PRIVATE_KIND:
        raise IssuerKeyError(_("{path} is not a ketamine-course issuer key.").format(path=path))
    _check_private(path)
    try:
        private = serialization.load_pem_private_key(str(data.get("private_key", "")).encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError):
        private = None
    created = data.get("created")
    if not isinstance(private, Ed25519PrivateKey) or not isinstance(data.get("name"), str) \
            or not isinstance(created, dt.date):
        raise IssuerKeyError(_("The issuer key in {path} is damaged, so it cannot sign. Restore it from your backup, "
                          "or make a new one with --force (then publish the new public key).").format(path=path))
    return IssuerKey(data["name"], created, private, path)


def _check_private(path: Path) -> None:
    if os.name == "nt":
        return  # Windows keeps the user data folder private by its own permissions
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode & 0o077:
        raise IssuerKeyError(_("The issuer key {path} can be read by other accounts on this computer (mode {mode:o}), "
                          "so it is not used. Make it private with: chmod 600 {path}").format(path=path, mode=mode))


def _read_toml(path: Path, missing: str) -> dict:
    try:
        text = read_bounded(path, MAX_KEY_FILE).decode("utf-8")
        return tomlread.loads(text)
    except FileNotFoundError:
        raise IssuerKeyError(missing) from None
    except IsADirectoryError:
        raise IssuerKeyError(_("{path} is a folder, not a key file.").format(path=path)) from None
    except (TooLarge, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise IssuerKeyError(_("{path} is not a ketamine-course key file.").format(path=path)) from None
    except OSError as error:
        raise IssuerKeyError(_("{path} could not be read: {reason}.").format(path=path, reason=reason(error, path))) from None


# ------------------------------------------------------------------ the public key


def public_key_text(key: PublicKey) -> str:
    """The file a coordinator publishes (`issuer export`)."""
    return (f"# {PUBLIC_KIND}: publish it, so that anyone can check the records {key.name} certifies.\n"
            "# Check a record with: ketamine-course verify RECORD --issuer THIS_FILE\n"
            f"kind = {_toml_string(PUBLIC_KIND)}\n"
            f"name = {_toml_string(key.name)}\n"
            f"fingerprint = {_toml_string(key.fingerprint)}\n"
            f"public_key = {_toml_string(key.text)}\n")


def load_published(given: str) -> Published:
    """`verify --issuer`: a published key file, or a fingerprint typed or pasted."""
    path = Path(given).expanduser()
    if not os.path.exists(path):
        typed = FINGERPRINT.match(given)
        if typed:
            letters = re.sub(r"[- ]", "", typed.group(1)).upper().translate(_MISREAD)
            return Published("-".join(letters[i:i + 4] for i in range(0, 32, 4)))
        raise IssuerKeyError(_("{given} is neither a published key file nor a key fingerprint (eight groups of four "
                          "letters and digits). Give the file the coordinator published, or its fingerprint."
                          ).format(given=given))
    data = _read_toml(path, missing=_("{path}: there is no such file.").format(path=path))
    key = public_key_from_text(data.get("public_key", ""), data.get("name", "")) \
        if data.get("kind") == PUBLIC_KIND and isinstance(data.get("public_key"), str) else None
    if key is None or data.get("fingerprint", key.fingerprint) != key.fingerprint:
        raise IssuerKeyError(_("{path} is not a ketamine-course public key, or it was damaged: ask the coordinator "
                          "for the file again (ketamine-course issuer export).").format(path=path))
    return Published(key.fingerprint, key)
