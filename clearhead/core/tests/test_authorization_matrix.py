"""Who may open what: every URL and API route against every kind of visitor.

The table below is the access policy written down. Each route is requested
once as each persona (signed in once, each request starting from the
persona's own cookies), inside a savepoint that is rolled back, and the
answer is sorted into an outcome. A new route fails the test until someone decides
who may use it and adds its row.
"""

import contextlib
import copy
import io
import re
import uuid
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts import services as account_services
from clearhead.accounts.models import Role
from clearhead.breakglass import services as breakglass_services
from clearhead.care import services as care_services
from clearhead.care.models import Consent
from clearhead.care.time_zones import today_for
from clearhead.clinic import records
from clearhead.clinic import services as clinic_services
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.core import clock
from clearhead.core.local_times import wall_time_of
from clearhead.directory.tests.factories import FacilityFactory, MeetingFactory
from clearhead.flags import services as flag_services
from clearhead.recovery import services as recovery_services
from clearhead.recovery.models import (
    BODY_CHECK_SYMPTOMS,
    BODY_CHECK_WARNING_SIGNS,
    RecoveryProfile,
    RoutineItem,
)
from clearhead.recovery.tests.conftest import VAPID_PRIVATE_KEY
from clearhead.recovery.tests.push_helpers import BrowserKeys
from clearhead.referrals import services as referral_services
from clearhead.sharing import services as sharing_services
from clearhead.testing import make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

PERSONAS = (
    "anon",
    "pat",
    "pia",
    "sam",
    "sue",
    "eve",
    "xena",
    "casey",
    "oscar",
    "rory",
    "ada",
    "cal",
    "tia",
)
# anon: nobody signed in; pat: the patient whose records are asked for;
# pia: another patient; sam: Pat's supporter, with a signed consent; sue:
# Pat's supporter without one; eve: a supporter who entered a code of Pat's
# made 400 days ago and never used (refused: it links and names nobody);
# xena: Pat's supporter whose consent ended yesterday where Pat lives (sees
# what sue sees: nothing shared);
# casey: on Pat's care team; oscar: a clinician of another program; rory: was on Pat's care team until an administrator
# ended their membership of Pat's program, and is in no program now; ada: an
# administrator; cal: on Pat's care team with a confirmed authenticator, in a
# session that has passed only the password (issue 13, finding 1): sent to
# verify, refused by the API, never shown a new secret; tia: on Pat's care
# team, holding a token `clearhead create-token` made while her two-step
# sign-in was on, which she then turned off: she asks with only the token
# (no session), and it is refused everywhere, so she fares as anon does.

OK, LOGIN, VERIFY, AWAY, DENIED, HIDDEN, UNAUTHORIZED = (
    "ok",
    "login",
    "verify",  # sent to enter the second factor first
    "away",  # sent to another page of their own (e.g. their home)
    "403",
    "404",
    "401",
)


def _wall(instant, enrollment) -> dict:
    """An appointment's wall time in its program's zone, at `instant`."""
    starts_on, start_time = wall_time_of(instant, enrollment.program.time_zone)
    return {"starts_on": starts_on, "start_time": start_time}


