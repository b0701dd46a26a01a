from django.db import migrations

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
    from hangviet.monitoring.relevance import DEFAULT_LEXICON

    LexiconTerm = apps.get_model("monitoring", "LexiconTerm")
    if not LexiconTerm.objects.exists():
        return  # a new database: 0002 seeded the whole default lexicon
    have = set(LexiconTerm.objects.values_list("phrase", flat=True))
    wanted = set(NEW_PHRASES)
    LexiconTerm.objects.bulk_create(
        [
            LexiconTerm(topic=t, phrase=p, weight=w)
            for t, p, w in DEFAULT_LEXICON
            if p in wanted and p not in have
        ]
    )
    for phrase, (old, new) in CHANGED_WEIGHTS.items():
        LexiconTerm.objects.filter(phrase=phrase, weight=old).update(weight=new)


def back(apps, schema_editor):
    LexiconTerm = apps.get_model("monitoring", "LexiconTerm")
    for phrase, (old, new) in CHANGED_WEIGHTS.items():
        LexiconTerm.objects.filter(phrase=phrase, weight=new).update(weight=old)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_lexicon_round_two")]
    operations = [migrations.RunPython(add, back)]
