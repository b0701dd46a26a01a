from django.db import migrations

from hangviet.monitoring.migrations._lexicon import add_phrases

# Added after the third round of real press was scored (issue 20): the words of market
# supervision around Tết (prices, hoarding, shortages, retail figures), whose reports share
# "kích cầu tiêu dùng" with the campaign. A coordinator's own terms are kept.
NEW_PHRASES = ["sốt giá", "khan hàng", "đầu cơ", "găm hàng", "tổng mức bán lẻ"]


def add(apps, schema_editor):
    add_phrases(apps, NEW_PHRASES)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_lexicon_round_three")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
