from django.db import migrations

# Added after the third round of real press was scored (issue 20): the words of market
# supervision around Tết (prices, hoarding, shortages, retail figures), whose reports share
# "kích cầu tiêu dùng" with the campaign. A coordinator's own terms are kept.
NEW_PHRASES = ["sốt giá", "khan hàng", "đầu cơ", "găm hàng", "tổng mức bán lẻ"]


def add(apps, schema_editor):
    from hangviet.monitoring.relevance import DEFAULT_LEXICON

    LexiconTerm = apps.get_model("monitoring", "LexiconTerm")
    if not LexiconTerm.objects.exists():
        return  # a new database: 0002 seeded the whole default lexicon
    have = set(LexiconTerm.objects.values_list("phrase", flat=True))
    LexiconTerm.objects.bulk_create(
        [
            LexiconTerm(topic=t, phrase=p, weight=w)
            for t, p, w in DEFAULT_LEXICON
            if p in NEW_PHRASES and p not in have
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_lexicon_round_three")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
