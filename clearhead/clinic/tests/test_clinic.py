"""Care teams: invitations, the caseload, and who may see a patient."""

import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from clearhead.accounts.models import Role, User
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.care.models import REDISCLOSURE_NOTICE, Consent, Enrollment
from clearhead.care.time_zones import today_for
from clearhead.clinic import services
from clearhead.clinic.selectors import PAGE_SIZE, RECORD_CHECKIN_DAYS
from clearhead.core import clock
from clearhead.flags.definitions import ADHERENCE_DAYS
from clearhead.recovery import services as recovery_services
from clearhead.recovery.models import DailyCheckIn, RecoveryProfile
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

ALL_SHARED = ["checkin_summary", "checkins", "plan", "screenings"]


def enroll(patient, clinician, program, sharing=ALL_SHARED):
    _, code = services.patient_invitation_create(actor=clinician, program=program)
    invitation = services.patient_invitation_find(code)
    return services.patient_invitation_accept(
        actor=patient, invitation=invitation, sharing=sharing, signature=str(patient)
    )


def checkin(patient, days_ago=0, **values):
    data = {
        "day": today_for(patient) - timedelta(days=days_ago),
        "craving": 2,
        "mood": 3,
        "used_ketamine": False,
        "self_harm_thoughts": False,
    } | values
    return recovery_services.checkin_create(
        actor=patient, client_id=uuid.uuid4(), data=data
    )[0]


def test_a_clinician_invites_by_code_and_the_patient_chooses_what_to_share(
    client, casey_in_program, program, patient_pat
):
    client.force_login(casey_in_program)
    page = client.post(
        reverse("clinic:invite"),
        {"program": program.pk, "level_of_care": "intensive_outpatient"},
    ).content.decode()
    code = re.search(r'id="invitation-code">(\w+)<', page).group(1)
    assert len(code) == 8
    assert_audited(action=AuditAction.PATIENT_INVITED, actor=casey_in_program)

    client.force_login(patient_pat)
    summary = client.post(
        reverse("clinic:join"), {"code": code.lower(), "sharing": ["checkin_summary"]}
    ).content.decode()
    assert "<h1>Check and sign" in summary
    assert not Enrollment.objects.exists()
    unsigned = client.post(
        reverse("clinic:join"),
        {"code": code.lower(), "sharing": ["checkin_summary"], "confirm": "1"},
    )
    assert unsigned.status_code == 400
    assert "Type your name to sign." in unsigned.content.decode()
    assert not Enrollment.objects.exists()
    response = client.post(
        reverse("clinic:join"),
        {
            "code": code.lower(),
            "sharing": ["checkin_summary"],
            "signature": "Pat",
            "confirm": "1",
        },
    )
    assert response["Location"] == reverse("clinic:my_care")
    enrollment = Enrollment.objects.get()
    assert enrollment.sharing == ["checkin_summary"]
    consent = Consent.objects.get(enrollment=enrollment)
    assert (consent.purpose, consent.signature) == ("treatment", "Pat")
    assert_audited(action=AuditAction.CONSENT_SIGNED, actor=patient_pat)
    assert enrollment.level_of_care == "intensive_outpatient"
    assert list(enrollment.care_team.all()) == [casey_in_program]
    assert_audited(
        action=AuditAction.ENROLLMENT_CREATED, actor=patient_pat, patient=patient_pat
    )
    # The code works once.
    again = client.post(reverse("clinic:join"), {"code": code})
    assert again.status_code == 400
    assert "That code does not work" in again.content.decode()


def test_the_consent_names_the_program_before_it_is_signed(
    client, casey_in_program, program, patient_pat
):
    _, code = services.patient_invitation_create(
        actor=casey_in_program, program=program
    )
    client.force_login(patient_pat)
    first = client.get(reverse("clinic:join")).content.decode()
    assert "Invitation code" in first
    assert "What your care team can see" not in first  # nothing to consent to yet
    refused = client.get(reverse("clinic:join"), {"code": "NOTACODE"})
    assert refused.status_code == 400
    wrong = refused.content.decode()
    assert "That code does not work" in wrong
    assert "Riverbend Recovery" not in wrong
    second = client.get(reverse("clinic:join"), {"code": code}).content.decode()
    assert "<h1>Connect with Riverbend Recovery</h1>" in second
    assert "Casey at Riverbend Recovery invited you" in second
    assert "What your care team can see" in second
    assert not Enrollment.objects.exists()


