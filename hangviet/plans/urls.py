from django.urls import path

from hangviet.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("nhap/", views.plan_upload, name="upload"),
    path("nhap/<int:upload_id>/", views.plan_review, name="review"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/sua/", views.plan_edit, name="edit"),
    path("<int:plan_id>/noi-dung/", views.theme_add, name="theme_add"),
    path("<int:plan_id>/noi-dung/<int:theme_id>/", views.theme_change, name="theme_change"),
    path("<int:plan_id>/nhiem-vu/", views.assignment_add, name="assignment_add"),
    path("<int:plan_id>/anh-xa/<int:mention_id>/", views.mention_map, name="mention_map"),
    path("<int:plan_id>/tim-don-vi/", views.unit_search, name="unit_search"),
    path("<int:plan_id>/sua-doi/", views.plan_amend, name="amend"),
    path("<int:plan_id>/tai-ve.<str:fmt>", views.plan_download, name="download"),
]
