"""Moving the care relationship into `care` moved no row and rebuilt no table.

The database is built as it was before the move (clinic 0003, sharing 0003,
accounts 0004, recovery 0002), filled through the models of then, migrated
forward, and read through today's models: the same rows, ids and links.
"""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clearhead.accounts.models import User
from clearhead.care.models import Consent, Enrollment, Program, SupporterLink
from clearhead.care.time_zones import time_zone_for
from clearhead.clinic.models import IntakeAssessment, PatientInvitation
from clearhead.core import clock
from clearhead.sharing.models import SupporterAlertSent

BEFORE = [
    ("accounts", "0004_apitoken_expires_at"),
    ("clinic", "0003_program_address_phone_membership_end"),
    ("sharing", "0003_supporterlink_expires_at"),
    ("recovery", "0002_profile_zone_region_default"),
]
MOVED_TABLES = {
    "clinic_program",
    "clinic_programmembership",
    "clinic_enrollment",
    "clinic_enrollment_care_team",
    "sharing_supporterlink",
    "sharing_consent",
}


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh graph for the next step


def _fill(apps) -> dict:
    """One of each moved row, and rows in clinic and sharing that point at them."""
    old_user = apps.get_model("accounts", "User")
    pat = old_user.objects.create(email="pat@example.org", role="patient")
    sam = old_user.objects.create(email="sam@example.org", role="supporter")
    casey = old_user.objects.create(email="casey@example.org", role="clinician")
    apps.get_model("recovery", "RecoveryProfile").objects.create(
        patient=pat, stop_date=date(2026, 11, 1), time_zone="America/Chicago"
    )
    program = apps.get_model("clinic", "Program").objects.create(
        name="Riverbend", time_zone="America/Denver"
    )
    apps.get_model("clinic", "ProgramMembership").objects.create(
        program=program, clinician=casey
    )
    enrollment = apps.get_model("clinic", "Enrollment").objects.create(
        program=program, patient=pat, started_on=date(2026, 11, 2)
    )
    enrollment.care_team.add(casey)
    intake = apps.get_model("clinic", "IntakeAssessment").objects.create(
        enrollment=enrollment, clinician=casey, care_answers={}, guidance={}
    )
    invitation = apps.get_model("clinic", "PatientInvitation").objects.create(
        program=program,
        invited_by=casey,
        code_hash="a" * 64,
        expires_at=clock.now(),
        enrollment=enrollment,
    )
    old_consent = apps.get_model("sharing", "Consent")
    care_consent = old_consent.objects.create(
        enrollment=enrollment,
        patient=pat,
        purpose="treatment",
        kinds=["checkins"],
        signature="Pat",
        signed_at=clock.now(),
    )
    link = apps.get_model("sharing", "SupporterLink").objects.create(
        patient=pat,
        supporter=sam,
        code_hash="b" * 64,
        expires_at=clock.now(),
        accepted_at=clock.now(),
    )
    supporter_consent = old_consent.objects.create(
        link=link,
        patient=pat,
        purpose="family_support",
        kinds=["sober_days"],
        expires_on=date(2030, 1, 1),
        signature="Pat",
        signed_at=clock.now(),
    )
    alert = apps.get_model("sharing", "SupporterAlertSent").objects.create(
        consent=supporter_consent, gap_start=date(2026, 11, 20)
    )
    return {
        "pat": pat.pk,
        "casey": casey.pk,
        "program": program.public_id,
        "enrollment": enrollment.public_id,
        "intake": intake.public_id,
        "invitation": invitation.public_id,
        "care_consent": care_consent.public_id,
        "link": link.public_id,
        "supporter_consent": supporter_consent.public_id,
        "alert": alert.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_and_table():
    executor = _migrate(BEFORE)
    tables_before = set(connection.introspection.table_names())
    ids = _fill(executor.loader.project_state(BEFORE).apps)
    try:
        executor = _migrate(executor.loader.graph.leaf_nodes())
        # No table was created, renamed or dropped by the move.
        tables_after = set(connection.introspection.table_names())
        assert tables_after >= MOVED_TABLES
        assert not {t for t in tables_after - tables_before if "care" in t}

        enrollment = Enrollment.objects.get(public_id=ids["enrollment"])
        assert enrollment.program == Program.objects.get(public_id=ids["program"])
        assert enrollment.patient_id == ids["pat"]
        assert list(enrollment.care_team.values_list("pk", flat=True)) == [ids["casey"]]
        assert list(
            Program.objects.get(public_id=ids["program"])
            .memberships.filter(ended_at=None)
            .values_list("clinician_id", flat=True)
        ) == [ids["casey"]]
        # Rows in clinic and sharing still reach the moved rows.
        intake = IntakeAssessment.objects.get(public_id=ids["intake"])
        assert intake.enrollment == enrollment
        invitation = PatientInvitation.objects.get(public_id=ids["invitation"])
        assert invitation.enrollment == enrollment
        care_consent = Consent.objects.get(public_id=ids["care_consent"])
        assert care_consent.enrollment == enrollment
        assert enrollment.sharing == ["checkins"]
        link = SupporterLink.objects.get(public_id=ids["link"])
        supporter_consent = Consent.objects.get(public_id=ids["supporter_consent"])
        assert supporter_consent.link == link
        alert = SupporterAlertSent.objects.get(pk=ids["alert"])
        assert alert.consent == supporter_consent
        # The profile's zone is now the account's own.
        pat = User.objects.get(pk=ids["pat"])
        assert pat.time_zone == "America/Chicago"
        assert time_zone_for(pat) == "America/Chicago"
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_time_zone_migration_goes_back_to_the_profile():
    after = [("recovery", "0003_time_zone_moves_to_account")]
    executor = _migrate(after)
    apps = executor.loader.project_state(after).apps
    pat = apps.get_model("accounts", "User").objects.create(
        email="pat@example.org", role="patient", time_zone="Europe/London"
    )
    apps.get_model("recovery", "RecoveryProfile").objects.create(
        patient=pat, stop_date=date(2026, 11, 1)
    )
    before = [("recovery", "0002_profile_zone_region_default")]
    try:
        executor = _migrate(before)
        profile = (
            executor.loader.project_state(before)
            .apps.get_model("recovery", "RecoveryProfile")
            .objects.get(patient_id=pat.pk)
        )
        assert profile.time_zone == "Europe/London"
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
