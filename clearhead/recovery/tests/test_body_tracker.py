"""The body tracker for ketamine harms: the weekly check, the one bladder
red-flag rule on every entry, its own consent kind, the letter's choices,
"my data" and FHIR."""

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.audit.actions import AuditAction
from clearhead.care import services as care_services
from clearhead.care.models import SHARE_KINDS, Consent, ProgramMembership
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.core.pytest_clock import examples
from clearhead.flags.definitions import FlagCode
from clearhead.flags.models import Flag
from clearhead.flags.services import BODY_CHECK
from clearhead.interop import fhir
from clearhead.interop.export import own_bundle, patient_bundle
from clearhead.recovery import body_check, selectors, services
from clearhead.recovery.export import patient_data_export
from clearhead.recovery.models import (
    BODY_CHECK_SYMPTOMS,
    BODY_CHECK_WARNING_SIGNS,
    BodyCheck,
    DailyCheckIn,
    RecoveryProfile,
)
from clearhead.screening.scoring import BODY_SYMPTOMS, score_bladder_check
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock

NONE = dict.fromkeys(BODY_CHECK_SYMPTOMS, 0) | dict.fromkeys(
    BODY_CHECK_WARNING_SIGNS, False
)


@pytest.fixture
def pat(patient_pat):
    """Pat stopped 20 days ago (UTC)."""
    patient_pat.time_zone = "UTC"
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat, stop_date=clock.today_in("UTC") - timedelta(days=20)
    )
    return patient_pat


def save(patient, **values):
    return services.body_check_save(actor=patient, **(NONE | values))


# --- The mapping onto the one red-flag rule (hypothesis) ----------------------

ANSWERS = st.fixed_dictionaries(
    {name: st.integers(0, 3) for name in BODY_CHECK_SYMPTOMS}
    | {name: st.booleans() for name in BODY_CHECK_WARNING_SIGNS}
)


PURE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PURE
@given(ANSWERS)
def test_every_answer_maps_onto_the_bladder_checks_own_ticks(answers):
    """For the whole answer space: a one-off symptom is ticked exactly when
    one of the weekly answers standing for it is "a little" or more (or yes),
    and the advice is the bladder check's rule on those ticks."""
    ticked = body_check.bladder_answers(answers)
    assert set(ticked) == set(BODY_SYMPTOMS)
    for symptom in BODY_SYMPTOMS:
        sources = [n for n, keys in body_check.MAPPING.items() if symptom in keys]
        expected = any(
            answers[n] if n in BODY_CHECK_WARNING_SIGNS else answers[n] >= 1
            for n in sources
        )
        assert ticked[symptom] == expected
    assert body_check.advice(answers) == score_bladder_check(ticked)
    assert body_check.is_red_flag(answers) == (
        score_bladder_check(ticked)["advice"] in {"emergency", "urgent"}
    )


@PURE
@given(ANSWERS, st.sampled_from(BODY_CHECK_SYMPTOMS))
def test_the_boundary_is_a_little(answers, name):
    """0 is absent, 1 (a little) is present: the one threshold."""
    at_zero = body_check.bladder_answers(answers | {name: 0})
    at_one = body_check.bladder_answers(answers | {name: 1})
    at_three = body_check.bladder_answers(answers | {name: 3})
    assert at_one == at_three
    for key in body_check.MAPPING[name]:
        assert at_one[key]
    assert {k for k, v in at_zero.items() if v} <= {k for k, v in at_one.items() if v}


