"""The outcomes report: consent, the enrollment window, membership, small cells."""

import csv
import io
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from clearhead.accounts.models import Role
from clearhead.care import services as care_services
from clearhead.care.models import Enrollment, ProgramMembership
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.recovery.models import RecoveryProfile
from clearhead.screening.models import ScreeningResult
from clearhead.testing import make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

SUPPRESSED = "fewer than 5"


def _patient(n, program, clinician, sharing, started_days_ago=30):
    patient = make_user(f"p{n}@example.org", Role.PATIENT, f"P{n}")
    patient.time_zone = "UTC"  # the account's own zone
    patient.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient,
        stop_date=clock.today_in("UTC") - timedelta(days=60),
    )
    enrollment = enroll(patient, clinician, program, sharing=sharing)
    Enrollment.objects.filter(pk=enrollment.pk).update(
        started_on=clock.today_in("UTC") - timedelta(days=started_days_ago)
    )
    return patient


def _sunday(program):
    """The last day of the last complete week, where the program is."""
    today = clock.today_in(program.time_zone)
    return today - timedelta(days=today.weekday() + 1)


def _back(program, days_before_sunday=0):
    """How many days ago, for these UTC patients, that Sunday (or a day
    before it) was."""
    return (clock.today_in("UTC") - _sunday(program)).days + days_before_sunday


def _params(program, weeks=1):
    sunday = _sunday(program)
    return {
        "program": program.pk,
        "start": (sunday - timedelta(weeks=weeks, days=-1)).isoformat(),
        "end": sunday.isoformat(),
    }


def _csv(client, program, weeks=1):
    response = client.get(
        reverse("clinic:outcomes"), _params(program, weeks) | {"format": "csv"}
    )
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def _page_measure(page: str, key: str) -> str:
    """The figure the page shows for one measure."""
    found = re.search(
        rf'id="measure-{key}">.*?<dd><strong>(.*?)</strong></dd>', page, re.DOTALL
    )
    return found.group(1)


def _measures(rows) -> dict:
    start = rows.index(["measure", "value"]) + 1
    end = rows.index([], start)
    return dict(rows[start:end])


def test_a_patient_who_never_consented_adds_no_figures(
    client, casey_in_program, program
):
    for n in range(6):
        checkin(
            _patient(n, program, casey_in_program, sharing=[]),
            days_ago=_back(program),
        )
    client.force_login(casey_in_program)
    measures = _measures(_csv(client, program))
    assert measures["enrolled"] == "6"  # the program's own record
    assert measures["mean_craving"] == ""
    assert measures["adherence"] == ""
    assert measures["abstinent_days_self_report"] == ""
    page = client.get(reverse("clinic:outcomes"), _params(program)).content.decode()
    assert "No check-ins in this period" in page


def test_a_one_patient_program_without_consent_shows_no_craving(
    client, casey_in_program, program, patient_pat
):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(patient=patient_pat, stop_date=clock.today_in("UTC"))
    enroll(patient_pat, casey_in_program, program, sharing=[])
    checkin(patient_pat, days_ago=0, craving=9)
    client.force_login(casey_in_program)
    rows = _csv(client, program)
    weekly = rows[rows.index(["week", "mean craving", "check-ins"]) + 1 :]
    assert weekly[0] == []  # no weeks at all
    assert _measures(rows)["mean_craving"] == ""


def test_a_revoked_consent_removes_the_patient(client, casey_in_program, program):
    patients = [
        _patient(n, program, casey_in_program, sharing=["checkins"]) for n in range(6)
    ]
    for patient in patients:
        checkin(patient, days_ago=_back(program), craving=2)
    checkin(patients[0], days_ago=_back(program, 1), craving=10)
    client.force_login(casey_in_program)
    assert _measures(_csv(client, program))["mean_craving"] == "3.1"
    consent = patients[0].consents_given.get()
    care_services.consent_revoke(actor=patients[0], consent=consent)
    assert _measures(_csv(client, program))["mean_craving"] == "2.0"


