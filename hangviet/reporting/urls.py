from django.urls import path

from hangviet.reporting import consolidation_views, incoming_views, quality_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("van-ban-den/", incoming_views.incoming, name="incoming"),
    path("van-ban-den/<int:pk>/", incoming_views.incoming_detail, name="incoming_detail"),
    path("yeu-cau/<int:request_id>/", views.report_page, name="report"),
    path("yeu-cau/<int:request_id>/thao-tac/", views.report_action, name="report_action"),
    path(
        "bao-cao/<int:report_id>/chi-tieu/<int:indicator_id>/",
        views.figure_evidence,
        name="evidence",
    ),
    path("ke-hoach/<int:plan_id>/", views.cycle, name="cycle"),
    path("ke-hoach/<int:plan_id>/dot-xuat/", views.adhoc, name="adhoc"),
    path(
        "bao-cao/<int:report_id>/tai-ve.<str:fmt>",
        consolidation_views.report_download,
        name="report_download",
    ),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/",
        consolidation_views.cycle_period,
        name="cycle_period",
    ),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/chat-luong/",
        quality_views.quality_page,
        name="quality",
    ),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/chat-luong/thao-tac/",
        quality_views.quality_action,
        name="quality_action",
    ),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/muc/<str:section>/",
        consolidation_views.cycle_section,
        name="cycle_section",
    ),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/chi-tieu/<int:indicator_id>/",
        consolidation_views.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/bao-cao.<str:fmt>",
        consolidation_views.cycle_download,
        name="download",
    ),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/ky-so/",
        consolidation_views.cycle_sign,
        name="cycle_sign",
    ),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/ky-so/xem-truoc.pdf",
        consolidation_views.cycle_preview,
        name="cycle_preview",
    ),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/ban-ky-so/<int:version>.<str:fmt>",
        consolidation_views.signed_download,
        name="signed_download",
    ),
]
