"""POST/GET /api/v1/checkins and /api/v1/me/early-warnings."""

import json
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.audit.actions import AuditAction
from clearhead.care.time_zones import today_for
from clearhead.core.pytest_clock import examples
from clearhead.recovery.models import DailyCheckIn
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

URL = "/api/v1/checkins"


def body(**overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "craving": 3,
        "mood": 4,
        "used_ketamine": False,
        "self_harm_thoughts": False,
    }
    return data | overrides


def post(client, data):
    return client.post(URL, data=json.dumps(data), content_type="application/json")


def test_a_patient_records_a_checkin_for_today(client, patient_pat):
    client.force_login(patient_pat)
    response = post(
        client,
        body(
            triggers=["stress", "boredom"],
            coping=["breathing"],
            sleep_hours=7.5,
            confidence=8,
        ),
    )
    assert response.status_code == 201
    stored = response.json()
    assert stored["craving"] == 3
    assert stored["triggers"] == ["stress", "boredom"]
    assert stored["day"] == today_for(patient_pat).isoformat()
    checkin = DailyCheckIn.objects.get()
    assert checkin.patient == patient_pat
    assert_audited(
        action=AuditAction.CHECKIN_CREATED,
        actor=patient_pat,
        patient=patient_pat,
        subject=checkin,
    )


def test_the_same_client_id_again_returns_the_original_and_never_a_second_row(
    client, patient_pat
):
    client.force_login(patient_pat)
    data = body(craving=2, sleep_hours=7.5, triggers=["stress"])
    first = post(client, data)
    replay = post(client, data)
    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json() == first.json()
    assert DailyCheckIn.objects.count() == 1
    assert_audited(
        action=AuditAction.CHECKINS_VIEWED,
        actor=patient_pat,
        patient=patient_pat,
        subject=DailyCheckIn.objects.get(),
    )


def test_a_reused_client_id_with_other_answers_is_a_409_not_reported_as_sent(
    client, patient_pat
):
    client.force_login(patient_pat)
    data = body(craving=2)
    post(client, data)
    response = post(client, data | {"craving": 9})
    assert response.status_code == 409
    assert "already used" in response.json()["detail"]
    assert DailyCheckIn.objects.get().craving == 2


def test_client_ids_belong_to_one_patient(client, patient_pat, patient_pia):
    data = body()
    client.force_login(patient_pat)
    post(client, data)
    client.force_login(patient_pia)
    response = post(client, data)
    assert response.status_code == 201
    assert (
        response.json()["id"] != DailyCheckIn.objects.get(patient=patient_pat).public_id
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"craving": 11}, "craving"),
        ({"craving": -1}, "craving"),
        ({"craving": "5"}, "craving"),
        ({"mood": 0}, "mood"),
        ({"mood": 6}, "mood"),
        ({"stress": 11}, "stress"),
        ({"sleep_hours": 25}, "sleep_hours"),
        ({"confidence": 10.5}, "confidence"),
        ({"used_ketamine": "no"}, "used_ketamine"),
        ({"triggers": ["weather"]}, "triggers.0"),
        ({"coping": ["screaming"]}, "coping.0"),
        ({"other_substances": ["ketamine"]}, "other_substances.0"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"mystery": 1}, "mystery"),
        ({"note": "x" * 2001}, "note"),
        ({"day": "2026-13-01"}, "day"),
    ],
)
def test_out_of_range_or_unknown_values_are_422_naming_the_field(
    client, patient_pat, overrides, field
):
    client.force_login(patient_pat)
    response = post(client, body(**overrides))
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not DailyCheckIn.objects.exists()


def test_a_day_in_the_future_is_refused(client, patient_pat):
    client.force_login(patient_pat)
    response = post(
        client, body(day=(today_for(patient_pat) + timedelta(days=2)).isoformat())
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "day"


def test_missing_required_fields_are_named(client, patient_pat):
    client.force_login(patient_pat)
    response = post(client, {"client_id": str(uuid.uuid4())})
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"craving", "mood", "used_ketamine", "self_harm_thoughts"} <= fields


