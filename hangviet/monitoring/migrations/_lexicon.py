"""What the lexicon migrations share (the leading "_" keeps Django from taking it for one).

A migration that grows the default lexicon adds to a running database only the phrases it
names that are not there yet, and moves a weight only where it still has its old default: a
coordinator's own terms and weights are kept. A new database needs none of it — 0002 seeds
the whole default lexicon."""


def add_phrases(apps, phrases, reweight=None):
    """Add the default-lexicon entries of `phrases`; `reweight` maps a phrase to (old, new)."""
    from hangviet.monitoring.relevance import DEFAULT_LEXICON

    LexiconTerm = apps.get_model("monitoring", "LexiconTerm")
    if not LexiconTerm.objects.exists():
        return
    have = set(LexiconTerm.objects.values_list("phrase", flat=True))
    wanted = set(phrases)
    LexiconTerm.objects.bulk_create(
        [
            LexiconTerm(topic=t, phrase=p, weight=w)
            for t, p, w in DEFAULT_LEXICON
            if p in wanted and p not in have
        ]
    )
    for phrase, (old, new) in (reweight or {}).items():
        LexiconTerm.objects.filter(phrase=phrase, weight=old).update(weight=new)


def undo_reweight(apps, reweight):
    """Put back the old default of each weight `add_phrases` moved and nobody changed since."""
    LexiconTerm = apps.get_model("monitoring", "LexiconTerm")
    for phrase, (old, new) in reweight.items():
        LexiconTerm.objects.filter(phrase=phrase, weight=new).update(weight=old)
