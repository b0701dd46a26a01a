from django.urls import path

from hangviet.radio import views

app_name = "radio"
urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("moi/", views.bulletin_new, name="new"),
    path("tu-hoi-cho/<int:fair_pk>/", views.bulletin_from_fair, name="from_fair"),
    path("<int:pk>/", views.bulletin_detail, name="detail"),
    path("<int:pk>/sua/", views.bulletin_edit, name="edit"),
    path("<int:pk>/am-thanh/", views.bulletin_audio, name="audio"),
    path("<int:pk>/tai.<str:fmt>", views.bulletin_download, name="download"),
    path("<int:pk>/goi.zip", views.bulletin_package, name="package"),
    path("phat/<int:pk>/xong/", views.broadcast_done, name="broadcast_done"),
    path("cach-doc/", views.spoken_form_list, name="spoken_forms"),
]
