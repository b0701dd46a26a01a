"""A bulletin handed to a source information system or an IP-loudspeaker controller: a ZIP
with bulletin.json (metadata), text.txt, spoken.txt and the audio (docs/radio.md)."""

import hashlib
import io
import json
import re
import zipfile

from django.utils import timezone

from hangviet.core.text import fold
from hangviet.radio.models import Bulletin, text_hash

PACKAGE_FORMAT = "hangviet-bulletin/1"


def package(bulletin: Bulletin) -> bytes:
    """The bulletin for a source information system or an IP-loudspeaker controller: a ZIP
    with bulletin.json (metadata), text.txt, spoken.txt and the audio (docs/radio.md)."""
    files: dict[str, bytes] = {
        "text.txt": bulletin.text.encode("utf-8"),
        "spoken.txt": (bulletin.spoken_text or "").encode("utf-8"),
    }
    audio = {}
    if bulletin.audio_current:
        for name, field in (("audio.wav", bulletin.audio_wav), ("audio.mp3", bulletin.audio_mp3)):
            with field.open("rb") as f:
                files[name] = f.read()
            audio[name.split(".")[1]] = {
                "file": name,
                "sha256": hashlib.sha256(files[name]).hexdigest(),
                "bytes": len(files[name]),
            }
    communes = list(bulletin.communes.order_by("code", "name"))
    meta = {
        "format": PACKAGE_FORMAT,
        "id": bulletin.pk,
        "title": bulletin.title,
        "priority": bulletin.priority,
        "valid_from": bulletin.valid_from.isoformat(),
        "valid_until": bulletin.valid_until.isoformat(),
        "issuer": {"id": bulletin.unit_id, "name": bulletin.unit.name},
        "theme": bulletin.theme.label if bulletin.theme is not None else None,
        "communes": [{"code": c.code, "name": c.name} for c in communes],
        "duration_seconds": bulletin.audio_seconds if bulletin.audio_current else None,
        "audio": audio,
        "text_sha256": text_hash(bulletin.text),
        "created": timezone.localtime(bulletin.created_at).isoformat(),
    }
    files["bulletin.json"] = json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["bulletin.json", "text.txt", "spoken.txt", "audio.wav", "audio.mp3"]:
            if name in files:
                archive.writestr(name, files[name])
    return out.getvalue()


def package_name(bulletin: Bulletin) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(bulletin.title)).strip("-")[:50] or "ban-tin"
    return f"ban-tin-{bulletin.pk}-{slug}.zip"
