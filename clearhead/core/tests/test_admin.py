"""The Django admin holds operators' non-clinical tables only (issue 13, finding 5).

It shows no health information, deletes no account (closing one is the
product's own flow, `clearhead/recovery/closing.py`), and every view of a
person in it is audited.
"""

import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from clearhead.accounts.models import User
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.care.models import Enrollment
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.recovery.models import (
    DailyCheckIn,
    RecoveryProfile,
    RelapsePreventionPlan,
    SupportContact,
)
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock

# What the admin may hold: operators' tables, with no health information and
# no row that belongs to a patient.
OPERATOR_TABLES = {
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "accounts.User",
    "accounts.Invitation",
    "accounts.ApiToken",
    "education.ArticleFeedback",
    "directory.Facility",
    "directory.Meeting",
    "directory.Feed",
    "directory.ListingReport",
    "directory.ProgramListing",
    "care.Program",
}

# Apps whose every table is health information or tied to a patient.
CLINICAL_APPS = {
    "audit",
    "benchfloor",
    "breakglass",
    "care",
    "clinic",
    "interop",
    "recovery",
    "screening",
    "sharing",
    "otp_totp",
    "otp_static",
    "django_tasks_database",
}

# Words the delete and change pages printed for a patient before the fix.
CLINICAL_WORDS = [
    "Riverbend",  # the treatment program
    "check-in",
    "Daily",
    "Enrollment",
    "Screening",
    "Stay away from the old crowd",  # plan text
    "Aunt Rosa",  # a support contact
    "Support contact",
    "Recovery profile",
    "Relapse",
    "Consent",
]


@pytest.fixture
def pat_in_care(patient_pat, casey_in_program, program):
    """Pat, enrolled at Riverbend, with check-ins, a plan and a support contact."""
    enroll(patient_pat, casey_in_program, program)
    profile = RecoveryProfile.objects.create(
        patient=patient_pat, stop_date=date(2025, 1, 1)
    )
    SupportContact.objects.create(profile=profile, name="Aunt Rosa", phone="555-0100")
    RelapsePreventionPlan.objects.create(
        patient=patient_pat, warning_signs="Stay away from the old crowd"
    )
    checkin(patient_pat, days_ago=1)
    checkin(patient_pat)
    return patient_pat


def _assert_nothing_clinical(page: str) -> None:
    shown = [word for word in CLINICAL_WORDS if word.lower() in page.lower()]
    assert not shown, f"the page shows {shown}"


def test_the_admin_registers_only_operator_tables():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered <= OPERATOR_TABLES, registered - OPERATOR_TABLES


def test_the_admin_index_lists_no_clinical_model(client, admin_ada, pat_in_care):
    client.force_login(admin_ada)
    response = client.get("/admin/")
    assert response.status_code == 200
    listed = {
        f"{app['app_label']}.{model['object_name']}"
        for app in response.context["app_list"]
        for model in app["models"]
    }
    clinical = {
        label
        for label in listed
        if label.split(".")[0] in CLINICAL_APPS and label != "care.Program"
    }
    assert not clinical, clinical
    for word in ["Audit event", "TOTP device", "Static device", "Task result"]:
        assert word.lower() not in response.content.decode().lower()


def _clinical_models():
    for model in apps.get_models():
        label = model._meta.label
        has_patient = any(
            field.name == "patient" and field.is_relation
            for field in model._meta.get_fields()
        )
        if label == "care.Program":
            continue
        if model._meta.app_label in CLINICAL_APPS or has_patient:
            yield model


def test_each_clinical_model_admin_url_is_404(client, admin_ada, pat_in_care):
    client.force_login(admin_ada)
    models = list(_clinical_models())
    assert {DailyCheckIn, Enrollment, AuditEvent} <= set(models)
    reachable = []
    for model in models:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for url in (base, f"{base}1/change/", f"{base}1/delete/", f"{base}add/"):
            if client.get(url).status_code != 404:
                reachable.append(url)
    assert not reachable


