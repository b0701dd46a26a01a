"""Checking evidence files by their content: what a file really is, whatever its name says."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# (content type, test on the first bytes)
SIGNATURES: list[tuple[str, str, Callable[[bytes], bool]]] = [
    ("image/jpeg", ".jpg", lambda b: b.startswith(b"\xff\xd8\xff")),
    ("image/png", ".png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/gif", ".gif", lambda b: b.startswith((b"GIF87a", b"GIF89a"))),
    ("image/webp", ".webp", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP"),
    ("application/pdf", ".pdf", lambda b: b.startswith(b"%PDF-")),
    ("audio/wav", ".wav", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WAVE"),
    (
        "audio/mpeg",
        ".mp3",
        lambda b: b.startswith(b"ID3") or (len(b) > 1 and b[0] == 0xFF and (b[1] & 0xE0) == 0xE0),
    ),
    ("audio/ogg", ".ogg", lambda b: b.startswith(b"OggS")),
    ("video/mp4", ".mp4", lambda b: b[4:8] == b"ftyp"),
    ("video/webm", ".webm", lambda b: b.startswith(b"\x1a\x45\xdf\xa3")),
]


class EvidenceError(Exception):
    """The file cannot be kept as evidence; the message says why, for the user."""


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "ACTIVITY_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> tuple[str, str] | None:
    """Return (content type, extension) of a file from its first bytes, or None."""
    for content_type, extension, test in SIGNATURES:
        if test(head):
            return content_type, extension
    return None


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Return what `upload` is; raise EvidenceError for a wrong type or size."""
    size = upload.size or 0
    if size == 0:
        raise EvidenceError(_("The file “%(n)s” is empty.") % {"n": upload.name})
    if size > max_bytes():
        raise EvidenceError(
            _("The file “%(n)s” is too large (%(s)s MB); the limit is %(l)s MB.")
            % {"n": upload.name, "s": round(size / 1048576, 1), "l": max_bytes() // 1048576}
        )
    upload.seek(0)
    head = upload.read(64)
    kind = sniff(head)
    if kind is None:
        raise EvidenceError(
            _(
                "“%(n)s” is not an image, PDF, audio or video file (its content was checked, "
                "not its name)."
            )
            % {"n": upload.name}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(kind[0], kind[1], size, digest.hexdigest())
