from django.urls import path

from clearhead.directory import views

app_name = "directory"

urlpatterns = [
    path("find/", views.facility_list, name="facility_list"),
    path("find/reports/", views.listing_reports, name="listing_reports"),
    path("find/<uuid:public_id>/", views.facility_detail, name="facility_detail"),
    path(
        "find/<uuid:public_id>/report/", views.facility_report, name="facility_report"
    ),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<uuid:public_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:public_id>.ics", views.meeting_ics, name="meeting_ics"),
]
