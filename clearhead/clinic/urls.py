from django.urls import path

from clearhead.clinic import views

app_name = "clinic"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("invite/", views.invite, name="invite"),
    path("patients/<uuid:public_id>/", views.patient_detail, name="patient_detail"),
    path("join/", views.join, name="join"),
    path("my-care/", views.my_care, name="my_care"),
]