def test_the_whole_answer_space_up_to_presence():
    """Every pattern of absent/present answers (2^11), each at its lowest and
    highest present value: the advice is the rule's on the mapped ticks, and
    the same at "a little" as at "a lot"."""
    names = [*BODY_CHECK_SYMPTOMS, *BODY_CHECK_WARNING_SIGNS]
    for pattern in itertools.product((False, True), repeat=len(names)):
        low = {
            n: (p if n in BODY_CHECK_WARNING_SIGNS else int(p))
            for n, p in zip(names, pattern, strict=True)
        }
        high = {
            n: (p if n in BODY_CHECK_WARNING_SIGNS else 3 * int(p))
            for n, p in zip(names, pattern, strict=True)
        }
        ticks = dict.fromkeys(BODY_SYMPTOMS, False)
        for n, present in zip(names, pattern, strict=True):
            if present:
                ticks.update(dict.fromkeys(body_check.MAPPING[n], True))
        expected = score_bladder_check(ticks)
        assert body_check.advice(low) == expected
        assert body_check.advice(high) == expected


@pytest.mark.parametrize(
    ("answers", "advice"),
    [
        ({}, "none"),
        ({"memory": 1}, "routine"),
        ({"frequency": 3, "night_urination": 3, "pain": 3}, "routine"),
        ({"blood": 1}, "urgent"),
        ({"blood": 0, "flank_pain": True}, "urgent"),
        ({"pain": 1, "fever": True}, "urgent"),
        ({"cannot_urinate": True}, "emergency"),
        ({"blood": 1, "fever": True}, "emergency"),
        ({"blood": 2, "flank_pain": True}, "emergency"),
    ],
)
def test_known_answers_give_the_one_off_checks_advice(answers, advice):
    assert body_check.advice(NONE | answers)["advice"] == advice


def test_the_mapping_covers_every_question_once():
    assert set(body_check.MAPPING) == {*BODY_CHECK_SYMPTOMS, *BODY_CHECK_WARNING_SIGNS}
    assert set(body_check.QUESTIONS) == set(BODY_CHECK_SYMPTOMS)
    # Every weekly answer stands for symptoms the one rule knows.
    assert {k for keys in body_check.MAPPING.values() for k in keys} <= set(
        BODY_SYMPTOMS
    )


# --- Saving: one a day, the red flag on every entry ----------------------------


def test_saving_today_again_updates_the_one_check(pat):
    first, created = save(pat, frequency=3)
    again, created_again = save(pat, frequency=1)
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert BodyCheck.objects.get().frequency == 1
    assert_audited(action=AuditAction.BODY_TRACKER_SAVED, actor=pat, patient=pat)


def test_a_value_outside_the_scale_is_a_field_error(pat):
    with pytest.raises(ValidationError) as error:
        save(pat, blood=4)
    assert "blood" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.body_check_save(actor=pat, frequency=1)
    assert not BodyCheck.objects.exists()


def test_only_a_patient_saves(clinician_casey):
    with pytest.raises(PermissionDenied):
        services.body_check_save(actor=clinician_casey, **NONE)


def test_blood_raises_the_body_red_flag_a_checkin_raises(pat):
    check, _ = save(pat, blood=1)
    flag = Flag.objects.get(patient=pat, kind=FlagCode.BODY_RED_FLAG, cleared_at=None)
    assert flag.evidence == [
        {"type": BODY_CHECK, "id": str(check.public_id), "day": str(check.day)}
    ]
    # A check-in afterwards keeps the flag and its body-check evidence.
    checkin(pat)
    flag = Flag.objects.get(patient=pat, kind=FlagCode.BODY_RED_FLAG, cleared_at=None)
    assert BODY_CHECK in {e["type"] for e in flag.evidence}


def test_a_corrected_check_leaves_the_flag(pat):
    save(pat, cannot_urinate=True)
    assert Flag.objects.filter(kind=FlagCode.BODY_RED_FLAG, cleared_at=None).exists()
    save(pat)
    assert not Flag.objects.filter(
        kind=FlagCode.BODY_RED_FLAG, cleared_at=None
    ).exists()


