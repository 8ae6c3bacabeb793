from django.urls import path

from clearhead.safety import views

app_name = "safety"

urlpatterns = [
    path("", views.help_now, name="help_now"),
    path("safety-plan/", views.safety_plan_blank, name="safety_plan"),
]
