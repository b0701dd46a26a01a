from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from hangviet.accounts.views import TwoStepLoginView
from hangviet.api import api
from hangviet.core import views as core_views
from hangviet.desk import views as desk_views
from hangviet.portal.views import SITEMAPS, robots_txt

urlpatterns = [
    path("", desk_views.home, name="home"),
    path("manifest.webmanifest", desk_views.manifest, name="manifest"),
    path("healthz", core_views.healthz, name="healthz"),
    path("dang-nhap/", TwoStepLoginView.as_view(), name="login"),
    path("tai-khoan/", include("hangviet.accounts.urls")),
    # The admin signs in through the same two-step page.
    path("admin/login/", RedirectView.as_view(url="/dang-nhap/?next=/admin/"), name="admin_login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("don-vi/", include("hangviet.orgs.urls")),
    path("ke-hoach/", include("hangviet.plans.urls")),
    path("hoat-dong/", include("hangviet.activities.urls")),
    path("bao-cao/", include("hangviet.reporting.urls")),
    path("lien-thong/", include("hangviet.exchange.urls")),
    path("ket-qua-dau-ra/", include("hangviet.outcomes.urls")),
    path("hang-viet/", include("hangviet.directory.urls")),
    path("giam-sat/", include("hangviet.monitoring.urls")),
    path("truyen-thanh/", include("hangviet.radio.urls")),
    path("thong-ke/", include("hangviet.analytics.urls")),
    path("", include("hangviet.portal.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", RedirectView.as_view(url=static("hangviet/favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler400 = "hangviet.core.views.bad_request"
handler403 = "hangviet.core.views.permission_denied"
handler404 = "hangviet.core.views.page_not_found"
handler500 = "hangviet.core.views.server_error"
