"""Public URLs of applications (namespace ``applications_public``): the online form and the status page by 查询码."""

from django.urls import path

from gongkai_web.applications import views

app_name = "applications_public"

urlpatterns = [
    path("a/<slug:code>/", views.apply_form, name="form"),
    path("status/", views.status_lookup, name="status_lookup"),
    path("s/<str:query_code>/", views.status_page, name="status"),
]
