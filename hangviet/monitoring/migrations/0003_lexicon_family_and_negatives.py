from django.db import migrations

from hangviet.monitoring.migrations._lexicon import add_phrases

# Added to the default lexicon in issue 20: the campaign's family (sister campaigns, domestic
# consumption) and the hard negatives real press showed (goods abroad, counterfeits, trade
# statistics). A coordinator's own terms and weights are kept: only phrases not there yet are
# added, and "hàng giả" takes its new weight only if nobody changed the old one.
NEW_PHRASES = [
    "người việt nam ưu tiên dùng thuốc việt nam", "ưu tiên dùng thuốc việt",
    "ưu tiên sử dụng thuốc sản xuất trong nước", "thuốc sản xuất trong nước",
    "kích cầu tiêu dùng", "kích cầu tiêu dùng nội địa", "thúc đẩy tiêu dùng trong nước",
    "tiêu dùng trong nước", "tuần lễ sản phẩm", "tuần lễ nông sản", "lễ hội trái cây",
    "tiêu thụ nông sản", "sản phẩm công nghiệp nông thôn tiêu biểu",
    "công nghiệp nông thôn tiêu biểu", "xuất khẩu sang", "thị trường nước ngoài",
    "thị trường xuất khẩu", "kệ hàng nước ngoài", "siêu thị nước ngoài", "tại campuchia",
    "tại thái lan", "tại hoa kỳ", "tại nhật bản", "tại trung quốc", "hàng nhái",
    "giả mạo xuất xứ", "gian lận xuất xứ", "mạo danh hàng việt", "buôn lậu", "tạm giữ",
    "xử phạt", "kim ngạch nhập khẩu", "nhập khẩu", "cán cân thương mại", "xuất siêu",
    "nhập siêu", "so với cùng kỳ năm trước", "tổng cục thống kê", "cục thống kê",
    "thuốc nội", "thuốc trong nước", "thị trường ngoại", "người tiêu dùng bản địa",
    "xuất ngoại", "campuchia", "thái lan", "hoa kỳ", "nhật bản", "indonesia",
]  # fmt: skip


def add(apps, schema_editor):
    add_phrases(apps, NEW_PHRASES, {"hàng giả": (-0.5, -1.5)})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_default_lexicon")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