def test_an_emailed_invitation_carries_the_link_and_only_fits_that_address(
    casey_in_program,
    program,
    patient_pat,
    patient_pia,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _, code = services.patient_invitation_create(
            actor=casey_in_program, program=program, email="pat@example.org"
        )
    assert f"/clinic/join/?code={code}" in mail.outbox[0].body
    assert "ketamine" not in mail.outbox[0].body.lower()
    invitation = services.patient_invitation_find(code)
    with pytest.raises(Exception, match="another e-mail address"):
        services.patient_invitation_accept(
            actor=patient_pia, invitation=invitation, sharing=[]
        )


def test_clinicians_outside_the_program_cannot_invite_to_it(clinician_oscar, program):
    with pytest.raises(Exception):  # noqa: B017,PT011
        services.patient_invitation_create(actor=clinician_oscar, program=program)


def test_the_caseload_puts_crisis_first_and_shows_only_the_care_teams_patients(
    client,
    casey_in_program,
    clinician_olive,
    clinician_oscar,
    program,
    patient_pat,
    patient_pia,
):
    for patient in (patient_pat, patient_pia):
        patient.time_zone = "UTC"  # the account's own zone
        patient.save(update_fields=["time_zone"])
        RecoveryProfile.objects.create(
            patient=patient,
            stop_date=clock.today_in("UTC") - timedelta(days=12),
        )
        enroll(patient, casey_in_program, program)
    checkin(patient_pat, craving=3)
    checkin(patient_pia, self_harm_thoughts=True)
    client.force_login(casey_in_program)
    page = client.get(reverse("clinic:caseload")).content.decode()
    assert page.index("Pia") < page.index(">Pat<")
    assert "Crisis" in page
    viewed = AuditEvent.objects.filter(
        action=AuditAction.CASELOAD_VIEWED, actor=casey_in_program
    )
    shown = set(viewed.exclude(patient=None).values_list("patient__email", flat=True))
    assert shown == {"pat@example.org", "pia@example.org"}
    event = viewed.exclude(patient=None).first()
    assert event.channel == "clinic:caseload"
    assert len(str(event.public_id)) == 36
    for outsider in (clinician_olive, clinician_oscar):
        client.force_login(outsider)
        page = client.get(reverse("clinic:caseload")).content.decode()
        assert ">Pat<" not in page
        assert "Pia" not in page


def test_a_patient_record_is_seen_only_by_the_care_team(
    client,
    casey_in_program,
    clinician_olive,
    clinician_oscar,
    program,
    patient_pat,
    patient_pia,
    admin_ada,
):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat,
        stop_date=clock.today_in("UTC") - timedelta(days=5),
    )
    enrollment = enroll(patient_pat, casey_in_program, program)
    checkin(patient_pat, craving=8, note="private words")
    url = reverse("clinic:patient_detail", args=[enrollment.public_id])
    client.force_login(casey_in_program)
    page = client.get(url).content.decode()
    assert "Sober days: <strong>5</strong>" in page
    assert_audited(
        action=AuditAction.PATIENT_RECORD_VIEWED,
        actor=casey_in_program,
        patient=patient_pat,
    )
    for outsider in (clinician_olive, clinician_oscar):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    for not_a_clinician in (patient_pia, patient_pat, admin_ada):
        client.force_login(not_a_clinician)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert client.post(url).status_code in (403, 405, 302)


