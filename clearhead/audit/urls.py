from django.urls import path

from clearhead.audit import views

app_name = "audit"

urlpatterns = [
    path("who-has-seen/", views.who_has_seen, name="who_has_seen"),
]
