"""Staff URLs of the registers (namespace ``registers``)."""

from django.urls import path

from gongkai_web.registers import views

app_name = "registers"

urlpatterns = [
    path("a/<slug:code>/registers/<slug:register>/", views.register_list, name="list"),
    path("a/<slug:code>/registers/<slug:register>/export.xlsx", views.register_download, name="export"),
    path("a/<slug:code>/registers/<slug:register>/import/", views.register_upload, name="import"),
    path("a/<slug:code>/registers/<slug:register>/new/", views.register_record_add, name="record_add"),
    path(
        "a/<slug:code>/registers/<slug:register>/<int:pk>/edit/",
        views.register_record_edit,
        name="record_edit",
    ),
    path(
        "a/<slug:code>/registers/<slug:register>/<int:pk>/delete/",
        views.register_record_delete,
        name="record_delete",
    ),
]