def test_what_is_not_shared_is_not_shown_and_changing_it_takes_effect_at_once(
    client, casey_in_program, program, patient_pat
):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(patient=patient_pat, stop_date=clock.today_in("UTC"))
    enrollment = enroll(
        patient_pat, casey_in_program, program, sharing=["checkin_summary"]
    )
    checkin(patient_pat, craving=9)
    url = reverse("clinic:patient_detail", args=[enrollment.public_id])
    client.force_login(casey_in_program)
    page = client.get(url).content.decode()
    assert "Check-ins (last 90 days)" not in page
    assert str(REDISCLOSURE_NOTICE) in page  # what is disclosed carries the notice

    client.force_login(patient_pat)
    client.post(
        reverse("clinic:my_care"),
        {"enrollment": str(enrollment.public_id), "sharing": []},
    )
    assert_audited(action=AuditAction.SHARING_CHANGED, actor=patient_pat)
    assert_audited(action=AuditAction.CONSENT_REVOKED, actor=patient_pat)
    assert enrollment.sharing == ["checkin_summary"]  # cached on this instance
    enrollment.forget_sharing()
    assert enrollment.sharing == []
    client.force_login(casey_in_program)
    page = client.get(reverse("clinic:caseload")).content.decode()
    assert "Not shared" in page
    assert str(REDISCLOSURE_NOTICE) in page
    # Still listed by name, so the view is still recorded.
    assert AuditEvent.objects.filter(
        action=AuditAction.CASELOAD_VIEWED, patient=patient_pat
    ).exists()


def _bulk_caseload(
    clinician, program, size: int, *, quiet: int = 1, crisis: int | None = None
) -> None:
    """`size` patients on the clinician's caseload, made in bulk, with 3 days
    of check-ins each; the first `quiet` have been silent for three weeks;
    patient number `crisis` reported self-harm thoughts today. Their stored
    flags are then raised by the worker's daily pass, as in production."""
    users = User.objects.bulk_create(
        User(
            email=f"bulk{size}-{n}@example.org",
            role=Role.PATIENT,
            display_name=f"Patient {n}",
            time_zone="UTC",
        )
        for n in range(size)
    )
    RecoveryProfile.objects.bulk_create(
        RecoveryProfile(
            patient=u,
            stop_date=clock.today_in("UTC") - timedelta(days=20),
        )
        for u in users
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            program=program, patient=u, started_on=clock.today_in(program.time_zone)
        )
        for u in users
    )
    Consent.objects.bulk_create(
        Consent(
            patient=e.patient,
            enrollment=e,
            purpose="treatment",
            kinds=ALL_SHARED,
            signature="Bulk",
            signed_at=clock.now(),
        )
        for e in enrollments
    )
    Enrollment.care_team.through.objects.bulk_create(
        Enrollment.care_team.through(enrollment=e, user=clinician) for e in enrollments
    )
    DailyCheckIn.objects.bulk_create(
        DailyCheckIn(
            patient=u,
            client_id=uuid.uuid4(),
            day=clock.today_in("UTC") - timedelta(days=d + (21 if n < quiet else 0)),
            craving=(n + d) % 11,
            mood=3,
            used_ketamine=(n + d) % 17 == 0,
            self_harm_thoughts=n == crisis and d == 0,
        )
        for n, u in enumerate(users)
        for d in range(3)
    )
    recovery_services.flags_daily_pass(clock.now(), patient_ids=[u.pk for u in users])


def _patient_links(page: str) -> list[str]:
    return re.findall(r'href="/clinic/patients/[^"]+">([^<]+)<', page)


def test_a_long_caseload_pages_but_the_most_urgent_come_first(
    client, casey_in_program, program
):
    _bulk_caseload(casey_in_program, program, 120, crisis=99)
    client.force_login(casey_in_program)

    first = client.get(reverse("clinic:caseload")).content.decode()
    assert _patient_links(first)[0] == "Patient 99"
    assert len(_patient_links(first)) == PAGE_SIZE
    assert "page 1 of 3" in first
    assert 'href="?page=2"' in first

    AuditEvent.objects.all().delete()
    third = client.get(reverse("clinic:caseload"), {"page": 3}).content.decode()
    assert len(_patient_links(third)) == 120 - 2 * PAGE_SIZE
    audited = set(
        AuditEvent.objects.exclude(patient=None).values_list(
            "patient__display_name", flat=True
        )
    )
    assert audited == set(_patient_links(third))  # only the patients shown

    crisis = client.get(reverse("clinic:caseload"), {"flag": "crisis"})
    assert _patient_links(crisis.content.decode()) == ["Patient 99"]
    assert "Show everyone" in crisis.content.decode()
    quiet = client.get(reverse("clinic:caseload"), {"flag": "missed_checkins"})
    assert _patient_links(quiet.content.decode()) == ["Patient 0"]  # 3 weeks silent


