"""Staff URLs of the catalogue (namespace ``catalogue``)."""

from django.urls import path

from gongkai_web.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("a/<slug:code>/items/", views.item_list, name="item_list"),
    path("a/<slug:code>/columns/", views.column_health, name="column_health"),
    path("a/<slug:code>/items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/do/<slug:action>/", views.item_action, name="item_action"),
    path("items/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("a/<slug:code>/categories/", views.category_list, name="category_list"),
    path("a/<slug:code>/categories/<int:pk>/", views.category_edit, name="category_edit"),
]
