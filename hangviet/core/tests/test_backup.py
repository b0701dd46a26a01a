"""Backup and restore, round trip, on the database the suite runs on (SQLite or PostgreSQL)."""

import io
import json
import tarfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from hangviet.activities.models import Activity, Attachment
from hangviet.core.backup import BackupError, read_manifest, restore
from hangviet.orgs.models import Unit


@pytest.fixture
def evidence(transactional_db, settings, tmp_path):
    from hangviet.activities.services import activity_create, attachment_add
    from hangviet.activities.tests.test_views import PNG
    from hangviet.orgs.services import unit_create
    from hangviet.plans.models import Channel, ChannelGroup

    settings.MEDIA_ROOT = str(tmp_path / "media")
    channel = Channel.objects.get_or_create(
        code="commune_radio",
        defaults={"name": "Đài truyền thanh xã", "group": ChannelGroup.GRASSROOTS},
    )[0]
    unit = unit_create(by=None, kind="commune_pc", name="Xã Sao Lưu", source="test")
    activity = activity_create(
        by=None,
        unit=unit,
        channel=channel,
        kind="loudspeaker",
        title="Bản tin sáng",
        date=date(2026, 3, 2),
    )
    attachment = attachment_add(
        activity=activity, by=None, upload=SimpleUploadedFile("anh.png", PNG)
    )
    return unit, activity, attachment


def test_round_trip_brings_back_rows_and_files(evidence, tmp_path):
    unit, activity, attachment = evidence
    archive = tmp_path / "sao-luu.tar.gz"
    out = io.StringIO()
    call_command("backup", "--out", str(archive), stdout=out)
    assert "sao-luu.tar.gz" in out.getvalue()
    manifest = read_manifest(archive)
    assert manifest["rows"]["activities_activity"] == 1 and len(manifest["media"]) == 1
    stored = attachment.file.read()
    # Disaster: rows deleted, a unit renamed, the file gone.
    Activity.all_objects.all().delete()
    Unit.objects.filter(pk=unit.pk).update(name="Tên sai")
    attachment.file.storage.delete(attachment.file.name)
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert Unit.objects.get(pk=unit.pk).name == "Xã Sao Lưu"
    again = Attachment.objects.get(pk=attachment.pk)
    assert again.activity.title == "Bản tin sáng" and again.file.read() == stored


def test_a_damaged_or_foreign_archive_changes_nothing(evidence, tmp_path):
    unit, _activity, _attachment = evidence
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    # Damage: the database member no longer matches its checksum.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else b""
            if member.name.startswith("database."):
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    Unit.objects.filter(pk=unit.pk).update(name="Sau sao lưu")
    with pytest.raises(BackupError, match="hỏng|damaged"):
        restore(damaged)
    # Another vendor's archive.
    foreign = tmp_path / "foreign.tar.gz"
    manifest = read_manifest(archive)
    manifest["vendor"] = "mysql"
    data = json.dumps(manifest).encode()
    with tarfile.open(foreign, "w:gz") as dst:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        dst.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="mysql"):
        restore(foreign)
    not_a_backup = tmp_path / "x.tar.gz"
    not_a_backup.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError):
        call_command("restore", str(not_a_backup), "--yes")
    assert Unit.objects.get(pk=unit.pk).name == "Sau sao lưu"