def test_the_summary_share_counts_adherence_but_not_craving(
    client, casey_in_program, program
):
    # "checkin_summary" is how often one checks in and sober days; cravings
    # are in the full check-ins only.
    for n in range(5):
        checkin(
            _patient(n, program, casey_in_program, sharing=["checkin_summary"]),
            days_ago=_back(program),
            craving=5,
        )
    client.force_login(casey_in_program)
    measures = _measures(_csv(client, program))
    assert measures["abstinent_days_self_report"] == "100.0"
    assert measures["adherence"] == "14.3"  # one day of the week's seven
    assert measures["mean_craving"] == ""


def test_checkins_before_enrollment_are_not_counted(client, casey_in_program, program):
    patients = [
        _patient(
            n,
            program,
            casey_in_program,
            sharing=["checkins"],
            started_days_ago=_back(program, 1),
        )
        for n in range(5)
    ]
    for patient in patients:
        checkin(patient, days_ago=_back(program), craving=2, used_ketamine=False)
        checkin(patient, days_ago=_back(program, 4), craving=10, used_ketamine=True)
    client.force_login(casey_in_program)
    measures = _measures(_csv(client, program))
    assert measures["mean_craving"] == "2.0"
    assert measures["abstinent_days_self_report"] == "100.0"
    # Two days of enrollment inside the week, one check-in each: a half.
    assert measures["adherence"] == "50.0"


def test_a_clinician_whose_membership_ended_gets_the_no_program_page(
    client, casey_in_program, program
):
    ProgramMembership.objects.filter(clinician=casey_in_program).update(
        ended_at=clock.now()
    )
    client.force_login(casey_in_program)
    response = client.get(reverse("clinic:outcomes"), _params(program))
    assert response.status_code == 200
    assert "Program outcomes" not in response.content.decode()


def test_a_clinician_of_another_program_is_refused_its_report(
    client, casey_in_program, program, clinician_oscar
):
    client.force_login(clinician_oscar)
    assert client.get(reverse("clinic:outcomes"), _params(program)).status_code == 403
    csv_params = _params(program) | {"format": "csv"}
    assert client.get(reverse("clinic:outcomes"), csv_params).status_code == 403


def test_small_cells_are_suppressed_on_the_page_and_in_the_csv(
    client, casey_in_program, program
):
    patients = [
        _patient(n, program, casey_in_program, sharing=["checkins"]) for n in range(4)
    ]
    for patient in patients:
        checkin(patient, days_ago=_back(program), craving=6)
    client.force_login(casey_in_program)
    page = client.get(reverse("clinic:outcomes"), _params(program)).content.decode()
    assert "6.0" not in page
    assert SUPPRESSED in page
    assert "fewer than 5 patients" in page  # the footnote saying why
    rows = _csv(client, program)
    measures = _measures(rows)
    assert measures["enrolled"] == SUPPRESSED
    assert measures["mean_craving"] == SUPPRESSED
    assert any("fewer than 5 patients" in " ".join(row) for row in rows)
    assert "6.0" not in str(rows)


def _weekly(rows):
    weekly = rows[rows.index(["week", "mean craving", "check-ins"]) + 1 :]
    return weekly[: weekly.index([])] if [] in weekly else weekly


def test_a_small_week_is_hidden_and_so_is_the_period_figure(
    client, casey_in_program, program
):
    patients = [
        _patient(
            n, program, casey_in_program, sharing=["checkins"], started_days_ago=60
        )
        for n in range(8)
    ]
    for n, patient in enumerate(patients):
        # Three weeks back: all eight; two back: six; last week: three, a
        # small cell.
        for weeks_back, who in ((3, 8), (2, 6), (1, 3)):
            if n < who:
                days = _back(program, 6 + 7 * (weeks_back - 1))  # the Monday
                checkin(patient, days_ago=days, craving=weeks_back)
    client.force_login(casey_in_program)
    rows = _csv(client, program, weeks=3)
    weekly = _weekly(rows)
    # Each week stands on its own: no other week is hidden with it.
    assert [row[1:] for row in weekly] == [
        ["3.0", "8"],
        ["2.0", "6"],
        [SUPPRESSED, SUPPRESSED],
    ]
    # The three weeks' mean would give the last week's away against the
    # first two weeks' mean, so it is hidden; the first two alone show.
    assert _measures(rows)["mean_craving"] == SUPPRESSED
    response = client.get(
        reverse("clinic:outcomes"),
        _params(program, weeks=3)
        | {"end": (_sunday(program) - timedelta(weeks=1)).isoformat(), "format": "csv"},
    )
    two_weeks = list(csv.reader(io.StringIO(response.content.decode())))
    assert _measures(two_weeks)["mean_craving"] == str(round((24 + 12) / 14, 1))


