from django.urls import path

from hangviet.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("ban-do/", views.map_page, name="map"),
    path("dang-ky/", views.apply, name="apply"),
    path("kiem-duyet/", views.moderation, name="moderation"),
    path("kiem-duyet/<str:kind>/<int:pk>/", views.review, name="review"),
    path("kiem-duyet/product/<int:pk>/anh/", views.photos, name="photos"),
    path("anh/<int:pk>/<str:size>/", views.photo, name="photo"),
    path("du-lieu.<str:fmt>", views.open_data, name="open_data"),
    path("hoi-cho/<int:pk>/ket-qua/", views.fair_outcome, name="fair_outcome"),
    path("<str:section>/<int:pk>/", views.listing, name="listing"),
]
