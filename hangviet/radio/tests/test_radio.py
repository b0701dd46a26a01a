"""Bulletins, speech, scheduling, broadcast → activity, the package, and permissions."""

import io
import json
import shutil
import wave
import zipfile
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from hangviet.activities.models import Activity
from hangviet.radio import packaging, services, synthesis
from hangviet.radio.models import Broadcast, Bulletin

pytestmark = pytest.mark.django_db

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (apt-get install espeak-ng): speech tests skipped",
)
TEXT = (
    "Thưa bà con! UBND xã Tân Cương thông báo: phiên chợ hàng Việt sẽ diễn ra lúc 7h30 "
    "ngày 20/4 tại sân vận động xã, với 40 gian hàng, giảm giá 10-30%. Mời bà con đến mua sắm."
)


@pytest.fixture
def bulletin(world, people):
    today = timezone.localdate()
    return services.bulletin_save(
        bulletin=Bulletin(unit=world["commune"]),
        by=people["alice"],
        communes=[world["commune"]],
        title="Phiên chợ hàng Việt",
        text=TEXT,
        priority="normal",
        valid_from=today,
        valid_until=today + timedelta(days=10),
    )


def test_a_commune_writes_for_itself_but_not_for_its_neighbour(world, people, bulletin):
    assert bulletin.communes.get() == world["commune"]
    with pytest.raises(PermissionDenied):
        services.bulletin_save(
            bulletin=Bulletin(unit=world["commune"]),
            by=people["alice"],
            communes=[world["sibling"]],
            title="X",
            text="Nội dung",
            valid_from=date(2026, 5, 1),
            valid_until=date(2026, 5, 2),
        )


@pytest.mark.parametrize(
    "text, dates, message",
    [
        ("   ", (0, 1), "không có nội dung"),
        ("a" * 100_000, (0, 1), "quá dài"),
        ("Bản tin.", (5, 1), "trước khi"),
    ],
)
def test_bad_bulletins_are_refused(world, people, text, dates, message):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.bulletin_save(
            bulletin=Bulletin(unit=world["commune"]),
            by=people["alice"],
            communes=[world["commune"]],
            title="X",
            text=text,
            valid_from=today + timedelta(days=dates[0]),
            valid_until=today + timedelta(days=dates[1]),
        )
    assert message in " ".join(error.value.messages)
    assert not Bulletin.objects.exists()


def test_a_missing_engine_is_said_clearly_and_nothing_else_breaks(
    bulletin, people, settings, tmp_path
):
    settings.RADIO_ESPEAK = "espeak-ng-not-installed"
    with pytest.raises(ValidationError, match="apt-get install espeak-ng"):
        services.synthesis_request(bulletin=bulletin, by=people["alice"])
    assert synthesis.synthesize(bulletin.pk).synthesis_status == "failed"
    source = tmp_path / "tin.txt"
    source.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match="espeak-ng"):
        call_command("radio", "synthesize", str(source), "--out", str(tmp_path / "x.wav"))
    out = io.StringIO()
    call_command("radio", "normalize", str(source), stdout=out)  # needs no engine
    assert "bảy giờ ba mươi phút" in out.getvalue()


@needs_espeak
def test_synthesis_makes_playable_wav_and_mp3_of_the_expected_length(bulletin, tmp_path):
    done = synthesis.synthesize(bulletin.pk)
    assert done.synthesis_status == "done" and done.synthesis_progress == 100
    assert done.audio_current and 8 < done.audio_seconds < 40
    with wave.open(done.audio_wav.open("rb")) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        assert abs(audio.getnframes() / audio.getframerate() - done.audio_seconds) < 0.1
    head = done.audio_mp3.open("rb").read(2)
    assert head[0] == 0xFF and head[1] & 0xE0 == 0xE0  # an MPEG audio frame
    # Asking again for the same text changes nothing.
    before = done.audio_wav.name
    assert synthesis.synthesize(bulletin.pk).audio_wav.name == before
    # The command line does the same from a file.
    source = tmp_path / "tin.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = io.StringIO()
    call_command("radio", "synthesize", str(source), "--out", str(tmp_path / "tin.mp3"), stdout=out)
    assert (tmp_path / "tin.mp3").stat().st_size > 20_000 and "tin.mp3" in out.getvalue()