def test_a_patients_delete_page_is_refused_and_shows_nothing(
    client, admin_ada, pat_in_care
):
    client.force_login(admin_ada)
    url = reverse("admin:accounts_user_delete", args=[pat_in_care.pk])
    response = client.get(url)
    assert response.status_code == 403
    _assert_nothing_clinical(response.content.decode())

    response = client.post(url, {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=pat_in_care.pk).exists()
    assert DailyCheckIn.objects.filter(patient=pat_in_care).count() == 2
    assert Enrollment.objects.filter(patient=pat_in_care).exists()


def test_no_account_can_be_deleted_in_the_admin(client, admin_ada, clinician_casey):
    """Not even one with no clinical record: deactivate it instead."""
    client.force_login(admin_ada)
    url = reverse("admin:accounts_user_delete", args=[clinician_casey.pk])
    assert client.get(url).status_code == 403
    assert User.objects.filter(pk=clinician_casey.pk).exists()


def test_bulk_delete_is_not_offered_and_cannot_be_posted(
    client, admin_ada, pat_in_care
):
    client.force_login(admin_ada)
    changelist = reverse("admin:accounts_user_changelist")
    page = client.get(changelist).content.decode()
    assert "delete_selected" not in page

    response = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [pat_in_care.pk]},
    )
    _assert_nothing_clinical(response.content.decode())
    assert User.objects.filter(pk=pat_in_care.pk).exists()
    assert DailyCheckIn.objects.filter(patient=pat_in_care).count() == 2


def test_a_program_with_patients_cannot_be_deleted_in_the_admin(
    client, admin_ada, pat_in_care, program
):
    """Its delete page would list its enrollments, naming each patient."""
    client.force_login(admin_ada)
    response = client.get(reverse("admin:care_program_delete", args=[program.pk]))
    assert response.status_code == 403
    assert not re.search(r"\bPat\b", response.content.decode())
    changelist = client.get(reverse("admin:care_program_changelist"))
    assert "delete_selected" not in changelist.content.decode()


def test_the_user_change_page_is_audited_and_shows_no_health_information(
    client, admin_ada, pat_in_care
):
    client.force_login(admin_ada)
    response = client.get(reverse("admin:accounts_user_change", args=[pat_in_care.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "pat@example.org" in page
    _assert_nothing_clinical(page)
    assert "/delete/" not in page, "no link to a delete page"
    event = assert_audited(
        action=AuditAction["ADMIN_ACCOUNT_VIEWED"],
        actor=admin_ada,
        patient=pat_in_care,
        subject=pat_in_care,
    )
    assert event.channel, "the admin page is named in the event"


def test_opening_a_clinicians_account_is_audited_without_a_patient(
    client, admin_ada, clinician_casey
):
    client.force_login(admin_ada)
    url = reverse("admin:accounts_user_change", args=[clinician_casey.pk])
    assert client.get(url).status_code == 200
    event = assert_audited(
        action=AuditAction["ADMIN_ACCOUNT_VIEWED"],
        actor=admin_ada,
        subject=clinician_casey,
    )
    assert event.patient is None


def test_the_user_history_page_is_audited(client, admin_ada, pat_in_care):
    client.force_login(admin_ada)
    url = reverse("admin:accounts_user_history", args=[pat_in_care.pk])
    assert client.get(url).status_code == 200
    assert_audited(
        action=AuditAction["ADMIN_ACCOUNT_VIEWED"], actor=admin_ada, patient=pat_in_care
    )


def test_a_patient_sees_the_admin_view_in_who_has_seen(client, admin_ada, pat_in_care):
    client.force_login(admin_ada)
    client.get(reverse("admin:accounts_user_change", args=[pat_in_care.pk]))
    client.force_login(pat_in_care)
    page = client.get(reverse("my_record:who_has_seen")).content.decode()
    assert "Ada" in page


def test_the_list_of_accounts_records_each_patient_shown(
    client, admin_ada, pat_in_care, patient_pia, clinician_casey
):
    client.force_login(admin_ada)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    listed = AuditEvent.objects.filter(
        action=AuditAction["ADMIN_ACCOUNTS_LISTED"], actor=admin_ada
    )
    assert set(listed.values_list("patient", flat=True)) == {
        pat_in_care.pk,
        patient_pia.pk,
    }


def test_a_change_made_in_the_admin_is_audited_with_field_names(
    client, admin_ada, pat_in_care
):
    client.force_login(admin_ada)
    url = reverse("admin:accounts_user_change", args=[pat_in_care.pk])
    response = client.post(
        url,
        {
            "email": pat_in_care.email,
            "display_name": "Pat",
            "role": pat_in_care.role,
            # is_active left out: the operator deactivates the account
        },
    )
    assert response.status_code == 302
    pat_in_care.refresh_from_db()
    assert not pat_in_care.is_active
    event = assert_audited(
        action=AuditAction.PROFILE_UPDATED, actor=admin_ada, patient=pat_in_care
    )
    assert event.extra == {"fields": ["is_active"], "via": "admin"}


def test_an_account_added_in_the_admin_is_audited(client, admin_ada):
    client.force_login(admin_ada)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "new@clinic.example.org", "display_name": "New", "role": "clinician"},
    )
    assert response.status_code == 302
    created = User.objects.get(email="new@clinic.example.org")
    event = assert_audited(
        action=AuditAction.USER_CREATED, actor=admin_ada, subject=created
    )
    assert event.extra["via"] == "admin"
