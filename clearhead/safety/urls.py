from django.urls import path

from clearhead.safety import views

app_name = "safety"

urlpatterns = [
    path("", views.help_now, name="help_now"),
]