def test_scheduling_refuses_the_past_other_days_and_other_communes(bulletin, people, world):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="quá khứ"):
        services.broadcasts_plan(
            bulletin=bulletin,
            commune=world["commune"],
            by=people["alice"],
            day=today - timedelta(days=1),
            times=[time(6, 30)],
        )
    with pytest.raises(ValidationError, match="có hiệu lực"):
        services.broadcasts_plan(
            bulletin=bulletin,
            commune=world["commune"],
            by=people["alice"],
            day=today + timedelta(days=30),
            times=[time(6, 30)],
        )
    with pytest.raises(PermissionDenied):
        services.broadcasts_plan(
            bulletin=bulletin,
            commune=world["commune"],
            by=people["bob"],
            day=today + timedelta(days=1),
            times=[time(6, 30)],
        )
    made = services.broadcasts_plan(
        bulletin=bulletin,
        commune=world["commune"],
        by=people["alice"],
        day=today + timedelta(days=1),
        times=[time(17, 0), time(6, 30)],
        repetitions=2,
        clusters="Cụm loa xóm 1, 2",
    )
    assert [b.time for b in made] == [time(6, 30), time(17, 0)]
    with pytest.raises(ValidationError, match="06:30"):
        services.broadcasts_plan(
            bulletin=bulletin,
            commune=world["commune"],
            by=people["alice"],
            day=today + timedelta(days=1),
            times=[time(6, 30)],
        )


def test_a_broadcast_done_becomes_a_loudspeaker_activity_once(bulletin, people, world):
    broadcast = Broadcast.objects.create(
        bulletin=bulletin,
        commune=world["commune"],
        date=timezone.localdate(),
        time=time(6, 30),
        repetitions=3,
    )
    with pytest.raises(PermissionDenied):
        services.broadcast_done(broadcast=broadcast, by=people["bob"])
    activity = services.broadcast_done(broadcast=broadcast, by=people["alice"])
    assert (activity.kind, activity.measure, activity.quantity) == ("loudspeaker", "broadcasts", 3)
    assert activity.channel.code == "commune_radio" and activity.status == "confirmed"
    assert activity.source == "radio" and activity.unit == world["commune"]
    assert "Phiên chợ hàng Việt" in activity.title
    with pytest.raises(ValidationError, match="đã được ghi nhận"):
        services.broadcast_done(broadcast=broadcast, by=people["alice"])
    assert Activity.objects.count() == 1
    later = Broadcast.objects.create(
        bulletin=bulletin,
        commune=world["commune"],
        date=timezone.localdate() + timedelta(days=2),
        time=time(6, 30),
    )
    with pytest.raises(ValidationError, match="ngày sau"):
        services.broadcast_done(broadcast=later, by=people["alice"])


def test_the_package_carries_text_metadata_and_audio(bulletin):
    with zipfile.ZipFile(io.BytesIO(packaging.package(bulletin))) as archive:
        meta = json.loads(archive.read("bulletin.json"))
        assert meta["format"] == "hangviet-bulletin/1" and meta["priority"] == "normal"
        assert meta["communes"][0]["code"] == "05503" and meta["audio"] == {}
        assert archive.read("text.txt").decode() == TEXT
    if shutil.which("espeak-ng"):
        synthesis.synthesize(bulletin.pk)
        bulletin.refresh_from_db()
        with zipfile.ZipFile(io.BytesIO(packaging.package(bulletin))) as archive:
            meta = json.loads(archive.read("bulletin.json"))
            assert set(meta["audio"]) == {"wav", "mp3"} and meta["duration_seconds"] > 5
            assert "bảy giờ ba mươi phút" in archive.read("spoken.txt").decode()


