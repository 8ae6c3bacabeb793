from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.audit.visits import PAGE_VISITS
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.recovery.models import RecoveryProfile

SIX_SECONDS = timedelta(seconds=6)


def test_a_patient_sees_who_opened_their_record_and_what_went_out(
    client, casey_in_program, program, patient_pat, patient_pia
):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(patient=patient_pat, stop_date=date(2026, 11, 1))
    enrollment = enroll(patient_pat, casey_in_program, program)
    client.force_login(casey_in_program)
    client.get(reverse("clinic:patient_detail", args=[enrollment.public_id]))
    client.get(f"/api/v1/patients/{patient_pat.public_id}/fhir")
    client.force_login(patient_pat)
    page = client.get(reverse("my_record:who_has_seen")).content.decode()
    assert "Casey" in page
    assert "Patient record viewed by a clinician" in page
    assert "FHIR bundle exported" in page
    client.force_login(patient_pia)
    assert "Casey" not in client.get(reverse("my_record:who_has_seen")).content.decode()


def test_only_patients_have_this_page(client, clinician_casey):
    client.force_login(clinician_casey)
    assert client.get(reverse("my_record:who_has_seen")).status_code == 403


def _views(actor, patient, *instants):
    """Record `actor` opening `patient`'s record at each instant (UTC)."""
    for instant in instants:
        AuditEvent.objects.create(
            actor=actor,
            actor_role=actor.role,
            patient=patient,
            action=AuditAction.PATIENT_RECORD_VIEWED,
            occurred_at=instant,
        )


def _rows(client) -> list[str]:
    """The "Views and changes" table's rows as a reader sees them."""
    page = client.get(reverse("my_record:who_has_seen")).content.decode()
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    rows = body.replace("</td>", " | ").split("<tr>")[1:]
    return [" ".join(strip_tags(row).split()).rstrip(" |") for row in rows]


def _live_in(patient, zone):
    patient.time_zone = zone
    patient.save(update_fields=["time_zone"])


def test_forty_views_in_four_minutes_read_as_one_visit_in_the_patients_time(
    client, clinician_casey, patient_pat
):
    _live_in(patient_pat, "America/Chicago")
    start = datetime(2026, 1, 15, 20, 1, tzinfo=UTC)  # 2:01 PM in Chicago
    _views(clinician_casey, patient_pat, *(start + i * SIX_SECONDS for i in range(40)))
    client.force_login(patient_pat)
    assert _rows(client) == [
        "15 Jan 2026, 2:01\u20132:04 PM | Casey | Clinician | "
        "Patient record viewed by a clinician (40 times)"
    ]


def test_a_reader_in_another_zone_sees_their_own_clock(
    client, clinician_casey, patient_pat
):
    _live_in(patient_pat, "America/Los_Angeles")
    _views(clinician_casey, patient_pat, datetime(2026, 1, 15, 20, 1, tzinfo=UTC))
    client.force_login(patient_pat)
    assert _rows(client)[0].startswith("15 Jan 2026, 12:01 PM | Casey")


def test_a_gap_starts_a_new_visit_but_another_person_in_between_does_not(
    client, clinician_casey, clinician_olive, patient_pat
):
    """Casey at 12:00, 12:29 and 12:31 is one visit, though Olive looked in at
    12:30; Casey again at 1:02, 31 minutes on, is another."""
    _live_in(patient_pat, "America/Chicago")
    noon = datetime(2026, 1, 15, 18, tzinfo=UTC)
    _views(clinician_casey, patient_pat, noon, noon + timedelta(minutes=29))
    _views(clinician_olive, patient_pat, noon + timedelta(minutes=30))
    _views(clinician_casey, patient_pat, noon + timedelta(minutes=31))
    _views(clinician_casey, patient_pat, noon + timedelta(minutes=62))
    client.force_login(patient_pat)
    assert [row.split(" | Clinician")[0] for row in _rows(client)] == [
        "15 Jan 2026, 1:02 PM | Casey",
        "15 Jan 2026, 12:00\u201312:31 PM | Casey",
        "15 Jan 2026, 12:30 PM | Olive",
    ]


def test_a_visit_counts_each_thing_done_and_the_zone_is_named(
    client, clinician_casey, patient_pat
):
    """Nine views, two appointments saved, one review: each counted on its
    own, so "(12 times)" is never read as twelve reviews."""
    _live_in(patient_pat, "America/Chicago")
    start = datetime(2026, 1, 15, 20, 1, tzinfo=UTC)
    _views(clinician_casey, patient_pat, *(start + i * SIX_SECONDS for i in range(9)))
    for action, minutes in (
        (AuditAction.APPOINTMENT_SAVED, 2),
        (AuditAction.APPOINTMENT_SAVED, 3),
        (AuditAction.FLAG_REVIEWED, 4),
    ):
        AuditEvent.objects.create(
            actor=clinician_casey,
            actor_role=clinician_casey.role,
            patient=patient_pat,
            action=action,
            occurred_at=start + timedelta(minutes=minutes),
        )
    client.force_login(patient_pat)
    assert _rows(client) == [
        "15 Jan 2026, 2:01\u20132:05 PM | Casey | Clinician | "
        f"{AuditAction.FLAG_REVIEWED.label.capitalize()}; "
        "Appointment saved (2 times); "
        "Patient record viewed by a clinician (9 times)"
    ]
    page = client.get(reverse("my_record:who_has_seen")).content.decode()
    assert "Times are Central (Chicago) time, your time zone." in page


def test_views_ten_minutes_apart_across_the_spring_change_are_one_visit(
    client, clinician_casey, patient_pat
):
    """1:55 AM CST and 3:05 AM CDT on 8 March 2026 are ten minutes apart."""
    _live_in(patient_pat, "America/Chicago")
    _views(
        clinician_casey,
        patient_pat,
        datetime(2026, 3, 8, 7, 55, tzinfo=UTC),
        datetime(2026, 3, 8, 8, 5, tzinfo=UTC),
    )
    client.force_login(patient_pat)
    assert _rows(client)[0].startswith("8 Mar 2026, 1:55\u20133:05 AM | Casey")


def test_pages_of_visits_cost_the_same_queries_however_long_the_history(
    client, clinician_casey, clinician_olive, patient_pat, django_assert_num_queries
):
    _live_in(patient_pat, "UTC")
    client.force_login(patient_pat)
    client.get(reverse("my_record:who_has_seen"))  # the session's first-use writes
    start = datetime(2026, 1, 1, tzinfo=UTC)
    counts = []
    for visits in (3, PAGE_VISITS + 5):
        AuditEvent.objects.filter(patient=patient_pat).delete()
        for n in range(visits):  # alternate people: each run is its own visit
            who = (clinician_casey, clinician_olive)[n % 2]
            at = start + timedelta(hours=n)
            _views(who, patient_pat, *(at + i * SIX_SECONDS for i in range(10)))
        with CaptureQueriesContext(connection) as captured:
            rows = _rows(client)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    assert len(rows) == PAGE_VISITS
    page = client.get(reverse("my_record:who_has_seen")).content.decode()
    older = page.split('<a href="?from=')[1].split('"')[0]
    rest = client.get(reverse("my_record:who_has_seen"), {"from": older})
    text = " ".join(strip_tags(rest.content.decode()).split())
    assert text.count("(10 times)") == 5
    assert "Newest visits" in text
    assert "Older visits" not in text
    bad = client.get(reverse("my_record:who_has_seen"), {"from": "not-an-id"})
    assert bad.status_code == 404
