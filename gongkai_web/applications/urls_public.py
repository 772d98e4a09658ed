"""Public URLs of applications (namespace ``applications_public``): the online form and its confirmation, the
status look-up and page by 查询码, the online 补正, the issued letters."""

from django.urls import path

from gongkai_web.applications import views_public as views

app_name = "applications_public"

urlpatterns = [
    path("a/<slug:code>/", views.apply_form, name="form"),
    path("a/<slug:code>/done/", views.apply_done, name="done"),
    path("status/", views.status_lookup, name="status_lookup"),
    path("s/<str:query_code>/", views.status_page, name="status"),
    path("s/<str:query_code>/correct/", views.correct, name="correct"),
    path("s/<str:query_code>/letters/<int:letter>/", views.letter_download, name="letter"),
]
