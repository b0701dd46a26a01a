from django.urls import path

from hangviet.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("bai/<int:pk>/", views.article, name="article"),
    path("nguon/", views.sources, name="sources"),
    path("nguon/<int:pk>/", views.source_edit, name="source"),
    path("tu-khoa/", views.lexicon, name="lexicon"),
]
