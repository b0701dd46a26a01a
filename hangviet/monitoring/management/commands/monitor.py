"""hangviet monitor poll | classify FILE… | train | evaluate | lexicon-reset"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hangviet.monitoring import evaluation, judgement, polling, services
from hangviet.monitoring.extract import extract
from hangviet.monitoring.fetch import decode
from hangviet.monitoring.models import Source
from hangviet.monitoring.relevance import TOPIC_LABELS

MAX_FILE = 20 * 1024 * 1024


class Command(BaseCommand):
    help = "Press monitoring: poll the sources, classify files, train and evaluate."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        poll = sub.add_parser("poll", help="poll the due sources once (or one source)")
        poll.add_argument("--source", type=int, help="poll this source now, due or not")
        classify = sub.add_parser("classify", help="judge HTML or text files, one JSON line each")
        classify.add_argument("files", nargs="+")
        classify.add_argument("--lexicon-only", action="store_true")
        sub.add_parser("train", help="train the classifier on the coordinators' decisions")
        evaluate = sub.add_parser("evaluate", help="precision and recall on the labelled texts")
        evaluate.add_argument("--file", help="a JSON-lines file (default: the team's set)")
        evaluate.add_argument(
            "--real",
            action="store_true",
            help="the real press of evaluation/press.jsonl, read from --dir (nothing fetched)",
        )
        evaluate.add_argument("--dir", default=str(Path(settings.VAR_DIR) / "evaluation" / "press"))
        evaluate.add_argument("--half", choices=["all", "tune", "blind"], default="all")
        evaluate.add_argument(
            "--round", type=int, help="only the texts of this round of gathering (2, 3…)"
        )
        sub.add_parser("lexicon-reset", help="replace the lexicon with the team's default")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _poll(self, source: int | None = None, **options: Any) -> None:
        if source is not None:
            found = Source.objects.filter(pk=source).first()
            if found is None:
                raise CommandError(_("No source has the id %(id)s.") % {"id": source})
            results = [polling.poll_source(found)]
        else:
            results = polling.poll_due()
            polling.check_silent()
        for r in results:
            line = f"{r.source.pk}\t{r.source.name}\t{r.status}\tnew={r.new}\trelevant={r.relevant}"
            self.stdout.write(line + (f"\t{r.message}" if r.message else ""))
        if not results:
            self.stdout.write(_("No source is due."))

    def _classify(self, files: list[str], lexicon_only: bool = False, **options: Any) -> None:
        failed = False
        for name in files:
            path = Path(name)
            try:
                if path.stat().st_size > MAX_FILE:
                    raise OSError(_("larger than 20 MB"))
                raw = path.read_bytes()
            except OSError as exc:
                self.stderr.write(f"{name}: {exc}")
                failed = True
                continue
            content = decode(raw)
            title, text = "", content
            if "<" in content[:2000] and ("<html" in content.lower() or "<p" in content.lower()):
                extracted = extract(content)
                title, text = (extracted.title, extracted.text) if extracted else ("", "")
            else:
                first, _sep, rest = content.strip().partition("\n")
                if rest and len(first) < 300:
                    title, text = first.strip(), rest
            verdict = judgement.judge(title, text, use_model=not lexicon_only)
            themes = [TOPIC_LABELS[t] for t in verdict.topics]
            self.stdout.write(json.dumps(verdict.as_json(name, themes), ensure_ascii=False))
        if failed:
            raise CommandError(_("Some files could not be read."))

    def _train(self, **options: Any) -> None:
        model = services.retrain()
        if model is None:
            raise CommandError(
                _("Not enough decisions yet to train (at least %(n)s, some of each kind).")
                % {"n": services.learning.MIN_EXAMPLES}
            )
        self.stdout.write(
            _(
                "Trained on %(n)s decisions (%(p)s confirmed); cross-validated precision %(pr)s, "
                "recall %(r)s."
            )
            % {
                "n": model.examples,
                "p": model.positives,
                "pr": _fmt(model.cv_precision),
                "r": _fmt(model.cv_recall),
            }
        )

    def _evaluate(
        self,
        file: str | None = None,
        real: bool = False,
        dir: str = "",
        half: str = "all",
        round: int | None = None,
        **options: Any,
    ) -> None:
        if real:
            rows, missing, changed = evaluation.load_real(Path(dir), half, round=round)
            if missing:
                self.stderr.write(
                    f"{len(missing)} texts are not in {dir} (not part of the repository; put "
                    f"them there as <id>.txt): {', '.join(missing)}"
                )
            if changed:
                self.stderr.write(f"changed since labelled (hash differs): {changed}")
            if not rows:
                return
            report = evaluation.evaluate(rows)
            report["keyword_baseline"] = evaluation.keyword_baseline(rows)
            report["half"] = half
            report["round"] = round if round is not None else "all"
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        rows = evaluation.load(Path(file) if file else None)
        report = evaluation.evaluate(rows)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    def _lexicon_reset(self, **options: Any) -> None:
        n = services.lexicon_reset(by=None)
        self.stdout.write(_("The lexicon now holds the %(n)s default phrases.") % {"n": n})


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
