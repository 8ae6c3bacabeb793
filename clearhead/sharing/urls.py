from django.urls import path

from clearhead.sharing import views

app_name = "sharing"

urlpatterns = [
    path("my-supporters/", views.my_supporters, name="my_supporters"),
    path("supporter/", views.supporter_home, name="supporter_home"),
]