def test_differencing_two_periods_recovers_no_hidden_week(
    client, casey_in_program, program
):
    # The attacker's program (issue 13): six sharing patients check in at
    # craving 3 every day for five weeks; then, for a week, only two do, at
    # craving 9. A period of the five weeks and one of all six must not
    # both show a mean craving, nor adherence, nor abstinent days.
    patients = [
        _patient(
            n, program, casey_in_program, sharing=["checkins"], started_days_ago=60
        )
        for n in range(6)
    ]
    for weeks_back in range(6, 1, -1):
        for day in range(7):
            for patient in patients:
                checkin(
                    patient,
                    days_ago=_back(program, 7 * (weeks_back - 1) + day),
                    craving=3,
                    used_ketamine=False,
                )
    for day in range(7):
        for patient in patients[:2]:
            checkin(
                patient, days_ago=_back(program, day), craving=9, used_ketamine=True
            )
    client.force_login(casey_in_program)
    longer = _measures(_csv(client, program, weeks=6))
    for figure in ("mean_craving", "adherence", "abstinent_days_self_report"):
        assert longer[figure] == SUPPRESSED, figure
    response = client.get(
        reverse("clinic:outcomes"),
        _params(program, weeks=6)
        | {"end": (_sunday(program) - timedelta(weeks=1)).isoformat(), "format": "csv"},
    )
    shorter = _measures(list(csv.reader(io.StringIO(response.content.decode()))))
    assert shorter["mean_craving"] == "3.0"
    assert shorter["adherence"] == "100.0"
    # Free-form dates are widened to the whole weeks holding them, so a
    # period cannot end in the middle of the hidden week either.
    page = client.get(
        reverse("clinic:outcomes"),
        {
            "program": program.pk,
            "start": (_sunday(program) - timedelta(days=40)).isoformat(),
            "end": (_sunday(program) - timedelta(days=3)).isoformat(),
        },
    ).content.decode()
    assert _page_measure(page, "mean_craving") == SUPPRESSED
    assert "Periods are whole weeks, Monday to Sunday" in page
    assert "The dates asked for were" in page


def test_two_phq9_results_do_not_break_the_page(client, casey_in_program, program):
    patients = [
        _patient(n, program, casey_in_program, sharing=["screenings"]) for n in range(5)
    ]
    for days_before_sunday, total in ((3, 20), (1, 12)):
        days_ago = _back(program, days_before_sunday)
        with time_machine.travel(clock.now() - timedelta(days=days_ago)):
            for patient in patients:
                for instrument in ("phq9", "gad7"):
                    ScreeningResult.objects.create(
                        patient=patient,
                        instrument_id=instrument,
                        instrument_version="1",
                        answers={},
                        result={"total": total},
                    )
    client.force_login(casey_in_program)
    response = client.get(reverse("clinic:outcomes"), _params(program))
    assert response.status_code == 200
    measures = _measures(_csv(client, program))
    assert measures["phq9_change"] == "-8.0"
    assert measures["gad7_change"] == "-8.0"


def test_self_saved_scores_need_the_screenings_share(client, casey_in_program, program):
    patients = [
        _patient(n, program, casey_in_program, sharing=["checkins"]) for n in range(5)
    ]
    for days_before_sunday, total in ((3, 20), (1, 12)):
        days_ago = _back(program, days_before_sunday)
        with time_machine.travel(clock.now() - timedelta(days=days_ago)):
            for patient in patients:
                ScreeningResult.objects.create(
                    patient=patient,
                    instrument_id="phq9",
                    instrument_version="1",
                    answers={},
                    result={"total": total},
                )
    client.force_login(casey_in_program)
    assert _measures(_csv(client, program))["phq9_change"] == ""


