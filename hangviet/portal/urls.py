from django.urls import path

from hangviet.portal import survey_views, views

app_name = "portal"
urlpatterns = [
    path("tin-tuc/", views.news, name="news"),
    path("tin-tuc/rss.xml", views.NewsFeed(), name="news_feed"),
    path("tin-tuc/nhung/", views.widget, name="widget"),
    path("hoi-cho.xml", views.FairsFeed(), name="fairs_feed"),
    path("cuoc-van-dong/", views.campaign, name="campaign"),
    path("khao-sat/", survey_views.survey, name="survey"),
    path("khao-sat/ket-qua/", survey_views.survey_results, name="survey_results"),
    path("khao-sat/qr.svg", survey_views.survey_qr, name="survey_qr"),
]
