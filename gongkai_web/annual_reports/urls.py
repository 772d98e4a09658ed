"""Staff URLs of annual reports (namespace ``annual_reports``)."""

from django.urls import path

from gongkai_web.annual_reports import views

app_name = "annual_reports"

urlpatterns = [
    path("a/<slug:code>/", views.report_list, name="list"),
    path("a/<slug:code>/generate/", views.report_generate, name="generate"),
    path("a/<slug:code>/import/", views.report_import, name="import"),
    path("a/<slug:code>/<int:year>/compare/", views.report_compare, name="compare"),
    path("a/<slug:code>/<int:year>/compare/<slug:fmt>/", views.report_compare_file, name="compare_file"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/prose/", views.report_prose, name="prose"),
    path("<int:pk>/do/<slug:action>/", views.report_action, name="action"),
    path("<int:pk>/cell/<str:key>/", views.report_cell, name="cell"),
    path("<int:pk>/file/<slug:fmt>/", views.report_file, name="file"),
    path("<int:pk>/review/", views.report_review, name="review"),
    path("<int:pk>/review/decide/", views.finding_decide, name="decide"),
    path("<int:pk>/return/", views.report_return, name="return"),
    path("return/<int:pk>/withdraw/", views.return_withdraw, name="return_withdraw"),
]