def _outcome(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if status in (301, 302, 303):
        target = response["Location"]
        if target.startswith((reverse("accounts:login"), reverse("admin:login"))):
            return LOGIN
        if target.startswith(reverse("accounts:two_factor_verify")):
            return VERIFY
        return AWAY
    return {401: UNAUTHORIZED, 403: DENIED, 404: HIDDEN}.get(status, str(status))


@pytest.fixture
def world(
    patient_pat,
    patient_pia,
    supporter_sam,
    casey_in_program,
    clinician_oscar,
    admin_ada,
    program,
    settings,
):
    """Pat's full record, and one of each kind of visitor."""
    # Reminder notifications set up, so turning them on is judged by who asks.
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = VAPID_PRIVATE_KEY
    sue = make_user("sue@example.org", Role.SUPPORTER, "Sue")
    for patient in (patient_pat, patient_pia):
        patient.time_zone = "UTC"  # the account's own zone
        patient.save(update_fields=["time_zone"])
        RecoveryProfile.objects.create(
            patient=patient,
            stop_date=clock.today_in("UTC") - timedelta(days=9),
        )
    checkin, _ = recovery_services.checkin_create(
        actor=patient_pat,
        client_id=uuid.uuid4(),
        data={
            "day": today_for(patient_pat),
            "craving": 4,
            "mood": 3,
            "used_ketamine": False,
            "self_harm_thoughts": False,
        },
    )
    meeting = MeetingFactory()
    recovery_services.routine_item_add(
        actor=patient_pat, kind="meeting", title="Tuesday group", weekdays=[1]
    )
    enrollment = enroll(patient_pat, casey_in_program, program)
    rory = make_user("rory@clinic.example.org", Role.CLINICIAN, "Rory")
    clinic_services.membership_add(actor=admin_ada, program=program, clinician=rory)
    enrollment.care_team.add(rory)
    note = records.note_write(
        actor=casey_in_program,
        enrollment=enrollment,
        data="Came on time.",
        assessment="Engaged.",
        plan="Meet next week.",
    )
    intake = records.intake_record(
        actor=casey_in_program,
        enrollment=enrollment,
        answers={"phq9": [0] * 9, "level-of-care": {"medical": 1}},
    )
    # A positive drug test: an open flag the care team may mark reviewed.
    records.drug_test_record(
        actor=casey_in_program,
        enrollment=enrollment,
        # Yesterday where Pat is: never "in the future" where the program is.
        collected_on=today_for(patient_pat) - timedelta(days=1),
        specimen="urine",
        method="point_of_care",
        results={"ketamine": "positive"},
    )
    appointment = records.appointment_save(
        actor=casey_in_program,
        enrollment=enrollment,
        kind="individual",
        **_wall(clock.now() - timedelta(hours=2), enrollment),
    )
    eve = make_user("eve@example.org", Role.SUPPORTER, "Eve")
    with time_machine.travel(clock.now() - timedelta(days=400), tick=False):
        _, stale_code = sharing_services.supporter_invite(
            actor=patient_pat, relation="friend"
        )
    with contextlib.suppress(ValidationError):  # refused (checked below)
        sharing_services.supporter_accept(actor=eve, code=stale_code)
    xena = make_user("xena@example.org", Role.SUPPORTER, "Xena")
    for supporter in (supporter_sam, sue, xena):
        _, code = sharing_services.supporter_invite(
            actor=patient_pat, relation="friend"
        )
        sharing_services.supporter_accept(actor=supporter, code=code)
    care_services.consent_sign(
        actor=patient_pat,
        link=supporter_sam.supporting.get(),
        kinds=["sober_days", "checkin_adherence"],
        purpose="family_support",
        expires_on=today_for(patient_pat) + timedelta(days=30),
        signature="Pat Example",
    )
    expired = care_services.consent_sign(
        actor=patient_pat,
        link=xena.supporting.get(),
        kinds=["sober_days", "checkin_adherence"],
        purpose="family_support",
        expires_on=today_for(patient_pat) + timedelta(days=30),
        signature="Pat Example",
    )
    # Its last day was yesterday, in Pat's zone: signed as if a month ago.
    Consent.objects.filter(pk=expired.pk).update(
        expires_on=today_for(patient_pat) - timedelta(days=1)
    )
    clinic_services.membership_end(
        actor=admin_ada, membership=rory.program_memberships.get()
    )
    cal = make_user("cal@clinic.example.org", Role.CLINICIAN, "Cal")
    clinic_services.membership_add(actor=admin_ada, program=program, clinician=cal)
    enrollment.care_team.add(cal)
    TOTPDevice.objects.create(user=cal, name="Authenticator app", confirmed=True)
    tia = make_user("tia@clinic.example.org", Role.CLINICIAN, "Tia")
    clinic_services.membership_add(actor=admin_ada, program=program, clinician=tia)
    enrollment.care_team.add(tia)
    TOTPDevice.objects.create(user=tia, name="Authenticator app", confirmed=True)
    out = io.StringIO()
    call_command("create-token", tia.email, stdout=out)
    tia_token = out.getvalue().strip()
    TOTPDevice.objects.filter(user=tia).delete()  # two-step sign-in turned off
    token, _ = account_services.api_token_create(actor=patient_pat, name="phone")
    crisis_flag = flag_services.screening_crisis_raise(
        patient=patient_pat, result_id=uuid.uuid4(), day=today_for(patient_pat)
    )
    # A "tell my care team now" consent, for a record that is not there (so
    # no one sees anything more through it).
    disclosure = care_services.disclosure_consent_sign(
        actor=patient_pat,
        enrollment=enrollment,
        kind="crisis_disclosure",
        record_id=uuid.uuid4(),
        expiry_event="when my care team has reviewed this alert, or I revoke it",
    )
    emergency = breakglass_services.emergency_access_start(
        actor=admin_ada,
        patient_email=patient_pat.email,
        reason="A test of who may open an emergency access.",
        minutes=15,
    )
    # A referral sent to Pat's program (no account: a secret status link).
    referral, referral_token = referral_services.referral_send(
        program=program,
        facility=None,
        parts=[],
        name="Robin",
        phone="",
        email="robin@example.org",
        best_time="",
        consent_text="Consent.",
        signature="Robin",
        client_address="",
    )
    return {
        "users": {
            "anon": None,
            "pat": patient_pat,
            "pia": patient_pia,
            "sam": supporter_sam,
            "sue": sue,
            "eve": eve,
            "xena": xena,
            "casey": casey_in_program,
            "oscar": clinician_oscar,
            "rory": rory,
            "ada": admin_ada,
            "cal": cal,
            "tia": tia,
        },
        "tokens": {"tia": tia_token},
        "kwargs": {
            "public_id": None,  # filled per route below
            "enrollment": enrollment.public_id,
            "note_id": note.public_id,
            "intake_id": intake.public_id,
            "appointment_id": appointment.public_id,
            "flag": patient_pat.flags.get(kind="positive_drug_test").public_id,
            "checkin": checkin.public_id,
            "body_check": recovery_services.body_check_save(
                actor=patient_pat,
                **dict.fromkeys(BODY_CHECK_SYMPTOMS, 1),
                **dict.fromkeys(BODY_CHECK_WARNING_SIGNS, False),
            )[0].public_id,
            "crisis_flag": crisis_flag.public_id,
            "disclosure": disclosure.public_id,
            "routine": RoutineItem.objects.get(patient=patient_pat).public_id,
            "facility": FacilityFactory().public_id,
            "meeting": meeting.public_id,
            "token": token.public_id,
            "emergency": emergency.public_id,
            "patient": patient_pat.public_id,
            "program": program.public_id,
            "membership": casey_in_program.program_memberships.get().pk,
            "staff": casey_in_program.public_id,
            "referral": referral.public_id,
            "referral_token": referral_token,
        },
    }


# Which object each route's path parameters name (the rest are fixed).
ROUTE_ARGS = {
    "recovery:week_toggle": {"public_id": "routine"},
    "recovery:week_remove": {"public_id": "routine"},
    "recovery:week_add_meeting": {"public_id": "meeting"},
    "recovery:checkin_body": {"public_id": "checkin"},
    "recovery:checkin_result": {"public_id": "checkin"},
    "recovery:body_check_result": {"public_id": "body_check"},
    "flags:crisis_tell_care_team": {"public_id": "crisis_flag"},
    "flags:crisis_disclosure_revoke": {"public_id": "disclosure"},
    "clinic:patient_detail": {"public_id": "enrollment"},
    "clinic:intake": {"public_id": "enrollment"},
    "clinic:intake_decide": {"public_id": "enrollment", "intake_id": "intake_id"},
    "clinic:plan": {"public_id": "enrollment"},
    "clinic:safety_plan": {"public_id": "enrollment"},
    "clinic:flag_review": {"public_id": "enrollment", "flag_id": "flag"},
    "clinic:chart_number": {"public_id": "enrollment"},
    "clinic:contact_log": {"public_id": "enrollment"},
    "clinic:notes": {"public_id": "enrollment"},
    "clinic:note_detail": {"public_id": "enrollment", "note_id": "note_id"},
    "clinic:drug_tests": {"public_id": "enrollment"},
    "clinic:appointments": {"public_id": "enrollment"},
    "clinic:appointment_attendance": {
        "public_id": "enrollment",
        "appointment_id": "appointment_id",
    },
    "clinic:program_detail": {"public_id": "program"},
    "clinic:program_edit": {"public_id": "program"},
    "clinic:membership_end": {"public_id": "program", "pk": "membership"},
    "clinic:referral_detail": {"public_id": "referral"},
    "clinic:program_referrals": {"public_id": "program"},
    "referrals:status": {"token": "referral_token"},
    "referrals:withdraw": {"token": "referral_token"},
    "directory:facility_detail": {"public_id": "facility"},
    "directory:facility_report": {"public_id": "facility"},
    "directory:meeting_detail": {"public_id": "meeting"},
    "directory:meeting_ics": {"public_id": "meeting"},
    "accounts:api_token_revoke": {"public_id": "token"},
    "accounts:two_factor_reset": {"public_id": "staff"},
    "emergency:record": {"public_id": "emergency"},
}
FIXED_ARGS = {
    "education:article_detail": {"slug": "what-is-ketamine"},
    "education:article_feedback": {"slug": "what-is-ketamine"},
    "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "accounts:invitation_accept": {"code": "not-a-real-code"},
    "recovery:tool": {"tool": "breathing"},
}


# A valid body for API operations that take one, so the answer is about who
# is asking rather than what they sent.
API_BODIES = {
    "post /api/v1/checkins": {
        "client_id": "0b6f3a52-58a4-4a5e-9c62-0d7c1f4f7a11",
        "craving": 3,
        "mood": 3,
        "used_ketamine": False,
        "self_harm_thoughts": False,
    },
    "post /api/v1/screening/phq9": {"answers": [0] * 9},
    "put /api/v1/me/push-subscription": BrowserKeys().subscription(
        "https://fcm.googleapis.com/fcm/send/matrix"
    ),
    "delete /api/v1/me/push-subscription": {
        "endpoint": "https://fcm.googleapis.com/fcm/send/matrix"
    },
}


def _page_routes() -> dict[str, str]:
    """Every named page route outside the API and the Django admin's models."""
    names = {}

    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or ""
                walk(entry, f"{namespace}{inner}:" if inner else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                names[f"{namespace}{entry.name}"] = entry

    walk(get_resolver())
    return {
        name: name
        for name in names
        if not name.startswith(("api:", "admin:")) or name == "admin:index"
    }


def _page_url(name: str, ids: dict) -> str:
    kwargs = {arg: ids[key] for arg, key in ROUTE_ARGS.get(name, {}).items()}
    return reverse(name, kwargs=kwargs | FIXED_ARGS.get(name, {}))


def _api_operations(client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    return [
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
    ]


def _cookies_of(client, user, token=None) -> SimpleCookie:
    """The cookies every request of one persona starts from: signed in once
    (its session row outlives each request, whose writes are rolled back),
    or none for a token (the token, no session) and for the anonymous."""
    client.logout()
    if token is None and user is not None:
        client.force_login(user)
    return copy.deepcopy(client.cookies)


def _ask(client, cookies: SimpleCookie, method: str, url: str, body=None, token=None):
    # The table is about who may, not how often: every request starts with
    # the throttles' counts at zero (the whole matrix would pass the API's
    # anonymous limit of 60 a minute), and with the persona's own cookies,
    # whatever the request before set or cleared (a sign-out, a language).
    cache.clear()
    client.cookies = copy.deepcopy(cookies)
    headers = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    with transaction.atomic():
        if body is None:
            response = getattr(client, method)(url, headers=headers)
        else:
            response = getattr(client, method)(
                url, body, content_type="application/json", headers=headers
            )
        transaction.set_rollback(True)
    return _outcome(response)


# Routes that only take POST (asked with an empty form).
POST_ONLY = {
    "core:set_language",
    "accounts:api_token_create",
    "accounts:api_token_revoke",
    "accounts:logout",
    "accounts:sessions_end",
    "accounts:two_factor_reset",
    "clinic:appointment_attendance",
    "clinic:chart_number",
    "clinic:contact_log",
    "clinic:flag_review",
    "clinic:membership_end",
    "directory:facility_report",
    "education:article_feedback",
    "flags:crisis_tell_care_team",
    "flags:crisis_disclosure_revoke",
    "recovery:week_add_meeting",
    "recovery:week_remove",
    "recovery:week_toggle",
    "recovery:early_recovery_turn",
    "referrals:withdraw",
}

# The policy. Columns: anon pat pia sam sue eve xena casey oscar rory ada cal tia (see PERSONAS).
EXPECTED = {
    "accounts:api_token_create": "login 400   400   400   400   400   400   400   400   400   400   verify login",
    "accounts:api_token_revoke": "login away  404   404   404   404   404   404   404   404   404   verify login",
    "accounts:home": "login away  away  away  away  away  away  away  away  away  away  verify login",
    "accounts:invitation_accept": "404   404   404   404   404   404   404   404   404   404   404   verify 404",
    "accounts:login": "ok    away  away  away  away  away  away  away  away  away  away  verify ok",
    "accounts:logout": "login away  away  away  away  away  away  away  away  away  away  away  login",
    "accounts:password_change": "login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify login",
    "accounts:password_reset": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "accounts:password_reset_confirm": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "accounts:password_reset_done": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "accounts:register": "ok    away  away  away  away  away  away  away  away  away  away  verify ok",
    "accounts:sessions_end": "login away  away  away  away  away  away  away  away  away  away  verify login",
    # Patients and supporters see the page (it says when the account can no
    # longer change); staff roles are never switched by their owner.
    "accounts:role_switch": "login ok    ok    ok    ok    ok    ok    403   403   403   403   verify login",
    "accounts:settings": "login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify login",
    "accounts:staff_invitations": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    "accounts:two_factor_setup": "login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify login",
    "accounts:two_factor_verify": "login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    login",
    "accounts:two_factor_codes": "login away  away  away  away  away  away  away  away  away  away  verify login",
    "accounts:two_factor_codes_download": "login away  away  away  away  away  away  away  away  away  away  away  login",
    # Ada's session here has passed only the password: sent to set up her own.
    "accounts:two_factor_reset": "login 403   403   403   403   403   403   403   403   403   away  verify login",
    "emergency:record": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    "breakglass:start": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    "admin:index": "login login login login login login login login login login ok    verify login",
    "my_record:who_has_seen": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "clinic:appointment_attendance": "login 403   403   403   403   403   403   away  404   404   403   verify login",
    "clinic:appointments": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    "clinic:caseload": "login 403   403   403   403   403   403   ok    ok    ok    403   verify login",
    "clinic:clinician_appointments_ics": "login 403   403   403   403   403   403   ok    ok    ok    403   verify login",
    "clinic:drug_tests": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    # Casey's empty form marks the flag reviewed: sent back to the patient page.
    "clinic:flag_review": "login 403   403   403   403   403   403   away  404   404   403   verify login",
    "clinic:chart_number": "login 403   403   403   403   403   403   away  404   404   403   verify login",
    # Casey's empty form says how she reached Pat is missing: the page, with the error.
    "clinic:contact_log": "login 403   403   403   403   403   403   400   404   404   403   verify login",
    "clinic:intake": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    "clinic:intake_decide": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    "clinic:invite": "login 403   403   403   403   403   403   ok    ok    ok    403   verify login",
    "clinic:join": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "clinic:my_appointments_ics": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "clinic:my_care": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "clinic:membership_end": "login 403   403   403   403   403   403   403   403   403   away  verify login",
    "clinic:my_treatment_plan": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "clinic:note_detail": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    "clinic:notes": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    "clinic:outcomes": "login 403   403   403   403   403   403   ok    ok    ok    403   verify login",
    "clinic:patient_detail": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    "clinic:plan": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    # Pat's consent here does not share "safety_plan" (a kind added after it):
    # Casey's page says so and shows nothing of the plan; shared, it opens
    # (recovery/tests/test_safety_plan.py).
    "clinic:safety_plan": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    "clinic:program_create": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    "clinic:program_detail": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    "clinic:program_edit": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    "clinic:program_list": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    "clinic:program_referrals": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    # A program's referrals: its members (a clinician in no program, or in
    # another, sees an empty queue and never another program's referral).
    "clinic:referral_queue": "login 403   403   403   403   403   403   ok    ok    ok    403   verify login",
    "clinic:referral_detail": "login 403   403   403   403   403   403   ok    404   404   403   verify login",
    # Public: the send pages, and the status link to whoever holds its secret
    # (a wrong one is 404, clearhead/referrals/tests/test_pages.py).
    "referrals:send": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "referrals:sent": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "referrals:status": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "referrals:withdraw": "away  away  away  away  away  away  away  away  away  away  away  verify away",
    "referrals:withdrawn": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "core:home": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "core:privacy": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "core:quick_exit": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "core:set_language": "away  away  away  away  away  away  away  away  away  away  away  verify away",
    "directory:facility_detail": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "directory:facility_list": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "directory:facility_report": "400   400   400   400   400   400   400   400   400   400   400   verify 400",
    "directory:listing_reports": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    "directory:meeting_detail": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "directory:meeting_ics": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "directory:meeting_list": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "education:article_detail": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "education:article_feedback": "400   400   400   400   400   400   400   400   400   400   400   verify 400",
    "education:article_list": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "education:article_search": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "education:feedback_report": "login 403   403   403   403   403   403   403   403   403   ok    verify login",
    "healthz": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "recovery:balance": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:charts": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:body_tracker": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:body_check": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:body_check_result": "login ok    404   403   403   403   403   403   403   403   403   verify login",
    "recovery:body_letter": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:early_recovery": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:early_recovery_turn": "login 400   400   403   403   403   403   403   403   403   403   verify login",
    "recovery:checkin": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:checkin_body": "login ok    404   403   403   403   403   403   403   403   403   verify login",
    "recovery:checkin_result": "login ok    404   403   403   403   403   403   403   403   403   verify login",
    "recovery:dashboard": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:close_account": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:my_data": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "interop:my_record_fhir": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "flags:crisis_tell_care_team": "login away  404   403   403   403   403   403   403   403   403   verify login",
    "flags:crisis_disclosure_revoke": "login away  404   403   403   403   403   403   403   403   403   verify login",
    "recovery:offline": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "recovery:plan": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:plan_edit": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:safety_plan": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:safety_plan_edit": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:profile": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:thought_log": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:tool": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:tools": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:week": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "recovery:week_add_meeting": "login away  away  403   403   403   403   403   403   403   403   verify login",
    "recovery:week_remove": "login away  404   403   403   403   403   403   403   403   403   verify login",
    "recovery:week_toggle": "login away  404   403   403   403   403   403   403   403   403   verify login",
    "safety:help_now": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "safety:safety_plan": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "screening:results": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    # GET: the page Back and reload come to (self-check.js fills it from the
    # tab); a patient, who saves straight away, is sent to her saved list.
    "screening:save": "ok    away  away  403   403   403   403   403   403   403   403   verify ok",
    "screening:saved": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "screening:start": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "screening:take": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    verify ok",
    "service_worker": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "sharing:my_supporters": "login ok    ok    403   403   403   403   403   403   403   403   verify login",
    "sharing:supporter_home": "login 403   403   ok    ok    ok    ok    403   403   403   403   verify login",
    "web_manifest": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "get /api/v1/": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "get /api/v1/me": "401   ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    401   401",
    "post /api/v1/screening/ketamine-self-check": "422   422   422   422   422   422   422   422   422   422   422   422   422",
    "post /api/v1/screening/dsm5-ketamine": "422   422   422   422   422   422   422   422   422   422   422   422   422",
    "post /api/v1/screening/phq9": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "post /api/v1/screening/gad7": "422   422   422   422   422   422   422   422   422   422   422   422   422",
    "post /api/v1/screening/bladder-check": "422   422   422   422   422   422   422   422   422   422   422   422   422",
    "post /api/v1/screening/level-of-care": "422   422   422   422   422   422   422   422   422   422   422   422   422",
    "get /api/v1/facilities": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "get /api/v1/meetings": "ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "post /api/v1/checkins": "401   ok    ok    403   403   403   403   403   403   403   403   401   401",
    "get /api/v1/checkins": "401   ok    ok    403   403   403   403   403   403   403   403   401   401",
    "get /api/v1/me/early-warnings": "401   ok    ok    403   403   403   403   403   403   403   403   401   401",
    "put /api/v1/me/push-subscription": "401   ok    ok    403   403   403   403   403   403   403   403   401   401",
    "delete /api/v1/me/push-subscription": "401   ok    ok    403   403   403   403   403   403   403   403   401   401",
    "get /api/v1/patients/{patient_id}/fhir": "401   403   403   403   403   403   403   ok    404   404   403   401   401",
}


def _route_urls(client, ids) -> dict[str, tuple[str, str, dict | None]]:
    """Every route as (method, url, body), keyed as in EXPECTED."""
    routes = {
        name: ("post" if name in POST_ONLY else "get", _page_url(name, ids), None)
        for name in _page_routes()
    }
    for method, path in _api_operations(client):
        url = path.replace("{patient_id}", str(ids["patient"]))
        body = API_BODIES.get(f"{method} {path}")
        if body and "craving" in body:
            # Today where Pat lives (the world fixture gives her UTC).
            body = body | {"day": clock.today_in("UTC").isoformat()}
        routes[f"{method} {path}"] = (method, url, body)
    return routes


def test_every_route_answers_every_persona_as_the_policy_says(client, world):
    routes = _route_urls(client, world["kwargs"])
    assert sorted(routes) == sorted(EXPECTED), "a route is missing from the policy"
    assert {len(row.split()) for row in EXPECTED.values()} == {len(PERSONAS)}
    wrong = []
    for column, persona in enumerate(PERSONAS):
        token = world["tokens"].get(persona)
        cookies = _cookies_of(client, world["users"][persona], token)
        for key, (method, url, body) in sorted(routes.items()):
            want = EXPECTED[key].split()[column]
            got = _ask(client, cookies, method, url, body, token=token)
            if got != want:
                wrong.append(f"{key} as {persona}: expected {want}, got {got}")
    assert wrong == []


def test_a_supporter_with_an_expired_code_is_linked_to_nobody(client, world):
    client.force_login(world["users"]["eve"])
    page = client.get(reverse("sharing:supporter_home")).content.decode()
    assert "You are not linked with anyone yet." in page
    assert not re.search(r"\bPat\b", page)


def test_a_supporter_sees_only_what_a_consent_in_force_grants(client, world):
    users = world["users"]
    client.force_login(users["sam"])
    assert (
        "Sober days" in client.get(reverse("sharing:supporter_home")).content.decode()
    )
    client.force_login(users["sue"])
    page = client.get(reverse("sharing:supporter_home")).content.decode()
    assert "Sober days" not in page


def test_create_token_refuses_staff_without_two_step_sign_in(client, world):
    tia = world["users"]["tia"]
    with pytest.raises(CommandError, match="Turn on two-step sign-in"):
        call_command("create-token", tia.email, stdout=io.StringIO())
    # Her earlier token stopped working when she turned two-step sign-in off.
    headers = {"Authorization": f"Bearer {world['tokens']['tia']}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_supporter_whose_consent_ended_yesterday_sees_nothing_shared(client, world):
    """Ended where the patient lives: the day after its last day, nothing shows."""
    client.force_login(world["users"]["xena"])
    page = client.get(reverse("sharing:supporter_home")).content.decode()
    assert "Sober days" not in page
    assert "Check-ins in the last 14 days" not in page
    assert "Check-ins since" not in page
    client.force_login(world["users"]["sam"])  # the same grant, still in force
    assert (
        "Sober days" in client.get(reverse("sharing:supporter_home")).content.decode()
    )
