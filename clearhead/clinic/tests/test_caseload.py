"""The caseload reads stored flags: its order, its reviewed tags, its cost."""

import re
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.clinic.selectors import PAGE_SIZE
from clearhead.clinic.tests.test_clinic import _bulk_caseload, checkin, enroll
from clearhead.core import clock
from clearhead.flags import services as flag_services
from clearhead.flags.definitions import ADHERENCE_DAYS
from clearhead.recovery.models import RecoveryProfile
from clearhead.testing import make_user

# The tests marked `clock` read the time: `make test` runs them again under
# frozen instants.

# Session, user, the reader's zone (care.middleware), the caseload's total
# and programs (one aggregate; when searching, one read of the names
# instead), the patients per flag (one aggregate of the stored entries),
# the patients the filters keep (a count), the page itself (one ordered,
# LIMITed query, the "longest since" figures as subqueries in it), the
# page's patients' zones, consents in force, single flags disclosed by
# consent ("tell my care team now"), open flags, stop dates, check-ins
# (adherence window and use days), last check-in days, next appointments
# and last contacts, the audit inserts, and the staff session's sliding
# expiry (update in a savepoint). The same count in every order and filter.
CASELOAD_QUERIES = 21


def _filter_words(page: str, label: str) -> str:
    """The words beside a flag in the caseload's "Filter by flag" list."""
    found = re.search(rf">{re.escape(label)}</span>: ([^<]*)</a>", page)
    return found.group(1) if found else ""


def _filter_count(page: str, label: str) -> int:
    """The patients with a flag, by the "Filter by flag" list."""
    return sum(int(n) for n in re.findall(r"\d+", _filter_words(page, label)))


# The 2,000-patient count is about queries, not the hour: it runs once.
@pytest.mark.parametrize(("size", "quiet"), [(20, 12), (2000, 1200)])
def test_1200_quiet_patients_among_2000_cost_the_queries_of_20(
    client, casey_in_program, program, size, quiet
):
    """Many patients gone quiet at once (weeks without a check-in) is when the
    caseload matters most: it answers, with as many queries as for 20."""
    _bulk_caseload(casey_in_program, program, size, quiet=quiet)
    client.force_login(casey_in_program)
    client.get(reverse("clinic:caseload"))  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("clinic:caseload"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{size} patients" in page
    assert _filter_count(page, "Missed check-ins") == quiet
    assert page.count('href="/clinic/patients/') == min(size, PAGE_SIZE)
    assert len(captured.captured_queries) == CASELOAD_QUERIES, [
        q["sql"][:80] for q in captured.captured_queries
    ]
    shown = AuditEvent.objects.filter(action=AuditAction.CASELOAD_VIEWED).exclude(
        patient=None
    )
    assert shown.count() == 2 * min(size, PAGE_SIZE)  # per patient shown, per view


def _patient(name: str, casey, program):
    patient = make_user(f"{name.lower()}@example.org", Role.PATIENT, name)
    patient.time_zone = "UTC"
    patient.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient, stop_date=clock.today_in("UTC") - timedelta(days=30)
    )
    enroll(patient, casey, program)
    return patient


def _rows(page: str) -> list[tuple[str, str]]:
    """(patient name, flags cell) for each caseload row, top to bottom."""
    return re.findall(
        r'<th scope="row"><a href="/clinic/patients/[^"]+">([^<]+)</a>.*?</th>\s*<td[^>]*>(.*?)</td>',
        page,
        flags=re.DOTALL,
    )


@pytest.mark.clock
def test_unreviewed_flags_come_first_then_urgency_then_name(
    client, casey_in_program, program
):
    """A crisis already reviewed waits below any flag still awaiting review;
    equal urgency goes by name; reviewed flags say so."""
    names = ("Ana", "Abe", "Bo", "Cy", "Di")
    people = {name: _patient(name, casey_in_program, program) for name in names}
    for name in ("Ana", "Abe"):  # high cravings, twice: a high-craving flag
        checkin(people[name], days_ago=1, craving=8)
        checkin(people[name], craving=9)
    for name in ("Bo", "Cy"):
        checkin(people[name], self_harm_thoughts=True)
    checkin(people["Di"], craving=2)
    crisis = people["Bo"].flags.get(kind="crisis")
    flag_services.flag_review(actor=casey_in_program, flag=crisis, note="Called.")

    client.force_login(casey_in_program)
    rows = _rows(client.get(reverse("clinic:caseload")).content.decode())
    assert [name for name, _ in rows] == ["Cy", "Abe", "Ana", "Bo", "Di"]
    cells = dict(rows)
    assert "Crisis" in cells["Bo"]
    assert "reviewed" in cells["Bo"]
    assert "reviewed" not in cells["Cy"]
    assert "reviewed" not in cells["Abe"]
    assert "None" in cells["Di"]
    # The counts say how many still await review; the page says the order.
    page = client.get(reverse("clinic:caseload")).content.decode()
    assert _filter_words(page, "Crisis") == "1 awaiting review, 1 reviewed"
    assert _filter_words(page, "High craving") == "2 awaiting review"
    assert (
        "Patients with a flag awaiting review come first, the most urgent flag "
        "first; then patients whose flags are all reviewed; then everyone else."
    ) in page