def test_a_score_late_on_sunday_counts_in_its_own_week_where_the_program_is(
    client, casey_in_program, program
):
    # Sunday 11:30 pm in Chicago is Monday in UTC: read by the server's date,
    # the second score would fall outside the period and the change vanish.
    program.time_zone = "America/Chicago"
    program.save(update_fields=["time_zone"])
    zone = ZoneInfo(program.time_zone)
    sunday = _sunday(program)
    patients = [
        _patient(n, program, casey_in_program, sharing=["screenings"]) for n in range(5)
    ]
    for day, wall, total in (
        (sunday - timedelta(days=4), time(12), 20),
        (sunday, time(23, 30), 12),
    ):
        taken = datetime.combine(day, wall, zone)
        for patient in patients:
            result = ScreeningResult.objects.create(
                patient=patient,
                instrument_id="phq9",
                instrument_version="1",
                answers={},
                result={"total": total},
            )
            ScreeningResult.objects.filter(pk=result.pk).update(created_at=taken)
    client.force_login(casey_in_program)
    assert _measures(_csv(client, program))["phq9_change"] == "-8.0"


def test_the_page_names_levels_of_care_and_says_why_a_figure_is_empty(
    client, casey_in_program, program
):
    """Words, not codes: "Outpatient → Intensive outpatient: 6 moves"; an
    empty figure says why; each measure says what it means."""
    from clearhead.clinic.models import LevelChange

    patients = [_patient(n, program, casey_in_program, sharing=[]) for n in range(6)]
    changed_at = datetime.combine(_sunday(program), time(12), tzinfo=ZoneInfo("UTC"))
    for patient in patients:
        change = LevelChange.objects.create(
            enrollment=patient.enrollments.get(),
            from_level="outpatient",
            to_level="intensive_outpatient",
            changed_by=casey_in_program,
        )
        LevelChange.objects.filter(pk=change.pk).update(changed_at=changed_at)
    client.force_login(casey_in_program)
    page = client.get(reverse("clinic:outcomes"), _params(program)).content.decode()
    assert "Outpatient → Intensive outpatient: 6 moves" in page
    assert "intensive_outpatient" not in page.split("<h1>", 1)[1]
    # Started 30 days ago: nobody reached day 90 in the week asked about.
    assert _page_measure(page, "retention_90") == "Not enough patients yet"
    assert _page_measure(page, "mean_craving") == "No data"  # nothing shared
    assert "\u2013" not in page.split("<h1>", 1)[1]
    assert "only their last" in page  # how it differs from the patient's own
    assert "A score is never a diagnosis." in page


def test_no_level_changes_says_so(client, casey_in_program, program):
    client.force_login(casey_in_program)
    page = client.get(reverse("clinic:outcomes"), _params(program)).content.decode()
    assert "No changes in level of care." in page


@pytest.mark.parametrize(
    ("start", "end"), [("0001-01-01", "0001-01-07"), ("0001-01-01", "9999-12-31")]
)
def test_a_period_at_the_edges_of_the_calendar_is_a_report(
    client, casey_in_program, program, start, end
):
    client.force_login(casey_in_program)
    asked = {"program": program.pk, "start": start, "end": end}
    page = client.get(reverse("clinic:outcomes"), asked)
    assert page.status_code == 200
    assert "Program outcomes" in page.content.decode()
    csv_file = client.get(reverse("clinic:outcomes"), asked | {"format": "csv"})
    assert csv_file.status_code == 200


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        ("2026-03-01", "2026-02-01", "The start date must be before the end date."),
        ("2026-02-30", "2026-03-01", "Enter a valid date."),
    ],
)
def test_a_csv_asked_for_dates_the_form_refuses_shows_the_page_and_why(
    client, casey_in_program, program, start, end, error
):
    client.force_login(casey_in_program)
    asked = {"program": program.pk, "start": start, "end": end, "format": "csv"}
    response = client.get(reverse("clinic:outcomes"), asked)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert error in response.content.decode()
