"""Reaching the patient: the contact log and what "last contact" means."""

from datetime import timedelta

import pytest

from clearhead.accounts.models import Role
from clearhead.care.models import Enrollment, Program, ProgramMembership
from clearhead.clinic.models import ContactLog
from clearhead.clinic.selectors import last_contacts
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.core import clock
from clearhead.testing import make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock


@pytest.fixture
def pat_enrolled(casey_in_program, program, patient_pat):
    return enroll(patient_pat, casey_in_program, program)


def test_last_contact_is_the_latest_logged_of_any_kind_in_one_query(
    django_assert_num_queries, casey_in_program, program, pat_enrolled, patient_pia
):
    pia_enrolled = enroll(patient_pia, casey_in_program, program)
    never = enroll(
        make_user("quinn@example.org", Role.PATIENT, "Quinn"),
        casey_in_program,
        program,
    )
    now = clock.now()
    for enrollment, kind, hours_ago in [
        (pat_enrolled, "call", 30),
        # An unanswered call is the latest: the team still reached out.
        (pat_enrolled, "no_answer", 2),
        (pat_enrolled, "visit", 50),
        (pia_enrolled, "message", 5),
    ]:
        ContactLog.objects.create(
            enrollment=enrollment,
            clinician=casey_in_program,
            kind=kind,
            at=now - timedelta(hours=hours_ago),
        )
    ids = [pat_enrolled.pk, pia_enrolled.pk, never.pk]
    with django_assert_num_queries(1):
        latest = last_contacts(ids)
    assert latest == {
        pat_enrolled.pk: now - timedelta(hours=2),
        pia_enrolled.pk: now - timedelta(hours=5),
    }
    # A queryset of ids is read as a subquery: still one query.
    with django_assert_num_queries(1):
        assert last_contacts(Enrollment.objects.filter(pk__in=ids).values("pk")) == (
            latest
        )
    assert last_contacts([]) == {}


def test_last_contacts_reads_only_the_enrollments_asked_for(
    casey_in_program, program, pat_enrolled
):
    other = Program.objects.create(name="Elsewhere")
    ProgramMembership.objects.create(program=other, clinician=casey_in_program)
    elsewhere = enroll(pat_enrolled.patient, casey_in_program, other)
    ContactLog.objects.create(
        enrollment=elsewhere, clinician=casey_in_program, kind="call"
    )
    assert last_contacts([pat_enrolled.pk]) == {}
    assert list(last_contacts([elsewhere.pk])) == [elsewhere.pk]
