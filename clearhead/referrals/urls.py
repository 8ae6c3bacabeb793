from django.urls import path

from clearhead.referrals import views

app_name = "referrals"

urlpatterns = [
    path("send/", views.send, name="send"),
    path("sent/", views.sent, name="sent"),
    path("withdrawn/", views.withdrawn, name="withdrawn"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/withdraw/", views.withdraw, name="withdraw"),
]
