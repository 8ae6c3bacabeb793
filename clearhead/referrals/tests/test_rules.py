"""The overdue rule: 2 working days (Monday to Friday in the program's zone)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from clearhead.referrals.rules import contact_due_at, is_overdue, is_working_day

ZONES = st.sampled_from(
    [
        "America/Chicago",
        "America/New_York",
        "America/Los_Angeles",
        "Pacific/Honolulu",
        "UTC",
    ]
)
INSTANTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31)
).map(lambda moment: moment.replace(tzinfo=UTC))


def _working_days_between(start, end):
    """Working days after `start`'s date up to and including `end`'s."""
    day, count = start + timedelta(days=1), 0
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


@given(INSTANTS, ZONES)
def test_due_on_a_working_day_two_working_days_on(sent_at, zone):
    due = contact_due_at(sent_at, zone)
    tz = ZoneInfo(zone)
    local_sent, local_due = sent_at.astimezone(tz), due.astimezone(tz)
    assert is_working_day(local_due.date())
    start = local_sent.date()
    if not is_working_day(start):  # the count starts on the next Monday
        while not is_working_day(start):
            start += timedelta(days=1)
        assert local_due.time().hour in (0, 1)  # midnight (1 am past a DST gap)
    assert _working_days_between(start, local_due.date()) == 2
    # Never sooner than two days, never later than a weekend and two days more.
    assert timedelta(days=2) - timedelta(hours=1) <= due - sent_at
    assert due - sent_at <= timedelta(days=6, hours=1)


@given(
    INSTANTS, ZONES, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10))
)
def test_overdue_exactly_from_the_due_moment(sent_at, zone, waited):
    now = sent_at + waited
    due = contact_due_at(sent_at, zone)
    assert is_overdue(status="new", sent_at=sent_at, now=now, zone=zone) == (now >= due)


@given(
    INSTANTS,
    ZONES,
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    st.sampled_from(["contacted", "scheduled", "closed"]),
)
def test_never_overdue_once_contacted_or_closed(sent_at, zone, waited, status):
    assert not is_overdue(
        status=status, sent_at=sent_at, now=sent_at + waited, zone=zone
    )


def test_friday_afternoon_is_due_tuesday_afternoon():
    chicago = ZoneInfo("America/Chicago")
    friday = datetime(2026, 6, 5, 15, 0, tzinfo=chicago)
    assert contact_due_at(friday, "America/Chicago") == datetime(
        2026, 6, 9, 15, 0, tzinfo=chicago
    )


def test_saturday_is_due_wednesday_at_midnight():
    chicago = ZoneInfo("America/Chicago")
    saturday = datetime(2026, 6, 6, 11, 0, tzinfo=chicago)
    assert contact_due_at(saturday, "America/Chicago") == datetime(
        2026, 6, 10, 0, 0, tzinfo=chicago
    )


def test_the_programs_zone_decides_the_weekend():
    # Friday 23:30 in Honolulu is already Saturday in UTC: Honolulu's Friday counts.
    honolulu = ZoneInfo("Pacific/Honolulu")
    friday_late = datetime(2026, 6, 5, 23, 30, tzinfo=honolulu)
    assert contact_due_at(friday_late, "Pacific/Honolulu") == datetime(
        2026, 6, 9, 23, 30, tzinfo=honolulu
    )
    assert contact_due_at(friday_late, "UTC") != contact_due_at(
        friday_late, "Pacific/Honolulu"
    )
