"""Staff URLs of applications (namespace ``applications``)."""

from django.urls import path

from gongkai_web.applications import views

app_name = "applications"

urlpatterns = [
    path("a/<slug:code>/", views.queue, name="queue"),
    path("a/<slug:code>/new/", views.register, name="register"),
    path("a/<slug:code>/stats/<int:year>/", views.stats, name="stats"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<slug:event>/", views.event, name="event"),
    path("<int:pk>/appeals/", views.appeal_add, name="appeal_add"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("letters/<int:pk>/", views.letter_download, name="letter"),
    path("proposals/<int:pk>/do/<slug:action>/", views.proposal_action, name="proposal_action"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("corrections/<int:pk>/file/", views.correction_file, name="correction_file"),
    path("letters/<int:pk>/delivery/", views.delivery_record, name="delivery_record"),
    path("deliveries/<int:pk>/proof/", views.delivery_proof, name="delivery_proof"),
]
