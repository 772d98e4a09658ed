"""Staff URLs of the superior office (namespace ``oversight``)."""

from django.urls import path

from gongkai_web.oversight import views

app_name = "oversight"

urlpatterns = [
    path("a/<slug:code>/", views.board, name="board"),
    path("a/<slug:code>/<int:year>/rollup/<slug:fmt>/", views.rollup_file, name="rollup_file"),
    path("a/<slug:code>/<int:year>/cells/", views.departments_cells, name="departments_cells"),
    path("a/<slug:code>/indicators/", views.indicators, name="indicators"),
    path("a/<slug:code>/<int:year>/indicators/<slug:fmt>/", views.indicators_file, name="indicators_file"),
    path("a/<slug:code>/supervision/", views.supervision, name="supervision"),
    path("a/<slug:code>/supervision/<int:pk>/issue/", views.notice_issue, name="notice_issue"),
    path("notice/<int:pk>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
    path("a/<slug:code>/hierarchy/", views.hierarchy, name="hierarchy"),
]
