"""The second factor's pages (namespace ``accounts``), beside the login page."""

from django.urls import path

from gongkai_web.accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.verify, name="two_factor"),
    path("two-factor/enrol/", views.enrol, name="two_factor_enrol"),
]
