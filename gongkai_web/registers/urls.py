"""Staff URLs of the registers (namespace ``registers``)."""

from django.urls import path

from gongkai_web.registers import views

app_name = "registers"

urlpatterns = [
    path("a/<slug:code>/registers/<slug:register>/", views.register_list, name="list"),
    path("a/<slug:code>/registers/<slug:register>/export.xlsx", views.register_download, name="export"),
    path("a/<slug:code>/registers/<slug:register>/import/", views.register_upload, name="import"),
]