@pytest.mark.parametrize("query", [{"page": "abc"}, {"page": "999"}, {"flag": "x"}])
def test_odd_caseload_links_still_show_a_page(client, casey_in_program, program, query):
    _bulk_caseload(casey_in_program, program, 60)
    client.force_login(casey_in_program)
    response = client.get(reverse("clinic:caseload"), query)
    assert response.status_code == 200
    assert _patient_links(response.content.decode())


def test_a_join_code_missing_its_signature_is_a_400_that_says_so(
    client, casey_in_program, program, patient_pat
):
    _, code = services.patient_invitation_create(
        actor=casey_in_program, program=program
    )
    client.force_login(patient_pat)
    unsigned = client.post(
        reverse("clinic:join"),
        {"code": code, "sharing": ["checkin_summary"], "confirm": "1"},
    )
    assert unsigned.status_code == 400
    page = unsigned.content.decode()
    assert "Type your name to sign." in page
    assert "Connect with Riverbend Recovery" in page  # still the summary
    assert "Riverbend Recovery: the clinicians who treat you there" in page
    assert not Enrollment.objects.exists()
    # The first step, with the code only, is a page, not a refusal.
    assert client.get(reverse("clinic:join"), {"code": code}).status_code == 200


def test_guessing_join_codes_stops_after_ten_wrong_ones_in_an_hour(
    client, casey_in_program, program, patient_pat
):
    """A right guess names a program to a patient account, so guesses are limited."""
    _, code = services.patient_invitation_create(
        actor=casey_in_program, program=program
    )
    client.force_login(patient_pat)
    for n in range(10):
        wrong = client.get(reverse("clinic:join"), {"code": f"WRNG{n:04d}"})
        assert wrong.status_code == 400
    refusals = AuditEvent.objects.filter(action=AuditAction.JOIN_CODE_REFUSED)
    assert refusals.count() == 10
    assert not refusals.exclude(patient=None).exists()
    assert not refusals.exclude(subject_id="").exists()  # names no program
    response = client.get(reverse("clinic:join"), {"code": code})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Too many codes that did not work" in page
    assert "Riverbend" not in page
    posted = client.post(
        reverse("clinic:join"),
        {"code": code, "sharing": ["checkin_summary"], "signature": "Pat"},
    )
    assert posted.status_code == 400
    assert not Enrollment.objects.exists()
    # An hour later the right code works.
    with time_machine.travel(clock.now() + timedelta(hours=1, minutes=1), tick=False):
        later = client.get(reverse("clinic:join"), {"code": code})
    assert "<h1>Connect with Riverbend Recovery</h1>" in later.content.decode()


def test_the_patient_page_names_its_windows_from_their_definitions(
    client, casey_in_program, program, patient_pat
):
    enrollment = enroll(patient_pat, casey_in_program, program)
    # Joined long enough ago for the whole window (a newer patient's is
    # "since <the day they joined>": test_caseload).
    patient_pat.date_joined -= timedelta(days=ADHERENCE_DAYS)
    patient_pat.save(update_fields=["date_joined"])
    checkin(patient_pat)
    client.force_login(casey_in_program)
    page = client.get(
        reverse("clinic:patient_detail", args=[enrollment.public_id])
    ).content.decode()
    assert f"Check-ins in the last {ADHERENCE_DAYS} days:" in page
    assert f"Check-ins (last {RECORD_CHECKIN_DAYS} days)" in page
    caseload = client.get(reverse("clinic:caseload")).content.decode()
    assert f"Check-ins, {ADHERENCE_DAYS} days" in caseload
