from django.db import migrations

from hangviet.monitoring.migrations._lexicon import add_phrases

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
    add_phrases(apps, NEW_PHRASES)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_lexicon_family_and_negatives")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