def test_no_red_flag_raises_no_flag(pat):
    save(pat, frequency=3, night_urination=3, memory=3, k_cramps=3)
    assert not Flag.objects.filter(kind=FlagCode.BODY_RED_FLAG).exists()


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=st.lists(st.tuples(st.integers(0, 2), ANSWERS), min_size=1, max_size=4))
def test_the_stored_flag_follows_the_rule_on_every_entry(pat, entries):
    """For any body checks over a few days (some the same day, so edited), a
    body red flag is open exactly when the latest answers of some check are a
    red flag under the rule, and it rests on exactly those checks."""
    BodyCheck.objects.all().delete()
    Flag.objects.all().delete()
    start = datetime(2026, 5, 4, 12, tzinfo=UTC)
    latest = {}
    for offset, answers in sorted(entries, key=lambda e: e[0]):
        with time_machine.travel(start + timedelta(days=offset), tick=False):
            check, _ = save(pat, **answers)
        latest[str(check.public_id)] = body_check.is_red_flag(answers)
    flag = Flag.objects.filter(
        patient=pat, kind=FlagCode.BODY_RED_FLAG, cleared_at=None
    ).first()
    red = {i for i, is_red in latest.items() if is_red}
    assert (flag is not None) == bool(red)
    if flag is not None:
        assert {e["id"] for e in flag.evidence if e["type"] == BODY_CHECK} == red


# --- Days without ketamine, the one count ----------------------------------------


def test_days_without_ketamine_use_the_one_sober_count(pat):
    today = clock.today_in("UTC")
    DailyCheckIn.objects.create(
        patient=pat,
        client_id=uuid.uuid4(),
        day=today - timedelta(days=5),
        craving=2,
        mood=3,
        used_ketamine=True,
        self_harm_thoughts=False,
    )
    save(pat)
    history = selectors.body_history(actor=pat, patient=pat)
    [row] = history["rows"]
    assert row["days_without"] == 5
    assert history["charts"][0].use_days == []  # the use was before the first check


# --- Its own consent kind, through care.policy --------------------------------------


def page(client, clinician, enrollment):
    client.force_login(clinician)
    return client.get(reverse("clinic:patient_detail", args=[enrollment.public_id]))


def test_it_is_a_share_kind_existing_consents_leave_out(pat, casey_in_program, program):
    assert "body_symptoms" in SHARE_KINDS
    enrollment = enroll(pat, casey_in_program, program, ["checkins", "plan"])
    assert "body_symptoms" not in Consent.objects.get(enrollment=enrollment).kinds
    with pytest.raises(PermissionDenied):
        selectors.body_checks_for(actor=casey_in_program, patient=pat)


def test_the_care_team_sees_the_section_while_shared(
    client, pat, casey_in_program, program
):
    save(pat, blood=2)
    enrollment = enroll(pat, casey_in_program, program, ["body_symptoms"])
    text = page(client, casey_in_program, enrollment).content.decode()
    assert "chart-body-bladder-title" in text
    assert "Red-flag answers" in text
    assert_audited(
        action=AuditAction.BODY_TRACKER_VIEWED, actor=casey_in_program, patient=pat
    )
    care_services.enrollment_sharing_update(
        actor=pat, enrollment=enrollment, sharing=[]
    )
    text = page(client, casey_in_program, enrollment).content.decode()
    assert "chart-body-bladder-title" not in text
    assert "weekly body checks are not shared" in text


def test_a_removed_clinician_sees_none_of_it(client, pat, casey_in_program, program):
    save(pat)
    enrollment = enroll(pat, casey_in_program, program, ["body_symptoms"])
    membership = ProgramMembership.objects.get(
        program=program, clinician=casey_in_program, ended_at=None
    )
    membership.ended_at = clock.now()
    membership.save(update_fields=["ended_at"])
    with pytest.raises(PermissionDenied):
        selectors.body_checks_for(actor=casey_in_program, patient=pat)
    assert page(client, casey_in_program, enrollment).status_code == 404


