from django.urls import path

from hangviet.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("<int:unit_id>/sua/", views.unit_edit, name="unit_edit"),
    path("<int:unit_id>/lich-su/", views.unit_history, name="unit_history"),
]
