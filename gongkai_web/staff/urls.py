"""The staff home (namespace ``staff``): the dashboard and an agency's audit log."""

from django.urls import path

from gongkai_web.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("a/<slug:code>/audit/", views.audit_list, name="audit_list"),
]
