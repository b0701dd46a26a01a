from django.urls import path

from hangviet.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("xac-thuc-hai-buoc/", views.two_factor, name="two_factor"),
    path("ma-dang-nhap/", views.login_code, name="login_code"),
    path("ma-truy-cap/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