def test_another_patient_gets_a_404_for_a_check(client, pat, patient_pia):
    check, _ = save(pat)
    with pytest.raises(PermissionDenied):
        selectors.body_checks_for(actor=patient_pia, patient=pat)
    client.force_login(patient_pia)
    url = reverse("recovery:body_check_result", args=[check.public_id])
    assert client.get(url).status_code == 404


# --- The letter: only what the patient chose ---------------------------------------


def test_the_letter_holds_only_symptoms_by_default(client, pat):
    today = clock.today_in("UTC")
    DailyCheckIn.objects.create(
        patient=pat,
        client_id=uuid.uuid4(),
        day=today - timedelta(days=2),
        craving=2,
        mood=3,
        used_ketamine=True,
        self_harm_thoughts=False,
    )
    save(pat, k_cramps=2)
    client.force_login(pat)
    text = client.get(reverse("recovery:body_letter")).content.decode()
    letter = text[text.index('<article class="letter"') : text.index("</article>")]
    assert "Stomach pain or cramps" in letter
    assert "2 (quite a bit)" in letter
    assert "An ultrasound scan of the kidneys and bladder" in letter
    assert "I have used ketamine" not in letter
    assert "I stopped on" not in letter
    assert "I said I used ketamine on" not in letter
    assert_audited(action=AuditAction.BODY_LETTER_MADE, actor=pat, patient=pat)


def test_the_letter_adds_each_chosen_part(client, pat):
    today = clock.today_in("UTC")
    use_day = today - timedelta(days=2)
    DailyCheckIn.objects.create(
        patient=pat,
        client_id=uuid.uuid4(),
        day=use_day,
        craving=2,
        mood=3,
        used_ketamine=True,
        self_harm_thoughts=False,
    )
    save(pat)
    client.force_login(pat)
    url = reverse("recovery:body_letter")
    text = client.get(url, {"mention": "on"}).content.decode()
    assert "I have used ketamine" in text
    assert "Stomach pain (K-cramps)" in text
    assert "a positive test is not proof of new use" in text
    assert "I stopped on" not in text
    text = client.get(url, {"mention": "on", "stop": "on"}).content.decode()
    assert "I stopped on" in text
    assert "Today I have been 2 days without ketamine" in text
    text = client.get(url, {"mention": "on", "uses": "on"}).content.decode()
    assert "I said I used ketamine on 1 day" in text
    # Without saying they used ketamine, nothing about use goes in.
    text = client.get(url, {"stop": "on", "uses": "on"}).content.decode()
    letter = text[text.index('<article class="letter"') : text.index("</article>")]
    assert "ketamine" not in letter.lower()
    assert "clearhead" not in letter.lower()
    assert "K-cramps" not in letter


# --- My data and FHIR -------------------------------------------------------------


def test_it_is_in_my_data(client, pat):
    save(pat, urgency=2, fever=True)
    data = patient_data_export(actor=pat, patient=pat)
    [row] = data["body_checks"]
    assert row["urgency"] == 2
    assert row["fever"] is True
    assert row["advice"] == "routine"
    client.force_login(pat)
    text = client.get(reverse("recovery:my_data")).content.decode()
    assert "Weekly body checks (1)" in text


def test_the_fhir_observation_validates_with_our_own_codes(pat):
    check, _ = save(pat, blood=1, memory=2)
    resource = fhir.body_check_observation(
        check, "urgent", str(pat.public_id), "https://clearhead.example.org"
    )
    Observation.model_validate(resource)
    codings = [resource["code"]["coding"][0]] + [
        c["code"]["coding"][0] for c in resource["component"]
    ]
    assert all(c["system"].endswith("/fhir/CodeSystem/body-check") for c in codings)
    values = {c["code"]["coding"][0]["code"]: c for c in resource["component"]}
    assert values["blood"]["valueInteger"] == 1
    assert values["memory"]["valueInteger"] == 2
    assert values["advice"]["valueCodeableConcept"]["coding"][0]["code"] == (
        "advice-urgent"
    )


