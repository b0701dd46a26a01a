from django.urls import path

from hangviet.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("yeu-cau/<int:request_id>/", views.report_page, name="report"),
    path("yeu-cau/<int:request_id>/thao-tac/", views.report_action, name="report_action"),
    path(
        "bao-cao/<int:report_id>/chi-tieu/<int:indicator_id>/",
        views.figure_evidence,
        name="evidence",
    ),
    path("ke-hoach/<int:plan_id>/", views.cycle, name="cycle"),
    path("ke-hoach/<int:plan_id>/dot-xuat/", views.adhoc, name="adhoc"),
    path("ke-hoach/<int:plan_id>/<str:period>/", views.cycle_period, name="cycle_period"),
    path(
        "ke-hoach/<int:plan_id>/<str:period>/bao-cao.<str:fmt>",
        views.cycle_download,
        name="download",
    ),
]
