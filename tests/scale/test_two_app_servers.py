"""Two app servers on one PostgreSQL: nothing duplicated, nothing lost.

Starts two gunicorn processes on different ports against the test database,
replays every check-in to both at once (as a phone retrying through a load
balancer would), and runs two workers at once. PostgreSQL only: SQLite is
the single-machine database.
"""

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import date, timedelta
from datetime import time as clock

import pytest
from django.db import connection

from bench.server import gunicorn
from clearhead.accounts.models import Role
from clearhead.accounts.services import api_token_create
from clearhead.core import clock as core_clock
from clearhead.recovery.models import DailyCheckIn, RecoveryProfile, ReminderSent
from clearhead.testing import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("TEST_DATABASE_URL", "").split(":")[0]
        not in {"postgres", "postgresql"},
        reason="several app servers share PostgreSQL, not SQLite",
    ),
]
PATIENTS = 6
CHECKINS_EACH = 5


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def environment(tmp_path):
    return {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": _database_url(),
        "CLEARHEAD_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "shared by every server in this test " * 2,
        "DJANGO_SETTINGS_MODULE": "clearhead.config.settings",
        "CLEARHEAD_REQUIRE_STAFF_2FA": "false",
    }


@pytest.fixture
def two_servers(environment):
    with ExitStack() as stack:
        yield [
            stack.enter_context(gunicorn(2, threads=4, **environment))[0]
            for _ in range(2)
        ]


def _post(base: str, token: str, body: dict) -> int:
    request = urllib.request.Request(  # noqa: S310  (loopback)
        base + "/api/v1/checkins",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        return response.status


def test_replays_to_both_servers_store_each_checkin_exactly_once(two_servers):
    sends = []
    for n in range(PATIENTS):
        patient = make_user(f"scale{n}@example.org", Role.PATIENT)
        patient.time_zone = "UTC"  # the account's own zone
        patient.save(update_fields=["time_zone"])
        RecoveryProfile.objects.create(patient=patient, stop_date=date(2026, 1, 1))
        token = api_token_create(actor=patient, name="phone")[1]
        for day in range(1, CHECKINS_EACH + 1):
            body = {
                "client_id": str(uuid.uuid4()),
                # Made offline over the last hours, sent now: the server
                # dates each from its instant (an explicit past day is only
                # for a late check-in).
                "recorded_at": (core_clock.now() - timedelta(hours=day)).isoformat(),
                "craving": day,
                "mood": 3,
                "used_ketamine": False,
                "self_harm_thoughts": False,
            }
            sends += [(base, token, body) for base in two_servers]  # both servers
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda send: _post(*send), sends))
    assert set(statuses) <= {200, 201}
    assert DailyCheckIn.objects.count() == PATIENTS * CHECKINS_EACH
    assert (
        DailyCheckIn.objects.values("client_id").distinct().count()
        == PATIENTS * CHECKINS_EACH
    )


def test_two_workers_at_once_send_each_reminder_once(environment):
    for n in range(PATIENTS):
        patient = make_user(f"remind{n}@example.org", Role.PATIENT)
        patient.time_zone = "UTC"  # the account's own zone
        patient.save(update_fields=["time_zone"])
        RecoveryProfile.objects.create(
            patient=patient,
            stop_date=date(2026, 1, 1),
            reminder_time=clock(0, 0),
        )
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "clearhead.cli", "worker", "--once"],
            env=environment | {"EMAIL_BACKEND": "console"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    assert ReminderSent.objects.count() == PATIENTS
    sent = sum(output.count("Subject: ") for output in outputs)
    assert sent == PATIENTS