def _observation_ids(bundle) -> set[str]:
    return {
        e["resource"]["id"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }


def test_fhir_exports_include_it_for_the_patient_and_only_under_consent(
    pat, casey_in_program, program
):
    check, _ = save(pat, blood=1)
    wanted = f"body-check-{check.public_id}"
    own = own_bundle(actor=pat)
    Bundle.model_validate(own)
    assert wanted in _observation_ids(own)
    enrollment = enroll(pat, casey_in_program, program, ["checkin_summary"])
    assert wanted not in _observation_ids(
        patient_bundle(actor=casey_in_program, enrollment=enrollment)
    )
    care_services.enrollment_sharing_update(
        actor=pat,
        enrollment=enrollment,
        sharing=["checkin_summary", "body_symptoms"],
        signature="Pat",
    )
    bundle = patient_bundle(actor=casey_in_program, enrollment=enrollment)
    Bundle.model_validate(bundle)
    assert wanted in _observation_ids(bundle)
    [flag] = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Flag"
    ]
    assert wanted in str(flag)


# --- Pages --------------------------------------------------------------------------


def form_data(**values) -> dict:
    answers = NONE | values
    return {
        name: ("yes" if value else "no")
        if name in BODY_CHECK_WARNING_SIGNS
        else str(value)
        for name, value in answers.items()
    }


def test_the_pages_save_show_the_advice_and_chart(client, pat):
    client.force_login(pat)
    response = client.post(reverse("recovery:body_check"), form_data(blood=2))
    assert response.status_code == 302
    text = client.get(response["Location"]).content.decode()
    assert "See a doctor today" in text
    assert 'role="alert"' in text
    text = client.get(reverse("recovery:body_tracker")).content.decode()
    assert "chart-body-bladder-title" in text
    due = clock.today_in("UTC") + timedelta(days=7)
    assert f"Your next weekly check is due on {due:%A} {due.day} {due:%B}" in text
    assert "Reviewed 2 December 2026" in text
    assert "Winstock" in text


def test_a_bad_answer_is_a_form_error_not_a_500(client, pat):
    client.force_login(pat)
    response = client.post(reverse("recovery:body_check"), {"blood": "9"})
    assert response.status_code == 200
    assert not BodyCheck.objects.exists()


def test_the_questions_are_our_own_words():
    """No item of a licensed questionnaire: our own questions, our own scale."""
    words = " ".join(str(q) for q in body_check.QUESTIONS.values()).lower()
    for licensed in ("bladder pain/interstitial cystitis", "pelvic pain and urgency"):
        assert licensed not in words
    assert [str(label) for _, label in body_check.SCALE] == [
        "Not at all",
        "A little",
        "Quite a bit",
        "A lot",
    ]
    assert date(2026, 12, 2) == body_check.FACTS_REVIEWED


def test_the_care_team_sees_the_body_red_flag_resting_on_the_check(
    client, pat, casey_in_program, program
):
    save(pat, cannot_urinate=True)
    enrollment = enroll(
        pat, casey_in_program, program, ["checkin_summary", "body_symptoms"]
    )
    text = page(client, casey_in_program, enrollment).content.decode()
    assert "Body red flag" in text
    assert "Weekly body check" in text
    assert "Get emergency care now" in text  # the check's advice in the table


@pytest.mark.parametrize("route", ["clinic:chart_number", "clinic:contact_log"])
def test_a_form_sent_back_on_the_patient_page_still_shows_the_checks(
    client, pat, casey_in_program, program, route
):
    """The patient page drawn again with a form's errors reads the shared
    checks too, under the actions its view declares."""
    save(pat, memory=2)
    enrollment = enroll(pat, casey_in_program, program, ["body_symptoms"])
    client.force_login(casey_in_program)
    response = client.post(
        reverse(route, args=[enrollment.public_id]), {"chart_number": "!!"}
    )
    assert response.status_code == 400
    assert "chart-body-memory-title" in response.content.decode()
