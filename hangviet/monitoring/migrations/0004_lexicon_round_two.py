from django.db import migrations

# Added to the default lexicon after the second round of real press (issue 20): the domestic
# market named without "hàng Việt", the national sale month, provincial awards for rural
# industrial products however titled, and the words of export news and trade offices abroad.
# A coordinator's own terms and weights are kept: only phrases not there yet are added.
NEW_PHRASES = [
    "thị trường tiêu dùng trong nước", "thị trường tiêu dùng nội địa", "kích cầu",
    "khuyến mại tập trung quốc gia", "bình chọn sản phẩm công nghiệp nông thôn",
    "sản phẩm công nghiệp nông thôn", "công nghiệp nông thôn", "thương vụ việt nam tại",
    "tại pháp", "tại hàn quốc", "tại singapore", "tại châu âu", "thị trường quốc tế",
    "vươn ra thế giới", "thị trường khó tính", "xuất khẩu chính ngạch", "ocop xuất khẩu",
    "nhà nhập khẩu",
]  # fmt: skip


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


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_lexicon_family_and_negatives")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
