from django.urls import path

from clearhead.breakglass import views

app_name = "breakglass"

urlpatterns = [
    path("", views.start, name="start"),
]
