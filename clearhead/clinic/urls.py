from django.urls import path

from clearhead.clinic import program_views, record_views, referral_views, views

app_name = "clinic"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("invite/", views.invite, name="invite"),
    path("join/", views.join, name="join"),
    path("my-care/", views.my_care, name="my_care"),
    path("my-care/plan/", views.my_treatment_plan, name="my_treatment_plan"),
    path(
        "my-care/appointments.ics",
        views.my_appointments_ics,
        name="my_appointments_ics",
    ),
    path(
        "appointments.ics",
        views.clinician_appointments_ics,
        name="clinician_appointments_ics",
    ),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("referrals/", referral_views.referral_queue, name="referral_queue"),
    path(
        "referrals/<uuid:public_id>/",
        referral_views.referral_detail,
        name="referral_detail",
    ),
    path(
        "programs/<uuid:public_id>/referrals/",
        referral_views.program_referrals,
        name="program_referrals",
    ),
    path("programs/", program_views.program_list, name="program_list"),
    path("programs/new/", program_views.program_create, name="program_create"),
    path(
        "programs/<uuid:public_id>/",
        program_views.program_detail,
        name="program_detail",
    ),
    path(
        "programs/<uuid:public_id>/edit/",
        program_views.program_edit,
        name="program_edit",
    ),
    path(
        "programs/<uuid:public_id>/members/<int:pk>/end/",
        program_views.membership_end,
        name="membership_end",
    ),
    path("patients/<uuid:public_id>/", views.patient_detail, name="patient_detail"),
    path(
        "patients/<uuid:public_id>/flags/<uuid:flag_id>/review/",
        record_views.flag_review,
        name="flag_review",
    ),
    path(
        "patients/<uuid:public_id>/chart-number/",
        record_views.chart_number,
        name="chart_number",
    ),
    path(
        "patients/<uuid:public_id>/contacts/",
        record_views.contact_log,
        name="contact_log",
    ),
    path("patients/<uuid:public_id>/intake/", record_views.intake, name="intake"),
    path(
        "patients/<uuid:public_id>/intake/<uuid:intake_id>/",
        record_views.intake_decide,
        name="intake_decide",
    ),
    path("patients/<uuid:public_id>/plan/", record_views.plan, name="plan"),
    path(
        "patients/<uuid:public_id>/safety-plan/",
        record_views.safety_plan,
        name="safety_plan",
    ),
    path("patients/<uuid:public_id>/notes/", record_views.notes, name="notes"),
    path(
        "patients/<uuid:public_id>/notes/<uuid:note_id>/",
        record_views.note_detail,
        name="note_detail",
    ),
    path(
        "patients/<uuid:public_id>/tests/", record_views.drug_tests, name="drug_tests"
    ),
    path(
        "patients/<uuid:public_id>/appointments/",
        record_views.appointments,
        name="appointments",
    ),
    path(
        "patients/<uuid:public_id>/appointments/<uuid:appointment_id>/attendance/",
        record_views.appointment_attendance,
        name="appointment_attendance",
    ),
]
