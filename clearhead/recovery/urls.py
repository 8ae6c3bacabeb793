from django.urls import path

from clearhead.recovery import views

app_name = "recovery"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("about-me/", views.profile_edit, name="profile"),
    path("check-in/", views.checkin_create, name="checkin"),
    path("check-in/<uuid:public_id>/body/", views.checkin_body, name="checkin_body"),
]
