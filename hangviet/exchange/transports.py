"""How packages and status messages travel, behind one interface (`Transport`).

- `FolderTransport`: a folder pair per partner, what a provincial integration platform (LGSP)
  picks up and drops: we write into `<folder>/gui-di/` (written under a temporary name, then
  renamed, so the platform never takes half a file) and read from `<folder>/nhan-ve/`; a file
  read is moved to `da-xu-ly/`, one refused to `bi-tu-choi/` with a `.ly-do.txt` beside it.
- `HttpTransport`: another hangviet installation, which receives at `/lien-thong/nhan/`. Each
  request is signed with the key the two sides share (HMAC-SHA256 over the time and the body's
  SHA-256, in `X-Hangviet-Signature`), names the sender by agency code and is refused when its
  time is more than five minutes off (no replay). The answer says at once whether the package
  arrived or was refused, and why.
- The national document axis (Trục liên thông văn bản quốc gia) is reached through the
  province's platform, that is through the folder pair; a direct adapter is a class with the
  same `send` registered in `settings.EXCHANGE_TRANSPORTS` (docs/electronic-documents.md).
"""

import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from hangviet.exchange.models import Peer

SIGNATURE_HEADER = "X-Hangviet-Signature"
SENDER_HEADER = "X-Hangviet-Agency"
TIME_HEADER = "X-Hangviet-Time"
MAX_SKEW_SECONDS = 300
TIMEOUT_SECONDS = 30

OUTGOING, INCOMING, DONE, REFUSED = "gui-di", "nhan-ve", "da-xu-ly", "bi-tu-choi"


class TransportError(RuntimeError):
    """The package did not reach the other side (try again later); the message says why."""


@dataclass
class Answer:
    """What the other side said at once: "arrived", "refused" (with its reason), "duplicate";
    empty for a transport that answers later (a folder)."""

    state: str = ""
    reason: str = ""


class Transport:
    def send(self, peer: Peer, data: bytes, name: str, sender_code: str) -> Answer:
        """Carry `data` (a package or a status message, `name` its file name) from our agency
        `sender_code` to `peer`; raise `TransportError` when it did not go."""
        raise NotImplementedError


def signature(secret: str, stamp: str, body: bytes) -> str:
    message = f"{stamp}\n{hashlib.sha256(body).hexdigest()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_ok(secret: str, stamp: str, body: bytes, given: str) -> bool:
    if not secret or not stamp or not given:
        return False
    try:
        skew = abs(time.time() - float(stamp))
    except ValueError:
        return False
    return skew <= MAX_SKEW_SECONDS and hmac.compare_digest(signature(secret, stamp, body), given)


class FolderTransport(Transport):
    def send(self, peer: Peer, data: bytes, name: str, sender_code: str) -> Answer:
        folder = Path(peer.address) / OUTGOING
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = folder / f".{uuid.uuid4().hex}.tmp"
            temporary.write_bytes(data)
            os.replace(temporary, folder / name)
        except OSError as exc:
            raise TransportError(
                _("The folder %(f)s cannot be written: %(e)s") % {"f": folder, "e": exc}
            ) from exc
        return Answer()


class HttpTransport(Transport):
    def send(self, peer: Peer, data: bytes, name: str, sender_code: str) -> Answer:
        if not peer.secret:
            raise TransportError(_("No shared key is set for %(p)s.") % {"p": peer})
        stamp = f"{time.time():.0f}"
        url = peer.address.rstrip("/") + "/lien-thong/nhan/"
        request = urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/xml",
                SENDER_HEADER: sender_code,
                TIME_HEADER: stamp,
                SIGNATURE_HEADER: signature(peer.secret, stamp, data),
                "X-Hangviet-Name": name,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                body = json.loads(response.read(65536) or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                said = json.loads(exc.read(65536) or b"{}").get("reason", "")
            except ValueError:
                said = ""
            raise TransportError(
                _("%(p)s answered %(c)s. %(r)s") % {"p": peer.name, "c": exc.code, "r": said}
            ) from exc
        except (OSError, ValueError) as exc:
            raise TransportError(
                _("%(p)s could not be reached: %(e)s") % {"p": peer.name, "e": exc}
            ) from exc
        return Answer(state=str(body.get("state", "")), reason=str(body.get("reason", "")))


TRANSPORTS: dict[str, type[Transport]] = {"folder": FolderTransport, "http": HttpTransport}


def for_peer(peer: Peer) -> Transport:
    extra = getattr(settings, "EXCHANGE_TRANSPORTS", {}) or {}
    if peer.transport in extra:
        return import_string(extra[peer.transport])()
    return TRANSPORTS[peer.transport]()


def incoming_files(peer: Peer) -> list[Path]:
    """The files waiting in a folder partner's incoming folder, oldest first (temporary and
    hidden files are the platform's, still being written)."""
    folder = Path(peer.address) / INCOMING
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def file_away(path: Path, refused_reason: str = "") -> None:
    """Move a read file out of the incoming folder: to done, or to refused with its reason."""
    base = path.parent.parent / (REFUSED if refused_reason else DONE)
    base.mkdir(parents=True, exist_ok=True)
    target = base / path.name
    os.replace(path, target)
    if refused_reason:
        (base / f"{path.name}.ly-do.txt").write_text(refused_reason + "\n", encoding="utf-8")
