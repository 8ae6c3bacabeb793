"""The patient's accounting of their record, at /my-record/ (kept from when it
lived in audit, so links in e-mails already sent still work)."""

from django.urls import path

from clearhead.recovery import views

app_name = "my_record"

urlpatterns = [
    path("who-has-seen/", views.who_has_seen, name="who_has_seen"),
]
