"""Reaching the patient: the contact log and what "last contact" means."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import dateformat

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.care import services as care_services
from clearhead.care.models import SHARE_KINDS, Enrollment, Program, ProgramMembership
from clearhead.clinic import services
from clearhead.clinic.models import ContactLog
from clearhead.clinic.selectors import last_contacts
from clearhead.clinic.tests.test_clinic import ALL_SHARED, checkin, enroll
from clearhead.core import clock
from clearhead.recovery import services as recovery_services
from clearhead.testing import assert_audited, make_user

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


# --- Logging a contact ----------------------------------------------------

WITH_CONTACT = [*ALL_SHARED, "contact_details"]


@pytest.fixture
def pat_sharing(casey_in_program, program, patient_pat):
    """Pat, in a Chicago program, shares everything, contact details too."""
    program.time_zone = "America/Chicago"
    program.save(update_fields=["time_zone"])
    patient_pat.time_zone = "America/New_York"
    patient_pat.save(update_fields=["time_zone"])
    recovery_services.recovery_profile_save(
        actor=patient_pat,
        stop_date=clock.today_in("America/New_York") - timedelta(days=10),
        time_zone="America/New_York",
        phone="(312) 555-0142",
        best_time_to_call="Weekday evenings after 6",
    )
    return enroll(patient_pat, casey_in_program, program, sharing=WITH_CONTACT)


def _log_url(enrollment) -> str:
    return reverse("clinic:contact_log", args=[enrollment.public_id])


def _page(client, enrollment) -> str:
    response = client.get(reverse("clinic:patient_detail", args=[enrollment.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def _panel(page: str) -> str:
    match = re.search(r'<section[^>]*id="reaching".*?</section>', page, re.S)
    assert match, "no Reaching panel"
    return match.group(0)


def test_the_care_team_logs_a_call_audited_without_the_note(
    casey_in_program, pat_enrolled
):
    at = datetime(2026, 3, 4, 21, 5, tzinfo=UTC)
    with time_machine.travel(at, tick=False):
        contact = services.contact_log_record(
            actor=casey_in_program,
            enrollment=pat_enrolled,
            kind="call",
            note="  Doing better; call again Friday.  ",
        )
    assert (contact.kind, contact.note, contact.clinician, contact.at) == (
        "call",
        "Doing better; call again Friday.",
        casey_in_program,
        at,
    )
    event = assert_audited(
        action=AuditAction.CONTACT_LOGGED,
        actor=casey_in_program,
        patient=pat_enrolled.patient,
        subject=contact,
    )
    assert event.extra == {"kind": "call", "fields": ["note"]}
    assert "Friday" not in str(event.extra)


@pytest.mark.parametrize(
    ("kind", "note", "field"),
    [("", "", "kind"), ("email", "", "kind"), ("call", "x" * 1001, "note")],
)
def test_a_contact_the_service_cannot_log_names_the_field(
    casey_in_program, pat_enrolled, kind, note, field
):
    with pytest.raises(ValidationError) as caught:
        services.contact_log_record(
            actor=casey_in_program, enrollment=pat_enrolled, kind=kind, note=note
        )
    assert list(caught.value.error_dict) == [field]
    assert not ContactLog.objects.exists()


def test_only_the_current_care_team_may_log(
    admin_ada,
    casey_in_program,
    clinician_olive,
    clinician_oscar,
    supporter_sam,
    patient_pat,
    pat_enrolled,
):
    for outsider in (clinician_olive, clinician_oscar, supporter_sam, patient_pat):
        with pytest.raises(PermissionDenied):
            services.contact_log_record(
                actor=outsider, enrollment=pat_enrolled, kind="call"
            )
    # Casey's membership ends: her next write is refused at once.
    services.membership_end(
        actor=admin_ada,
        membership=casey_in_program.program_memberships.get(),
    )
    with pytest.raises(PermissionDenied):
        services.contact_log_record(
            actor=casey_in_program, enrollment=pat_enrolled, kind="call"
        )
    assert not ContactLog.objects.exists()


def test_casey_logs_from_the_patient_page_and_sees_it_listed_in_the_programs_time(
    client, casey_in_program, pat_sharing
):
    at = datetime(2026, 3, 4, 21, 5, tzinfo=UTC)  # 3:05 PM in Chicago
    # A fixed instant, with the session signed in at it (an idle session ends).
    with time_machine.travel(at, tick=False):
        client.force_login(casey_in_program)
        response = client.post(
            _log_url(pat_sharing), {"kind": "no_answer", "note": "Left a voicemail."}
        )
        page = client.get(response["Location"]).content.decode()
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("clinic:patient_detail", args=[pat_sharing.public_id]) + "#reaching"
    )
    assert_audited(action=AuditAction.CONTACT_LOGGED, actor=casey_in_program)
    assert "Contact logged: called, no answer." in page
    panel = _panel(page)
    assert "Last contact: <strong>4 Mar 2026, 3:05 PM</strong>" in panel
    assert "Called, no answer" in panel
    assert "Wed 4 Mar, 3:05 PM" in panel
    assert "Left a voicemail." in panel
    assert "Casey" in panel
    assert "Central (Chicago) time" in panel


def test_last_contact_on_the_page_is_last_contacts_answer(
    client, casey_in_program, pat_sharing
):
    client.force_login(casey_in_program)
    assert "Last contact: <strong>none logged</strong>" in _panel(
        _page(client, pat_sharing)
    )
    for hours_ago, kind in ((3, "visit"), (1, "message")):
        with time_machine.travel(clock.now() - timedelta(hours=hours_ago)):
            services.contact_log_record(
                actor=casey_in_program, enrollment=pat_sharing, kind=kind
            )
    latest = last_contacts([pat_sharing.pk])[pat_sharing.pk]
    shown = dateformat.format(
        latest.astimezone(ZoneInfo("America/Chicago")), "j M Y, g:i A"
    )
    panel = _panel(_page(client, pat_sharing))
    assert f"Last contact: <strong>{shown}</strong>" in panel
    # Newest first.
    assert panel.index("Message") < panel.index("Visit")


def test_the_list_shows_the_latest_ten_and_says_how_many_there_are(
    client, casey_in_program, pat_enrolled
):
    for minutes_ago in range(12):
        ContactLog.objects.create(
            enrollment=pat_enrolled,
            clinician=casey_in_program,
            kind="call",
            note=f"Contact number {minutes_ago}",
            at=clock.now() - timedelta(minutes=minutes_ago),
        )
    client.force_login(casey_in_program)
    panel = _panel(_page(client, pat_enrolled))
    assert "The latest 10 of 12." in panel
    assert "Contact number 0<" in panel
    assert "Contact number 9<" in panel
    assert "Contact number 10<" not in panel


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose how you reached them, or tried to."),
        ({"kind": "fax"}, "Select a valid choice."),
        ({"kind": "call", "note": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_input_shows_on_the_page_and_logs_nothing(
    client, casey_in_program, pat_enrolled, data, error
):
    client.force_login(casey_in_program)
    response = client.post(_log_url(pat_enrolled), data)
    assert response.status_code == 400
    panel = _panel(response.content.decode())
    assert error in panel
    assert '<details class="disclosure" open>' in panel
    assert not ContactLog.objects.exists()


def test_a_get_is_refused(client, casey_in_program, pat_enrolled):
    client.force_login(casey_in_program)
    assert client.get(_log_url(pat_enrolled)).status_code == 405


@pytest.mark.parametrize(
    ("who", "status"),
    [("olive", 404), ("oscar", 404), ("sam", 403), ("pat", 403), ("ada", 403)],
)
def test_no_one_else_may_log_or_see_the_log(
    client, request, casey_in_program, pat_enrolled, who, status
):
    services.contact_log_record(
        actor=casey_in_program, enrollment=pat_enrolled, kind="call", note="Secret"
    )
    fixture = {
        "olive": "clinician_olive",
        "oscar": "clinician_oscar",
        "sam": "supporter_sam",
        "pat": "patient_pat",
        "ada": "admin_ada",
    }[who]
    client.force_login(request.getfixturevalue(fixture))
    response = client.post(_log_url(pat_enrolled), {"kind": "visit"})
    assert response.status_code == status
    assert ContactLog.objects.count() == 1
    page = client.get(reverse("clinic:patient_detail", args=[pat_enrolled.public_id]))
    assert page.status_code == status
    assert "Secret" not in page.content.decode()


def test_a_removed_clinician_can_neither_log_nor_see(
    client, admin_ada, casey_in_program, pat_enrolled
):
    services.contact_log_record(
        actor=casey_in_program, enrollment=pat_enrolled, kind="call", note="Secret"
    )
    services.membership_end(
        actor=admin_ada, membership=casey_in_program.program_memberships.get()
    )
    client.force_login(casey_in_program)
    assert client.post(_log_url(pat_enrolled), {"kind": "call"}).status_code == 404
    page = client.get(reverse("clinic:patient_detail", args=[pat_enrolled.public_id]))
    assert page.status_code == 404
    assert ContactLog.objects.count() == 1


# --- What the patient shares ------------------------------------------------


def test_contact_details_show_only_while_the_patient_shares_them(
    client, casey_in_program, patient_pat, pat_sharing
):
    client.force_login(casey_in_program)
    panel = _panel(_page(client, pat_sharing))
    assert '<h2 id="reaching-title">Reaching Pat</h2>' in panel
    assert 'href="tel:+1-312-555-0142">Call (312) 555-0142</a>' in panel
    assert "Weekday evenings after 6" in panel
    # Pat lives in New York; the program reads times in Chicago.
    assert "(their time: Eastern (New York))" in panel

    care_services.enrollment_sharing_update(
        actor=patient_pat,
        enrollment=pat_sharing,
        sharing=ALL_SHARED,
        signature="Pat",
    )
    page = _page(client, pat_sharing)
    assert "555-0142" not in page
    assert "5550142" not in page
    assert "Weekday evenings" not in page
    assert "Pat has not shared contact details with you." in _panel(page)


def test_shared_without_a_number_says_so(
    client, casey_in_program, program, patient_pat
):
    enrollment = enroll(patient_pat, casey_in_program, program, ["contact_details"])
    client.force_login(casey_in_program)
    panel = _panel(_page(client, enrollment))
    assert "shares contact details with you but has not added a phone number" in panel
    assert "tel:" not in panel


def test_a_crisis_puts_the_call_first_and_urgent(
    client, casey_in_program, patient_pat, pat_sharing
):
    client.force_login(casey_in_program)
    assert "panel--urgent" not in _panel(_page(client, pat_sharing))
    checkin(patient_pat, self_harm_thoughts=True)
    panel = _panel(_page(client, pat_sharing))
    assert 'class="panel reaching panel--urgent"' in panel
    crisis_at = panel.index("Crisis")
    assert crisis_at < panel.index("Call (312) 555-0142")
    assert 'class="button button--help" href="tel:+1-312-555-0142"' in panel
    assert "Call them now if you can." in panel


def test_the_patient_page_names_the_kind_in_what_is_shared(
    client, casey_in_program, pat_sharing
):
    client.force_login(casey_in_program)
    page = _page(client, pat_sharing)
    assert str(SHARE_KINDS["contact_details"]) in unescape(page)
    event = AuditEvent.objects.filter(
        action=AuditAction.PATIENT_RECORD_VIEWED, actor=casey_in_program
    ).latest("pk")
    assert "contact_details" in event.extra["shared"]


def test_joining_offers_contact_details_unticked_and_names_them_before_signing(
    client, casey_in_program, program, patient_pat
):
    _, code = services.patient_invitation_create(
        actor=casey_in_program, program=program
    )
    client.force_login(patient_pat)
    page = client.get(reverse("clinic:join"), {"code": code}).content.decode()
    box = re.search(r'<input[^>]*value="contact_details"[^>]*>', page).group(0)
    assert "checked" not in box
    summary = client.post(
        reverse("clinic:join"), {"code": code, "sharing": ["contact_details"]}
    ).content.decode()
    assert str(SHARE_KINDS["contact_details"]) in unescape(summary)
    assert str(SHARE_KINDS["checkins"]) not in unescape(summary)
