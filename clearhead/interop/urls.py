"""Mounted under /recovery/, beside the companion's "My data" page that links
to the download (`/recovery/my-data/?format=fhir` redirects here)."""

from django.urls import path

from clearhead.interop import views

app_name = "interop"

urlpatterns = [
    path("my-data/fhir/", views.my_record_fhir, name="my_record_fhir"),
]
