from django.urls import path

from hangviet.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("nhan/", views.receive, name="receive"),
    path("tong-hop/", views.consolidated, name="consolidated"),
    path("gui/<int:copy_pk>/", views.send, name="send"),
    path("<int:pk>/", views.package_detail, name="package"),
    path("<int:pk>/tai-ve/", views.package_download, name="download"),
]
