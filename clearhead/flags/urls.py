from django.urls import path

from clearhead.flags import views

app_name = "flags"

urlpatterns = [
    path(
        "crisis/<uuid:public_id>/tell-care-team/",
        views.crisis_tell_care_team,
        name="crisis_tell_care_team",
    ),
    path(
        "crisis/disclosures/<uuid:public_id>/revoke/",
        views.crisis_disclosure_revoke,
        name="crisis_disclosure_revoke",
    ),
]
