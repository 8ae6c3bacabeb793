"""The early-recovery daily set: offered weeks, one entry a day, the crisis rule,
its own consent kind, the withdrawal phase, "my data" and FHIR."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from fhir.resources.R4B.observation import Observation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.audit.actions import AuditAction
from clearhead.care import services as care_services
from clearhead.care.models import SHARE_KINDS, Consent, ProgramMembership
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.core.pytest_clock import examples
from clearhead.flags.definitions import EARLY_RECOVERY_WEEKS, FlagCode
from clearhead.flags.models import Flag
from clearhead.flags.rules import CheckInFacts, early_warnings, self_harm_crisis
from clearhead.flags.services import EARLY_RECOVERY
from clearhead.interop import fhir
from clearhead.interop.export import own_bundle, patient_bundle
from clearhead.recovery import early_recovery, selectors, services
from clearhead.recovery.export import patient_data_export
from clearhead.recovery.models import EarlyRecoveryEntry, RecoveryProfile
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock

CALM = dict.fromkeys(
    ("anxiety", "low_mood", "poor_sleep", "fatigue", "irritability", "craving"), 2
)


@pytest.fixture
def pat_on(patient_pat):
    """Pat stopped 5 days ago (UTC) and turned the daily set on."""
    patient_pat.time_zone = "UTC"
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat, stop_date=clock.today_in("UTC") - timedelta(days=5)
    )
    services.early_recovery_turn(actor=patient_pat, on=True)
    return patient_pat


def save(patient, self_harm=False, **values):
    return services.early_recovery_entry_save(
        actor=patient, self_harm_thoughts=self_harm, **(CALM | values)
    )


# --- When it is offered ----------------------------------------------------


def test_it_is_offered_from_the_stop_day_for_the_defined_weeks():
    start = date(2026, 1, 1)
    last = start + timedelta(days=EARLY_RECOVERY_WEEKS * 7 - 1)
    assert early_recovery.offer(start, start).offered
    assert early_recovery.offer(start, start).week == 1
    assert early_recovery.offer(start, last).offered
    assert not early_recovery.offer(start, last + timedelta(days=1)).offered
    before = early_recovery.offer(start, start - timedelta(days=1))
    assert not before.offered
    assert before.week == 0


# --- One a day, edited in place ------------------------------------------------


def test_saving_today_again_updates_the_one_entry(pat_on):
    first, created = save(pat_on, anxiety=8)
    again, created_again = save(pat_on, anxiety=3)
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert EarlyRecoveryEntry.objects.filter(patient=pat_on).count() == 1
    assert EarlyRecoveryEntry.objects.get().anxiety == 3
    assert_audited(
        action=AuditAction.EARLY_RECOVERY_SAVED, actor=pat_on, patient=pat_on
    )


def test_the_day_is_the_patients_own_today(pat_on):
    pat_on.time_zone = "Pacific/Kiritimati"  # UTC+14
    pat_on.save(update_fields=["time_zone"])
    with time_machine.travel(datetime(2026, 6, 1, 11, 0, tzinfo=UTC), tick=False):
        entry, _ = save(pat_on)
    assert entry.day == date(2026, 6, 2)


def test_nothing_is_saved_while_the_set_is_off(pat_on):
    services.early_recovery_turn(actor=pat_on, on=False)
    with pytest.raises(ValidationError):
        save(pat_on)
    assert_audited(action=AuditAction.EARLY_RECOVERY_TURNED_OFF, actor=pat_on)


def test_a_value_outside_the_scale_is_a_field_error(pat_on):
    with pytest.raises(ValidationError) as error:
        save(pat_on, anxiety=11)
    assert "anxiety" in error.value.message_dict


def test_only_a_patient_saves_their_own(clinician_casey):
    with pytest.raises(PermissionDenied):
        services.early_recovery_entry_save(
            actor=clinician_casey, self_harm_thoughts=False, **CALM
        )


# --- The crisis rule, the check-in's ------------------------------------------


def test_self_harm_raises_the_same_crisis_flag_a_checkin_raises(pat_on):
    entry, _ = save(pat_on, self_harm=True)
    flag = Flag.objects.get(patient=pat_on, kind=FlagCode.CRISIS, cleared_at=None)
    assert flag.evidence == [
        {"type": EARLY_RECOVERY, "id": str(entry.public_id), "day": str(entry.day)}
    ]
    # A check-in's self-harm answer lands on the same open flag.
    checkin(pat_on, self_harm_thoughts=True)
    assert Flag.objects.filter(patient=pat_on, kind=FlagCode.CRISIS).count() == 1
    types = {e["type"] for e in Flag.objects.get(kind=FlagCode.CRISIS).evidence}
    assert types == {EARLY_RECOVERY, "checkin"}


def test_saving_the_same_entry_again_adds_no_evidence(pat_on):
    save(pat_on, self_harm=True)
    save(pat_on, self_harm=True, anxiety=9)
    save(pat_on, self_harm=False)  # once said, it stays for the care team
    flag = Flag.objects.get(patient=pat_on, kind=FlagCode.CRISIS, cleared_at=None)
    assert len(flag.evidence) == 1


def test_the_page_shows_the_crisis_help_after_a_self_harm_answer(client, pat_on):
    client.force_login(pat_on)
    response = client.post(
        reverse("recovery:early_recovery"),
        {**{k: str(v) for k, v in CALM.items()}, "self_harm_thoughts": "yes"},
    )
    assert response.status_code == 302
    page = client.get(reverse("recovery:early_recovery")).content.decode()
    assert 'class="panel panel--urgent crisis"' in page


ANSWERS = st.lists(
    st.tuples(
        st.integers(0, 3),  # days after the first
        st.fixed_dictionaries({k: st.integers(0, 10) for k in CALM}),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=ANSWERS)
def test_the_crisis_flag_is_the_checkin_rule_on_every_entry(pat_on, answers):
    """For any entries (some edited), a crisis flag is open exactly when some
    answer said yes, as the check-in rule says for the same answer; its
    early-recovery evidence is those entries."""
    EarlyRecoveryEntry.objects.all().delete()
    Flag.objects.all().delete()
    start = datetime(2026, 5, 4, 12, tzinfo=UTC)
    said_yes = set()
    for offset, symptoms, self_harm in sorted(answers, key=lambda a: a[0]):
        with time_machine.travel(start + timedelta(days=offset), tick=False):
            entry, _ = save(pat_on, self_harm=self_harm, **symptoms)
            rule = early_warnings(
                [CheckInFacts("x", entry.day, 0, None, False, self_harm)], entry.day
            )
        assert (FlagCode.CRISIS in {f.code for f in rule}) == self_harm_crisis(
            self_harm
        )
        if self_harm:
            said_yes.add(str(entry.public_id))
    flag = Flag.objects.filter(
        patient=pat_on, kind=FlagCode.CRISIS, cleared_at=None
    ).first()
    assert (flag is not None) == bool(said_yes)
    if flag is not None:
        ids = {e["id"] for e in flag.evidence if e["type"] == EARLY_RECOVERY}
        assert ids == said_yes


# --- Its own consent kind, through care.policy ----------------------------------


def test_it_is_a_share_kind_of_its_own(pat_on, casey_in_program, program):
    assert "early_recovery" in SHARE_KINDS
    enrollment = enroll(pat_on, casey_in_program, program, ["checkins", "plan"])
    consent = Consent.objects.get(enrollment=enrollment)
    assert "early_recovery" not in consent.kinds
    with pytest.raises(PermissionDenied):
        selectors.early_recovery_entries_for(actor=casey_in_program, patient=pat_on)


def plan_page(client, clinician, enrollment):
    client.force_login(clinician)
    return client.get(reverse("clinic:plan", args=[enrollment.public_id]))


def test_the_care_team_sees_it_beside_the_withdrawal_phase_while_shared(
    client, pat_on, casey_in_program, program
):
    save(pat_on, anxiety=7)
    enrollment = enroll(pat_on, casey_in_program, program, ["early_recovery"])
    page = plan_page(client, casey_in_program, enrollment).content.decode()
    assert "chart-early-anxiety-title" in page
    assert_audited(
        action=AuditAction.EARLY_RECOVERY_VIEWED,
        actor=casey_in_program,
        patient=pat_on,
    )
    care_services.enrollment_sharing_update(
        actor=pat_on, enrollment=enrollment, sharing=[]
    )
    page = plan_page(client, casey_in_program, enrollment).content.decode()
    assert "chart-early-anxiety-title" not in page
    assert "is not shared with the care team" in page


def test_the_care_team_reads_self_harm_days_as_dates_under_the_phase_heading(
    client, pat_on, casey_in_program, program
):
    entry, _ = save(pat_on, self_harm=True)
    enrollment = enroll(pat_on, casey_in_program, program, ["early_recovery"])
    page = plan_page(client, casey_in_program, enrollment).content.decode()
    day = entry.day
    assert f"on: {day.day} {day:%b %Y}." in page
    assert day.isoformat() not in page
    # The phase is an h2, the daily set an h3, each of its charts an h4.
    assert '<h4 id="chart-early-anxiety-title">' in page


def test_a_removed_clinician_sees_none_of_it(
    client, pat_on, casey_in_program, program, admin_ada
):
    save(pat_on)
    enrollment = enroll(pat_on, casey_in_program, program, ["early_recovery"])
    membership = ProgramMembership.objects.get(
        program=program, clinician=casey_in_program, ended_at=None
    )
    membership.ended_at = clock.now()
    membership.save(update_fields=["ended_at"])
    with pytest.raises(PermissionDenied):
        selectors.early_recovery_entries_for(actor=casey_in_program, patient=pat_on)
    assert plan_page(client, casey_in_program, enrollment).status_code == 404


def test_another_patient_cannot_read_it(pat_on, patient_pia):
    save(pat_on)
    with pytest.raises(PermissionDenied):
        selectors.early_recovery_entries_for(actor=patient_pia, patient=pat_on)


def test_another_patients_plan_is_a_404(
    client, pat_on, patient_pia, casey_in_program, program
):
    enrollment = enroll(pat_on, casey_in_program, program, ["early_recovery"])
    client.force_login(patient_pia)
    response = client.get(reverse("clinic:plan", args=[enrollment.public_id]))
    assert response.status_code in (403, 404)


# --- My data and FHIR -------------------------------------------------------------


def test_it_is_in_my_data(pat_on):
    save(pat_on, craving=6)
    data = patient_data_export(actor=pat_on, patient=pat_on)
    assert data["early_recovery"]["turned_on"] is True
    [row] = data["early_recovery"]["entries"]
    assert row["craving"] == 6
    assert row["self_harm_thoughts"] is False


def test_the_fhir_observation_validates_and_uses_only_clearheads_codes(pat_on):
    entry, _ = save(pat_on, self_harm=True, low_mood=8)
    resource = fhir.early_recovery_observation(
        entry, str(pat_on.public_id), "https://clearhead.example.org"
    )
    Observation.model_validate(resource)
    codings = [resource["code"]["coding"][0]] + [
        c["code"]["coding"][0] for c in resource["component"]
    ]
    assert all(c["system"].endswith("/fhir/CodeSystem/early-recovery") for c in codings)
    values = {c["code"]["coding"][0]["code"]: c for c in resource["component"]}
    assert values["low_mood"]["valueInteger"] == 8
    assert values["self_harm_thoughts"]["valueBoolean"] is True


def _observation_ids(bundle) -> set[str]:
    return {
        e["resource"]["id"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }


def test_fhir_exports_include_it_for_the_patient_and_only_under_consent(
    pat_on, casey_in_program, program
):
    entry, _ = save(pat_on, self_harm=True)
    wanted = f"early-recovery-{entry.public_id}"
    assert wanted in _observation_ids(own_bundle(actor=pat_on))
    enrollment = enroll(pat_on, casey_in_program, program, ["checkin_summary"])
    bundle = patient_bundle(actor=casey_in_program, enrollment=enrollment)
    assert wanted not in _observation_ids(bundle)
    care_services.enrollment_sharing_update(
        actor=pat_on,
        enrollment=enrollment,
        sharing=["checkin_summary", "early_recovery"],
        signature="Pat",
    )
    bundle = patient_bundle(actor=casey_in_program, enrollment=enrollment)
    assert wanted in _observation_ids(bundle)
    # The crisis flag points at the entry it rests on.
    [flag] = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Flag"
    ]
    assert wanted in str(flag)


# --- Pages --------------------------------------------------------------------------


def test_the_page_turns_on_saves_and_charts(client, patient_pat):
    patient_pat.time_zone = "UTC"
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat, stop_date=clock.today_in("UTC") - timedelta(days=3)
    )
    client.force_login(patient_pat)
    url = reverse("recovery:early_recovery")
    page = client.get(url).content.decode()
    assert "Turn the daily set on" in page
    assert "How was today?" not in page
    client.post(reverse("recovery:early_recovery_turn"), {"on": "on"})
    page = client.get(url).content.decode()
    assert "How was today?" in page
    response = client.post(
        url, {**dict.fromkeys(CALM, "4"), "self_harm_thoughts": "no"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "answers (you can change them)" in page
    assert "chart-early-anxiety-title" in page
    assert "Reviewed 2 December 2026" in page


def test_a_bad_answer_is_a_form_error_not_a_500(client, pat_on):
    client.force_login(pat_on)
    response = client.post(
        reverse("recovery:early_recovery"), {"anxiety": "99", "self_harm_thoughts": "x"}
    )
    assert response.status_code == 200
    assert "Choose a number." in response.content.decode() or "errorlist" in (
        response.content.decode()
    )
    assert not EarlyRecoveryEntry.objects.exists()


def test_turning_needs_a_valid_value(client, pat_on):
    client.force_login(pat_on)
    response = client.post(reverse("recovery:early_recovery_turn"), {"on": "maybe"})
    assert response.status_code == 400


def test_the_home_page_leads_to_the_daily_set_while_it_is_offered_or_on(
    client, patient_pat
):
    patient_pat.time_zone = "UTC"
    patient_pat.save(update_fields=["time_zone"])
    profile = RecoveryProfile.objects.create(
        patient=patient_pat, stop_date=clock.today_in("UTC") - timedelta(days=5)
    )
    client.force_login(patient_pat)
    page = client.get(reverse("recovery:dashboard")).content.decode()
    assert "About the early-recovery daily set" in page
    services.early_recovery_turn(actor=patient_pat, on=True)
    page = client.get(reverse("recovery:dashboard")).content.decode()
    assert "Answer today's six questions" in page
    services.early_recovery_turn(actor=patient_pat, on=False)
    profile.stop_date = clock.today_in("UTC") - timedelta(
        days=EARLY_RECOVERY_WEEKS * 7 + 3
    )
    profile.save(update_fields=["stop_date"])
    page = client.get(reverse("recovery:dashboard")).content.decode()
    assert "early-recovery daily set" not in page.lower()
