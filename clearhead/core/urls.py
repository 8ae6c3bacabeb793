from django.urls import path

from clearhead.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("language/", views.set_language, name="set_language"),
]
