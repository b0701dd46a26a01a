"""Backups that can be restored: the database and the uploaded files in one archive.

An archive (`.tar.gz`) holds:
- `manifest.json`: format, date, database vendor, the last migration of every app, the row
  count of every table, and the SHA-256 of every other member;
- `database.sqlite3` (SQLite, taken with SQLite's online backup API while the app runs) or
  `database.dump` (PostgreSQL, `pg_dump --format=custom`);
- `media/…`: evidence files, product photos, bulletin audio.

`restore` checks the manifest and every checksum before touching anything, refuses an archive
of the other database vendor or of a newer schema, then replaces the database (SQLite: the
backup API again, into the live file; PostgreSQL: `pg_restore --clean`) and the media folder.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "hangviet-backup/1"


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why."""


@dataclass
class Summary:
    path: Path
    vendor: str
    tables: int
    rows: int
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in counts or model._meta.proxy or not model._meta.managed:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 — table names from models
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    args += ["--username", db.get("USER") or "postgres"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, timeout=3600, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            _("%(p)s is not installed (apt-get install postgresql-client).") % {"p": args[0]}
        ) from None
    if done.returncode != 0:
        raise BackupError(done.stderr.decode("utf-8", "replace")[-800:])


def backup(out: Path) -> Summary:
    """Write a backup archive to `out`; return what it holds."""
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups support SQLite and PostgreSQL only."))
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="hangviet-backup-") as folder:
        work = Path(folder)
        if vendor == "sqlite":
            target = work / "database.sqlite3"
            connection.ensure_connection()
            destination = sqlite3.connect(target)
            with destination:
                connection.connection.backup(destination)  # online, consistent
            destination.close()
        else:
            target = work / "database.dump"
            args, env = _pg_env()
            _run(
                [
                    "pg_dump",
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    str(target),
                    connection.settings_dict["NAME"],
                ],
                env,
            )
        members = {target.name: _sha256(target)}
        files = []
        if media.exists():
            files = [p for p in sorted(media.rglob("*")) if p.is_file()]
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "vendor": vendor,
            "migrations": _migrations(),
            "rows": _counts(),
            "members": members,
            "media": {str(p.relative_to(media)): _sha256(p) for p in files},
        }
        tmp_out = out.with_name(out.name + ".part")
        with tarfile.open(tmp_out, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(target, arcname=target.name)
            for p in files:
                archive.add(p, arcname=f"media/{p.relative_to(media)}")
        tmp_out.replace(out)  # never a half-written archive under the final name
    return Summary(out, vendor, len(manifest["rows"]), sum(manifest["rows"].values()), len(files))


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile("manifest.json")
            if member is None:
                raise KeyError
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError, EOFError):
        raise BackupError(_("“%(f)s” is not a hangviet backup.") % {"f": path.name}) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Unknown backup format: %(f)s.") % {"f": manifest.get("format")})
    return manifest


def restore(path: Path) -> Summary:
    """Replace the database and the media files by those of the archive at `path`."""
    manifest = read_manifest(path)
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise BackupError(
            _("This backup is of a %(a)s database; this installation uses %(b)s.")
            % {"a": manifest["vendor"], "b": vendor}
        )
    ours = _migrations()
    newer = [a for a, name in manifest["migrations"].items() if name > ours.get(a, "")]
    if newer:
        raise BackupError(
            _("The backup comes from a newer version of hangviet (%(a)s); upgrade first.")
            % {"a": ", ".join(sorted(newer))}
        )
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="hangviet-restore-") as folder:
        work = Path(folder)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        expected = {
            **manifest["members"],
            **{f"media/{k}": v for k, v in manifest["media"].items()},
        }
        for name, digest in expected.items():
            member = work / name
            if not member.is_file() or _sha256(member) != digest:
                raise BackupError(_("The backup is damaged: %(f)s does not match.") % {"f": name})
        if vendor == "sqlite":
            source = sqlite3.connect(work / "database.sqlite3")
            connection.ensure_connection()
            with source:
                source.backup(connection.connection)
            source.close()
        else:
            args, env = _pg_env()
            name = connection.settings_dict["NAME"]
            connections.close_all()
            _run(
                [
                    "pg_restore",
                    *args,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--dbname",
                    name,
                    str(work / "database.dump"),
                ],
                env,
            )
        staged = work / "media"
        if media.exists():
            shutil.rmtree(media)
        if staged.exists():
            shutil.copytree(staged, media)
        else:
            media.mkdir(parents=True, exist_ok=True)
    rows = manifest["rows"]
    return Summary(path, vendor, len(rows), sum(rows.values()), len(manifest["media"]))
