from django.db import migrations

from hangviet.monitoring.migrations._lexicon import add_phrases, undo_reweight

# Added after the second round of real press was opened for tuning (issue 20): supply-and-demand
# conferences and trade links for the domestic market, fruit festivals, support for selling a
# harvest, and two words of export news. Two weights move; a coordinator who changed them already
# keeps theirs (only the old default is replaced).
NEW_PHRASES = [
    "festival trái cây", "ngày hội trái cây", "hội nghị kết nối cung cầu", "kết nối giao thương",
    "đặc sản vùng miền", "hỗ trợ tiêu thụ", "bao tiêu", "được mùa mất giá", "nước pháp",
    "chính ngạch",
]  # fmt: skip
CHANGED_WEIGHTS = {"kết nối cung cầu": (2.0, 3.0), "công nghiệp hỗ trợ": (1.5, 1.0)}


def add(apps, schema_editor):
    add_phrases(apps, NEW_PHRASES, CHANGED_WEIGHTS)


def back(apps, schema_editor):
    undo_reweight(apps, CHANGED_WEIGHTS)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_lexicon_round_two")]
    operations = [migrations.RunPython(add, back)]
