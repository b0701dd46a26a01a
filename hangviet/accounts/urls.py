from django.urls import path

from hangviet.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("xac-thuc-hai-buoc/", views.two_factor, name="two_factor"),
    path("ma-dang-nhap/", views.login_code, name="login_code"),
    path("ma-truy-cap/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thu-hang-ngay/huy/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