def test_pages_for_the_commune_and_nothing_for_a_neighbour(bulletin, people, world):
    alice, bob = Client(), Client()
    alice.force_login(people["alice"])
    bob.force_login(people["bob"])
    assert "Phiên chợ hàng Việt" in alice.get("/truyen-thanh/").content.decode()
    assert "Phiên chợ hàng Việt" not in bob.get("/truyen-thanh/").content.decode()
    assert bob.get(f"/truyen-thanh/{bulletin.pk}/").status_code == 404
    page = alice.get(f"/truyen-thanh/{bulletin.pk}/").content.decode()
    assert "bảy giờ ba mươi phút" in page  # the spoken preview
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = alice.post(
        f"/truyen-thanh/{bulletin.pk}/",
        {
            "commune": world["commune"].pk,
            "day": tomorrow.isoformat(),
            "times": "6h30; 17:00",
            "repetitions": 2,
            "clusters": "",
        },
    )
    assert response.status_code == 302 and Broadcast.objects.count() == 2
    bad = alice.post(
        f"/truyen-thanh/{bulletin.pk}/",
        {
            "commune": world["commune"].pk,
            "day": tomorrow.isoformat(),
            "times": "25:99",
            "repetitions": 1,
        },
    )
    assert bad.status_code == 200 and "không phải là giờ" in bad.content.decode()
    # Written from a confirmed article of the campaign column.
    from hangviet.activities.services import activity_create
    from hangviet.plans.models import Channel

    article = activity_create(
        by=people["alice"],
        unit=world["commune"],
        channel=Channel.objects.get(code="press_online"),
        kind="article",
        title="Đưa hàng Việt về nông thôn",
        summary="Phiên chợ có 40 gian hàng.",
        date=timezone.localdate(),
        status="confirmed",
    )
    form = alice.get(f"/truyen-thanh/moi/?tu-hoat-dong={article.pk}").content.decode()
    assert "Phiên chợ có 40 gian hàng." in form
    assert bob.get(f"/truyen-thanh/moi/?tu-hoat-dong={article.pk}").status_code == 404


def test_a_title_cannot_add_parameters_to_the_download_header(bulletin, people, client_for):
    from hangviet.radio.models import Bulletin

    Bulletin.objects.filter(pk=bulletin.pk).update(title='a";filename=evil.html;x="')
    answer = client_for(people["alice"]).get(f"/truyen-thanh/{bulletin.pk}/goi.zip")
    header = answer["Content-Disposition"]
    import re

    assert answer.status_code == 200
    assert re.fullmatch(r'attachment; filename="[a-z0-9-]+\.zip"', header), header


def test_the_audio_panel_says_when_its_worker_died_and_offers_a_restart(bulletin, people):
    from hangviet.core.models import TaskBeat

    client = Client()
    client.force_login(people["alice"])
    panel = f"/truyen-thanh/{bulletin.pk}/am-thanh/"
    now = timezone.now()
    Bulletin.objects.filter(pk=bulletin.pk).update(
        synthesis_status="running", synthesis_progress=11, synthesis_requested_at=now
    )
    beat = TaskBeat.objects.create(
        task_id="t-1",
        backend="default",
        task_path="hangviet.radio.tasks.synthesize_bulletin",
        args=[bulletin.pk],
        worker="host:1",
        started_at=now,
        beat_at=now,
    )
    page = client.get(panel).content.decode()
    assert "11%" in page and "Tạo lại âm thanh" not in page  # beating: it runs
    TaskBeat.objects.filter(pk=beat.pk).update(requeued_at=now, reruns=1)
    page = client.get(panel).content.decode()
    assert "đã được tự động xếp lại vào hàng đợi" in page and "lần 1" in page
    assert "Tạo lại âm thanh" not in page  # put back a moment ago: it would run twice
    TaskBeat.objects.filter(pk=beat.pk).update(requeued_at=now - timedelta(minutes=6))
    page = client.get(panel).content.decode()
    assert "Chưa có máy xử lý nào nhận lại việc" in page
    assert "Tạo lại âm thanh" in page  # waiting too long: a person may start it again
    detail = client.get(f"/truyen-thanh/{bulletin.pk}/").content.decode()
    assert "11%" in detail and "lần 1" in detail  # the page itself, not only its polled panel
    beat.delete()
    Bulletin.objects.filter(pk=bulletin.pk).update(
        synthesis_requested_at=now - timedelta(minutes=3)
    )
    page = client.get(panel).content.decode()
    assert "Không còn máy xử lý nào đang tạo âm thanh" in page and "Tạo lại âm thanh" in page
    client.force_login(people["bob"])  # a neighbour's editor cannot read it at all
    assert client.get(panel).status_code == 404