def test_only_patients_check_in(client, clinician_casey, supporter_sam):
    for user in (clinician_casey, supporter_sam):
        client.force_login(user)
        assert post(client, body()).status_code == 403
    client.logout()
    assert post(client, body()).status_code == 401
    assert not DailyCheckIn.objects.exists()


def test_a_bearer_token_works_without_csrf(patient_pat):
    from django.test import Client

    from clearhead.accounts.services import api_token_create

    _, raw = api_token_create(actor=patient_pat, name="phone")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        URL,
        data=json.dumps(body()),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201


def test_a_browser_session_needs_the_csrf_token(patient_pat):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(patient_pat)
    assert post(client, body()).status_code == 403
    assert not DailyCheckIn.objects.exists()


def test_list_returns_only_the_patients_own_since_a_date(
    client, patient_pat, patient_pia
):
    from clearhead.recovery.services import checkin_create

    # Five days ago is past what a client may add: stored the way an import
    # would, with the day given.
    old = body(day=today_for(patient_pat) - timedelta(days=5))
    checkin_create(actor=patient_pat, client_id=old.pop("client_id"), data=old)
    client.force_login(patient_pat)
    post(client, body())
    client.force_login(patient_pia)
    post(client, body(note="Pia's"))
    client.force_login(patient_pat)
    since = (today_for(patient_pat) - timedelta(days=1)).isoformat()
    days = [c["day"] for c in client.get(URL, {"since": since}).json()]
    assert days == [today_for(patient_pat).isoformat()]
    assert len(client.get(URL).json()) == 2
    assert "Pia's" not in client.get(URL).content.decode()
    assert_audited(
        action=AuditAction.CHECKINS_VIEWED, actor=patient_pat, patient=patient_pat
    )


def test_early_warnings_flag_a_lapse_and_cite_the_checkin(client, patient_pat):
    client.force_login(patient_pat)
    created = post(client, body(used_ketamine=True)).json()
    flags = client.get("/api/v1/me/early-warnings").json()["flags"]
    assert flags == [
        {
            "code": "lapse",
            "since": today_for(patient_pat).isoformat(),
            "evidence": [created["id"]],
        }
    ]
    assert_audited(action=AuditAction.EARLY_WARNINGS_VIEWED, actor=patient_pat)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    craving=st.one_of(
        st.integers(-3, 14), st.text(max_size=2), st.none(), st.floats(allow_nan=False)
    ),
    mood=st.one_of(st.integers(-1, 7), st.booleans()),
    triggers=st.lists(st.sampled_from(["stress", "pain", "weather", ""]), max_size=3),
)
def test_any_input_is_a_201_or_a_422_never_a_server_error(
    client, patient_pat, craving, mood, triggers
):
    client.force_login(patient_pat)
    response = post(client, body(craving=craving, mood=mood, triggers=triggers))
    assert response.status_code in (201, 422)


# One check-in by token, in round trips: the token (with its user), then in
# one transaction (a savepoint inside the test's own) the insert, its audit
# event, its week's roll-up (one upsert, after the patient's roll-up lock on
# PostgreSQL: recovery.rollups) with the recent check-ins and the open flags
# for the rules (in one round trip on PostgreSQL: core.plain_sql), and at
# most one write of flags. Nothing re-reads the account, the profile or the
# enrollment, and nothing reads the check-in back.
CHECKIN_STATEMENTS = [
    "SELECT accounts_apitoken",
    "SAVEPOINT",
    "INSERT recovery_dailycheckin",
    "INSERT audit_auditevent",
    *(
        [
            "LOCK; INSERT recovery_checkinweek; "
            "SELECT recovery_dailycheckin; SELECT flags_flag; SELECT accounts_user"
        ]
        if connection.vendor == "postgresql"
        else [
            "INSERT recovery_checkinweek",
            "SELECT recovery_dailycheckin",
            "SELECT flags_flag",
            "SELECT accounts_user",
        ]
    ),
    "RELEASE",
]


