from django.urls import path

from hangviet.outcomes import views

app_name = "outcomes"
urlpatterns = [path("", views.home, name="home")]
