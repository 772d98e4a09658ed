"""Staff URLs of the superior office (namespace ``oversight``)."""

from django.urls import path

from gongkai_web.oversight import views

app_name = "oversight"

urlpatterns = [
    path("a/<slug:code>/", views.board, name="board"),
    path("a/<slug:code>/<int:year>/rollup/<slug:fmt>/", views.rollup_file, name="rollup_file"),
    path("a/<slug:code>/<int:year>/cells/", views.departments_cells, name="departments_cells"),
]
