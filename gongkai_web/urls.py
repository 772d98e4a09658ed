"""Root URLs. New apps add their staff pages under ``staff/`` and an expectation to tests/web/test_authz.py."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from gongkai_web.portal import views as portal_views

urlpatterns = [
    path("", include("gongkai_web.portal.urls")),
    path("staff/", include("gongkai_web.staff.urls")),
    path("staff/", include("gongkai_web.catalogue.urls")),
    path("staff/", include("gongkai_web.registers.urls")),
    path("staff/cases/", include("gongkai_web.applications.urls")),
    path("apply/", include("gongkai_web.applications.urls_public")),
    path("", include("gongkai_web.agencies.urls")),
    path("staff/annual/", include("gongkai_web.annual_reports.urls")),
    path("annual/", include("gongkai_web.annual_reports.urls_public")),
    path("staff/oversight/", include("gongkai_web.oversight.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("lang/<slug:lang>/", portal_views.language, name="language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("gongkai_web.accounts.urls")),
]
