"""/emergency-access/<id>/: the record page, beside breakglass's own pages
under the same prefix (the URL did not change when the page moved here)."""

from django.urls import path

from clearhead.clinic import emergency_views

app_name = "emergency"

urlpatterns = [
    path("<uuid:public_id>/", emergency_views.record, name="record"),
]