@pytest.mark.clock
def test_a_positive_drug_test_shows_even_when_check_ins_are_not_shared(
    client, casey_in_program, program, patient_pat
):
    """The drug test is the program's own record: its flag needs no consent."""
    from clearhead.clinic import records

    enrollment = enroll(patient_pat, casey_in_program, program, sharing=[])
    records.drug_test_record(
        actor=casey_in_program,
        enrollment=enrollment,
        collected_on=clock.today_in(program.time_zone) - timedelta(days=1),
        specimen="urine",
        method="point_of_care",
        results={"ketamine": "positive"},
    )
    client.force_login(casey_in_program)
    rows = dict(_rows(client.get(reverse("clinic:caseload")).content.decode()))
    assert "Positive drug test" in rows["Pat"]
    assert "Not shared" in rows["Pat"]


@pytest.mark.clock
def test_adherence_of_a_patient_who_joined_lately_counts_from_joining(
    client, casey_in_program, program
):
    """Joined three days ago and checked in each day: 100%, "since <date>",
    not 29% of ADHERENCE_DAYS; an older patient keeps the full window."""
    new = _patient("Nia", casey_in_program, program)
    joined = clock.now() - timedelta(days=3)
    new.date_joined = joined
    new.save(update_fields=["date_joined"])
    for days_ago in range(4):
        checkin(new, days_ago=days_ago)
    old = _patient("Oz", casey_in_program, program)
    old.date_joined = clock.now() - timedelta(days=400)
    old.save(update_fields=["date_joined"])
    checkin(old)

    client.force_login(casey_in_program)
    cells = dict(
        re.findall(
            r'<th scope="row"><a [^>]+>([^<]+)</a>.*?</th>(.*?)</tr>',
            client.get(reverse("clinic:caseload")).content.decode(),
            flags=re.DOTALL,
        )
    )
    since = joined.astimezone(UTC).date()
    assert f"100% <small>since {since:%-d %b}</small>" in cells["Nia"]
    assert "since" not in cells["Oz"]
    assert f"{round(100 / ADHERENCE_DAYS)}%" in cells["Oz"]

    page = client.get(
        reverse("clinic:patient_detail", args=[new.enrollments.get().public_id])
    ).content.decode()
    assert f"Check-ins since {since:%-d %B} (when they joined)" in page


@pytest.mark.clock
def test_the_stored_order_follows_a_review_and_a_change_of_consent(
    client, casey_in_program, program
):
    """The page is ordered and counted by stored entries: a review, and the
    patient ceasing to share check-ins, show at once (no worker pass)."""
    from clearhead.clinic import services as clinic_services

    ana = _patient("Ana", casey_in_program, program)
    bo = _patient("Bo", casey_in_program, program)
    checkin(ana, self_harm_thoughts=True)
    checkin(bo, days_ago=1, craving=8)
    checkin(bo, craving=9)
    client.force_login(casey_in_program)
    page = client.get(reverse("clinic:caseload")).content.decode()
    assert [name for name, _ in _rows(page)] == ["Ana", "Bo"]
    assert _filter_words(page, "Crisis") == "1 awaiting review"

    flag_services.flag_review(
        actor=casey_in_program, flag=ana.flags.get(kind="crisis"), note=""
    )
    page = client.get(reverse("clinic:caseload")).content.decode()
    assert [name for name, _ in _rows(page)] == ["Bo", "Ana"]
    assert _filter_words(page, "Crisis") == "1 reviewed"

    clinic_services.enrollment_sharing_update(
        actor=bo, enrollment=bo.enrollments.get(), sharing=[]
    )
    page = client.get(reverse("clinic:caseload")).content.decode()
    assert [name for name, _ in _rows(page)] == ["Ana", "Bo"]
    assert _filter_words(page, "High craving") == ""
    assert "Not shared" in dict(_rows(page))["Bo"]
