"""The home page (`/recovery/`) reads a fixed number of queries, whatever the
length of the patient's history (issue 20: the evening peak's home page)."""

import random
import uuid
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhead.care.time_zones import today_for
from clearhead.core import clock
from clearhead.operations.synthetic import checkin_series
from clearhead.recovery import services
from clearhead.recovery.models import (
    BodyCheck,
    DailyCheckIn,
    EarlyRecoveryEntry,
    RoutineCheck,
    RoutineItem,
    SafetyPlan,
)

pytestmark = pytest.mark.clock

DASHBOARD = reverse("recovery:dashboard")


def history(patient, days: int) -> None:
    """`days` days of a patient's recovery, as the bench's generator shapes
    them: check-ins with lapses and missed days, stored flags, a safety plan,
    the early-recovery set, weekly body checks and a routine."""
    today = clock.today_in("UTC")
    first_day = today - timedelta(days=days)
    services.recovery_profile_save(
        actor=patient,
        stop_date=first_day,
        time_zone="UTC",
        reasons="My kids.",
        weekly_spend=Decimal("70"),
        contacts=[
            {"name": "Sam", "relation": "brother", "phone": "555-0100"},
            {"name": "Jo", "relation": "", "phone": "555-0101"},
        ],
    )
    shapes = list(checkin_series(random.Random(20), first_day, days + 1))
    # A lapse in the last days, so the lapse panel and its flag show too.
    shapes[-1] = type(shapes[-1])(shapes[-1].day, 8, 2, True)
    DailyCheckIn.objects.bulk_create(
        DailyCheckIn(
            patient=patient,
            client_id=uuid.uuid4(),
            day=shape.day,
            craving=shape.craving,
            mood=shape.mood,
            used_ketamine=shape.used,
            self_harm_thoughts=False,
        )
        for shape in shapes
    )
    services.flags_daily_pass(clock.now(), patient_ids=[patient.pk])
    SafetyPlan.objects.create(patient=patient, items={"warning_signs": ["Alone"]})
    services.early_recovery_turn(actor=patient, on=True)
    EarlyRecoveryEntry.objects.bulk_create(
        EarlyRecoveryEntry(
            patient=patient,
            day=today - timedelta(days=back),
            anxiety=3,
            low_mood=4,
            poor_sleep=5,
            fatigue=2,
            irritability=1,
            craving=6,
            self_harm_thoughts=False,
        )
        for back in range(min(days, 30))
    )
    BodyCheck.objects.bulk_create(
        BodyCheck(
            patient=patient,
            day=today - timedelta(days=back),
            frequency=1,
            night_urination=1,
            urgency=0,
            pain=0,
            blood=0,
            leaking=0,
            k_cramps=1,
            memory=2,
        )
        for back in range(0, days, 7)
    )
    items = [
        RoutineItem.objects.create(
            patient=patient,
            kind=RoutineItem.Kind.EXERCISE,
            title=f"Walk {n}",
            weekdays=list(range(7)),
            time=time(8 + n),
        )
        for n in range(3)
    ]
    RoutineCheck.objects.bulk_create(
        RoutineCheck(item=item, day=today - timedelta(days=back))
        for item in items
        for back in range(min(days, 7))
    )
    assert today_for(patient) == today


def home_queries(client, patient) -> list[str]:
    client.force_login(patient)
    client.get(DASHBOARD)  # the first visit celebrates a milestone once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
def test_the_home_page_reads_the_same_queries_at_7_and_90_days(client, patient_pat):
    history(patient_pat, 7)
    week = home_queries(client, patient_pat)
    DailyCheckIn.objects.filter(patient=patient_pat).delete()
    EarlyRecoveryEntry.objects.filter(patient=patient_pat).delete()
    BodyCheck.objects.filter(patient=patient_pat).delete()
    RoutineItem.objects.filter(patient=patient_pat).delete()
    SafetyPlan.objects.filter(patient=patient_pat).delete()
    history(patient_pat, 90)
    quarter = home_queries(client, patient_pat)
    assert len(quarter) == len(week)
    # The session, the account, then the page: the profile (and whether a
    # safety plan is written) and its contacts, use days, flags, the audit of
    # check-ins read, the last 7 check-ins, milestones, the audit of the
    # routine read, the routine and its ticks, and supporters waiting.
    assert len(quarter) == 13


@pytest.mark.django_db
def test_the_home_page_reads_the_account_once_and_flags_once(client, patient_pat):
    history(patient_pat, 90)
    queries = home_queries(client, patient_pat)
    assert sum('FROM "accounts_user"' in sql for sql in queries) == 1
    assert sum('FROM "flags_flag"' in sql for sql in queries) == 1
    # The use days are one indexed read of days, not every check-in row.
    (use_days,) = [
        sql for sql in queries if "used_ketamine" in sql and "DISTINCT" in sql
    ]
    assert '"created_at"' not in use_days


@pytest.mark.django_db
def test_the_home_page_shows_the_history(client, patient_pat):
    history(patient_pat, 90)
    client.force_login(patient_pat)
    page = client.get(DASHBOARD).content.decode()
    assert '<p class="big-number">0</p>' in page  # a lapse today
    assert "About your recent use" in page
    assert "Open my safety plan" in page
    assert "Answer today&#x27;s six questions" in page or "Answer today's six" in page
    assert page.count("<tr><td>") == 7
    assert "Call Sam (brother)" in page
    SafetyPlan.objects.filter(patient=patient_pat).delete()
    page = client.get(DASHBOARD).content.decode()
    assert "Make my safety plan" in page
    assert "Open my safety plan" not in page
