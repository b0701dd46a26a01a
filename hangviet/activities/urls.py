from django.urls import path

from hangviet.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("them/", views.activity_new, name="new"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("xac-nhan/", views.bulk_confirm, name="bulk_confirm"),
    path("xuat.<str:fmt>", views.activity_export, name="export"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
    path("<int:activity_id>/xoa/", views.activity_delete, name="delete"),
    path("<int:activity_id>/khoi-phuc/", views.activity_restore, name="restore"),
    path("<int:activity_id>/cong-khai/", views.activity_publish, name="publish"),
    path("<int:activity_id>/can-bo-sung/", views.activity_return, name="return"),
    path("bo-sung/<int:return_id>/", views.return_answer, name="return_answer"),
    path("tep/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("mau-excel.xlsx", views.excel_template, name="excel_template"),
    path("nhap-excel/", views.excel_upload, name="excel_upload"),
    path("nhap-excel/<int:upload_id>/", views.excel_preview, name="excel_preview"),
    path("nhap-excel/<int:upload_id>/dong-can-sua.xlsx", views.excel_errors, name="excel_errors"),
]
