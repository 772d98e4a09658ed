"""URLs of member management (namespace ``agencies``): staff pages and the one-time set-password link."""

from django.urls import path

from gongkai_web.agencies import views

app_name = "agencies"

urlpatterns = [
    path("staff/a/<slug:code>/members/", views.member_list, name="list"),
    path("staff/a/<slug:code>/members/grant/", views.member_grant, name="grant"),
    path("staff/a/<slug:code>/members/new/", views.member_create, name="create"),
    path("staff/a/<slug:code>/members/<int:pk>/revoke/", views.member_revoke, name="revoke"),
    path("staff/a/<slug:code>/members/<int:pk>/link/", views.member_link, name="link"),
    path("staff/a/<slug:code>/guide/", views.guide_edit, name="guide"),
    path("staff/a/<slug:code>/guide/review/", views.guide_review, name="guide_review"),
    path("accounts/set-password/done/", views.PasswordSetDoneView.as_view(), name="password_set_done"),
    path("accounts/set-password/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password_set"),
]
