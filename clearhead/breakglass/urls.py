from django.urls import path

from clearhead.breakglass import views

app_name = "breakglass"

urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:public_id>/", views.record, name="record"),
]
