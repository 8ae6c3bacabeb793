from django.urls import path

from clearhead.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.start, name="start"),
    path("take/", views.take, name="take"),
    path("results/", views.results, name="results"),
    path("save/", views.save, name="save"),
    path("saved/", views.saved, name="saved"),
]
