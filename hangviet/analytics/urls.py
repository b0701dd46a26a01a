from django.urls import path

from hangviet.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.home, name="home"),
    path("du-lieu.csv", views.csv_download, name="csv"),
    path("pham-vi/", views.coverage_page, name="coverage"),
    path("tong-quan/", views.overview, name="overview"),
]
