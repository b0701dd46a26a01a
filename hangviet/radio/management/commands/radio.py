"""hangviet radio normalize FILE.txt | synthesize FILE.txt --out OUT.wav|OUT.mp3"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.monitoring.fetch import decode
from hangviet.radio import speech, tts
from hangviet.radio.selectors import spoken_forms

MAX_FILE = 1024 * 1024


class Command(BaseCommand):
    help = "Grassroots radio: print text as it will be spoken, or synthesise it to WAV/MP3."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        normalize = sub.add_parser("normalize", help="print the text as it will be spoken")
        normalize.add_argument("file")
        synthesize = sub.add_parser("synthesize", help="read the text aloud into a WAV or MP3")
        synthesize.add_argument("file")
        synthesize.add_argument("--out", required=True, help="OUT.wav or OUT.mp3")

    def handle(self, *args: Any, action: str, file: str, **options: Any) -> None:
        text = self._read(file)
        if action == "normalize":
            try:
                tts.check_text(text)
            except tts.SpeechError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(speech.normalize(text, spoken_forms()))
            return
        out = Path(options["out"])
        if out.suffix.lower() not in (".wav", ".mp3"):
            raise CommandError(_("The output file must end in .wav or .mp3."))
        if not out.parent.exists():
            raise CommandError(_("The folder %(p)s does not exist.") % {"p": out.parent})
        try:
            audio = tts.synthesize(
                text,
                progress=lambda d, n: self.stderr.write(f"{d}/{n}", ending="\r"),
                forms=spoken_forms(),
            )
            data = audio.wav if out.suffix.lower() == ".wav" else tts.to_mp3(audio.wav)
        except tts.SpeechError as exc:
            raise CommandError(str(exc)) from exc
        out.write_bytes(data)
        self.stderr.write("")
        self.stdout.write(
            _("%(f)s: %(s)s seconds, %(k)s KB")
            % {"f": out, "s": audio.seconds, "k": len(data) // 1024}
        )

    def _read(self, file: str) -> str:
        path = Path(file)
        try:
            if path.stat().st_size > MAX_FILE:
                raise CommandError(_("The file is larger than 1 MB."))
            return decode(path.read_bytes())
        except OSError as exc:
            raise CommandError(_("The file cannot be read: %(e)s") % {"e": exc}) from exc
