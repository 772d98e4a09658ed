"""Public URLs of published annual reports (namespace ``annual_reports_public``)."""

from django.urls import path

from gongkai_web.annual_reports import views

app_name = "annual_reports_public"

urlpatterns = [
    path("a/<slug:code>/", views.public_list, name="list"),
    path("r/<int:pk>/", views.public_detail, name="detail"),
    path("r/<int:pk>/graphic/", views.public_graphic, name="graphic"),
    path("r/<int:pk>/<slug:fmt>/", views.public_file, name="file"),
]
