from django.db import migrations


def seed(apps, schema_editor):
    from hangviet.monitoring.relevance import DEFAULT_LEXICON

    LexiconTerm = apps.get_model("monitoring", "LexiconTerm")
    if not LexiconTerm.objects.exists():
        LexiconTerm.objects.bulk_create(
            [LexiconTerm(topic=t, phrase=p, weight=w) for t, p, w in DEFAULT_LEXICON]
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
