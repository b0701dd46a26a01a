"""The shared channel taxonomy that plans and activities use. Data only: no app code."""

from django.db import migrations

CHANNELS = [
    # code, name, group
    ("press_tv", "Báo hình (truyền hình)", "press"),
    ("press_radio", "Báo nói (phát thanh)", "press"),
    ("press_print", "Báo in, tạp chí", "press"),
    ("press_online", "Báo điện tử", "press"),
    ("provincial_portal", "Cổng thông tin điện tử tỉnh", "portal"),
    ("district_radio", "Đài truyền thanh cấp huyện", "grassroots"),
    ("commune_radio", "Đài truyền thanh cấp xã, loa truyền thanh", "grassroots"),
    ("agency_portal", "Cổng/trang thông tin điện tử của cơ quan, đơn vị, địa phương", "electronic"),
    ("sector_bulletin", "Bản tin chuyên ngành", "electronic"),
    ("banner_poster", "Pano, áp phích, băng rôn, khẩu hiệu", "direct"),
    ("conference", "Hội nghị, tọa đàm, tập huấn", "direct"),
    ("fair", "Hội chợ, phiên chợ hàng Việt, triển lãm", "direct"),
    ("contest", "Cuộc thi, hội thi", "direct"),
    ("social_media", "Mạng xã hội", "digital"),
]


def add_channels(apps, schema_editor):
    Channel = apps.get_model("plans", "Channel")
    for order, (code, name, group) in enumerate(CHANNELS, start=1):
        Channel.objects.update_or_create(
            code=code, defaults={"name": name, "group": group, "order": order * 10,
                                 "is_builtin": True}
        )


def remove_channels(apps, schema_editor):
    apps.get_model("plans", "Channel").objects.filter(is_builtin=True).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_plans_and_duties")]
    operations = [migrations.RunPython(add_channels, remove_channels)]
