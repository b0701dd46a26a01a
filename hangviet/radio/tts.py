"""Speech synthesis on the server, with a pluggable engine.

The default engine is espeak-ng from Debian (`apt-get install espeak-ng`), which speaks
Vietnamese offline. A better voice model is configured by command: `RADIO_TTS_COMMAND`, for
instance `piper --model /srv/voices/vi_VN-vais1000-medium.onnx --output_file {out}`, receives
the text on its standard input and writes a WAV file to `{out}`.

`synthesize` normalises the text for speech, cuts it at sentence boundaries, has the engine
speak each piece (reporting progress), and joins the pieces with a short pause into one WAV;
`to_mp3` encodes it (LAME, from the `lameenc` package).
"""

import io
import shlex
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from hangviet.radio.speech import MAX_TEXT, normalize, sentences

PAUSE_SECONDS = 0.35
PIECE_TIMEOUT = 120


class SpeechError(Exception):
    """Speech could not be produced; the message says why, for the user."""


class EngineMissing(SpeechError):
    pass


@dataclass
class Audio:
    wav: bytes
    seconds: float
    spoken_text: str


class ESpeakEngine:
    name = "espeak-ng"

    def __init__(self) -> None:
        self.binary = getattr(settings, "RADIO_ESPEAK", "espeak-ng")
        self.speed = int(getattr(settings, "RADIO_ESPEAK_SPEED", 145))

    def available(self) -> bool:
        return shutil.which(self.binary) is not None

    def missing_message(self) -> str:
        return _(
            "The speech engine espeak-ng is not installed on the server. Install it with "
            "“sudo apt-get install espeak-ng”, or set RADIO_TTS_COMMAND to another engine."
        )

    def speak(self, text: str, out: Path) -> None:
        text_file = out.with_suffix(".txt")
        text_file.write_text(text, encoding="utf-8")
        _run([self.binary, "-v", "vi", "-s", str(self.speed), "-w", str(out), "-f", str(text_file)])


class CommandEngine:
    name = "command"

    def __init__(self, command: str) -> None:
        self.command = command

    def available(self) -> bool:
        program = shlex.split(self.command)[0] if self.command.strip() else ""
        return bool(program) and (shutil.which(program) is not None or Path(program).exists())

    def missing_message(self) -> str:
        return _("The speech engine configured in RADIO_TTS_COMMAND (%(c)s) cannot be found.") % {
            "c": self.command.split()[0] if self.command else "—"
        }

    def speak(self, text: str, out: Path) -> None:
        args = [a.replace("{out}", str(out)) for a in shlex.split(self.command)]
        _run(args, stdin=text)


def _run(args: list[str], stdin: str | None = None) -> None:
    try:
        done = subprocess.run(  # noqa: S603 — fixed programs from settings, no shell
            args,
            input=stdin.encode("utf-8") if stdin is not None else None,
            capture_output=True,
            timeout=PIECE_TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise EngineMissing(str(exc)) from None
    except subprocess.TimeoutExpired:
        raise SpeechError(_("The speech engine took too long.")) from None
    if done.returncode != 0:
        raise SpeechError(
            _("The speech engine failed: %(e)s")
            % {"e": done.stderr.decode("utf-8", "replace")[:300] or done.returncode}
        )


def engine() -> ESpeakEngine | CommandEngine:
    command = getattr(settings, "RADIO_TTS_COMMAND", "")
    return CommandEngine(command) if command else ESpeakEngine()


def check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise SpeechError(_("The bulletin has no text to read."))
    if len(text) > MAX_TEXT:
        raise SpeechError(
            _("The text is too long to read out (%(n)s characters; at most %(m)s).")
            % {"n": f"{len(text):,}".replace(",", "."), "m": f"{MAX_TEXT:,}".replace(",", ".")}
        )
    return text


def synthesize(
    text: str,
    progress: Callable[[int, int], None] | None = None,
    forms: Mapping[str, str] | None = None,
) -> Audio:
    """Return the bulletin read aloud as one WAV; `progress(done, total)` after each piece;
    `forms` are the coordinator's spoken forms (`speech.normalize`)."""
    text = check_text(text)
    spoken = normalize(text, forms)
    pieces = [p for p in sentences(spoken) if any(ch.isalnum() for ch in p)]
    if not pieces:
        raise SpeechError(_("The text has nothing that can be read aloud."))
    tts = engine()
    if not tts.available():
        raise EngineMissing(tts.missing_message())
    frames: list[bytes] = []
    params = None
    with tempfile.TemporaryDirectory(prefix="hangviet-tts-") as folder:
        for i, piece in enumerate(pieces):
            out = Path(folder) / f"{i:04d}.wav"
            tts.speak(piece, out)
            try:
                with wave.open(str(out), "rb") as part:
                    current = (part.getnchannels(), part.getsampwidth(), part.getframerate())
                    if params is None:
                        params = current
                    elif current != params:
                        raise SpeechError(_("The speech engine changed its audio format."))
                    frames.append(part.readframes(part.getnframes()))
            except (wave.Error, EOFError, FileNotFoundError):
                raise SpeechError(_("The speech engine produced no readable audio.")) from None
            if progress is not None:
                progress(i + 1, len(pieces))
    assert params is not None
    channels, width, rate = params
    pause = b"\x00" * int(rate * PAUSE_SECONDS) * width * channels
    body = pause.join(frames)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as joined:
        joined.setnchannels(channels)
        joined.setsampwidth(width)
        joined.setframerate(rate)
        joined.writeframes(body)
    seconds = len(body) / (rate * width * channels)
    return Audio(buffer.getvalue(), round(seconds, 2), spoken)


def to_mp3(wav_bytes: bytes, bitrate: int = 64) -> bytes:
    """Encode a 16-bit WAV as MP3 (mono speech: 64 kbit/s is plenty for loudspeakers)."""
    import lameenc  # loaded on first use: only the synthesis worker encodes audio

    with wave.open(io.BytesIO(wav_bytes), "rb") as source:
        if source.getsampwidth() != 2:
            raise SpeechError(_("Only 16-bit audio can be encoded as MP3."))
        encoder = lameenc.Encoder()
        encoder.set_bit_rate(bitrate)
        encoder.set_in_sample_rate(source.getframerate())
        encoder.set_channels(source.getnchannels())
        encoder.set_quality(2)
        data = encoder.encode(source.readframes(source.getnframes()))
    return bytes(data + encoder.flush())