def _statement(sql: str) -> str:
    """What one round trip did: each statement's verb and table ("; " between)."""
    return "; ".join(_one_statement(part) for part in sql.split("; "))


def _one_statement(sql: str) -> str:
    words = sql.replace('"', "").split()
    verb = words[0]
    if verb in {"SAVEPOINT", "RELEASE"}:
        return verb
    if words[1].startswith("pg_advisory_xact_lock("):
        return "LOCK"
    if verb == "INSERT":
        table = words[words.index("INTO") + 1]
    elif verb == "UPDATE":
        table = words[1]
    elif "." in words[1]:  # the table of the first column selected
        table = words[1].split(".")[0]
    else:  # columns not qualified (core.plain_sql): the table read
        table = words[words.index("FROM") + 1]
    return f"{verb} {table}"


def test_a_checkin_by_token_makes_the_same_few_statements_every_time(
    client, patient_pat
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from clearhead.accounts.services import api_token_create

    patient_pat.time_zone = "America/Chicago"
    patient_pat.save(update_fields=["time_zone"])
    _, raw = api_token_create(actor=patient_pat, name="phone")
    headers = {"Authorization": f"Bearer {raw}"}

    def checkin(**answers):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                URL,
                data=json.dumps(body(**answers)),
                content_type="application/json",
                headers=headers,
            )
        assert response.status_code == 201
        return [_statement(query["sql"]) for query in queries.captured_queries]

    checkin()  # the token's first use is recorded (last_used_at)
    calm = checkin()
    assert calm == CHECKIN_STATEMENTS
    # A high craving raises a flag: one more statement, the flag's insert.
    checkin(craving=9)
    raised = checkin(craving=9)
    # A flag written refreshes the caseload entries of the patient's care
    # teams (flags.services.caseload_entries_refresh): none enrolled here.
    assert raised == [
        *CHECKIN_STATEMENTS[:-1],
        "INSERT flags_flag",
        "SELECT clinic_enrollment",
        "RELEASE",
    ]
    # More evidence for the open flag (not reviewed, still holding): its
    # update only, since a caseload shows nothing new of it.
    assert checkin(craving=9) == [
        *CHECKIN_STATEMENTS[:-1],
        "UPDATE flags_flag",
        "RELEASE",
    ]
    for _ in range(10):
        checkin(craving=2)
    # However many are stored: the same statements (the flag was cleared
    # by the calm ones; now nothing changes).
    assert checkin(craving=2) == CHECKIN_STATEMENTS


def test_the_plain_reads_give_what_the_querysets_give(client, patient_pat):
    """The rules' check-ins and the open flags are read as plain SQL
    (core.plain_sql): the same values, converted the ORM's way (a UUID, a
    date, an aware instant, a boolean, JSON), as the querysets give."""
    from clearhead.flags.models import Flag
    from clearhead.recovery import selectors as recovery_selectors

    client.force_login(patient_pat)
    for craving in (9, 9, 9):
        answers = body(craving=craving, used_ketamine=True, sleep_hours=6.5)
        assert post(client, answers).status_code == 201
    facts, flags, account_open = recovery_selectors.rules_input(
        patient=patient_pat, today=today_for(patient_pat)
    )
    assert account_open
    assert sorted(facts) == sorted(
        recovery_selectors.warning_facts(row)
        for row in DailyCheckIn.objects.filter(patient=patient_pat).values_list(
            *recovery_selectors.FACT_FIELDS
        )
    )
    columns = [field.attname for field in Flag._meta.concrete_fields]

    def values(flags):
        return sorted([getattr(flag, name) for name in columns] for flag in flags)

    expected = Flag.objects.filter(patient=patient_pat, cleared_at=None)
    assert expected
    assert values(flags) == values(expected)
    assert all(not flag._state.adding for flag in flags)


@pytest.mark.parametrize("body", ["[]", "null", "3", '"x"'])
def test_a_body_that_is_not_an_object_is_a_422_saying_so(client, patient_pat, body):
    client.force_login(patient_pat)
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "body",
            "message": "Input should be a valid dictionary or object to extract "
            "fields from",
        }
    ]
