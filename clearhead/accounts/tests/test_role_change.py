"""A patient becomes a supporter (or the other way round) before any health data.

The one question "has this account any health data?" is asked of every app
through Django's app registry (`selectors.user_has_health_data`), so a table
added later counts without anyone remembering to list it.
"""

import uuid

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts import selectors, services
from clearhead.accounts.models import Role, User
from clearhead.accounts.selectors import ACCOUNT_ONLY_TABLES
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.audit.services import audit_record
from clearhead.care.time_zones import today_for
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.flags import services as flag_services
from clearhead.recovery import services as recovery_services
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.sharing import services as sharing_services
from clearhead.testing import assert_audited

SWITCH = reverse("accounts:role_switch")
OFFER_TO_SUPPORT = "I'm here to support someone else — change my account"
OFFER_FOR_MYSELF = "I'm here for my own recovery — change my account"


def _relations() -> set[str]:
    return {
        f"{model._meta.label}.{name}"
        for model, name in selectors.health_data_relations()
    }


# --- The one selector -------------------------------------------------------


def test_every_app_that_holds_patient_data_is_asked():
    found = _relations()
    for relation in (
        "recovery.RecoveryProfile.patient",
        "recovery.DailyCheckIn.patient",
        "recovery.RelapsePreventionPlan.patient",
        "recovery.ThoughtRecord.patient",
        "screening.ScreeningResult.patient",
        "care.Consent.patient",
        "care.SupporterLink.patient",
        "care.SupporterLink.supporter",
        "care.Enrollment.patient",
        "care.Enrollment.care_team",
        "flags.Flag.patient",
        "breakglass.EmergencyAccess.patient",
    ):
        assert relation in found
    # The account's own machinery is not health data.
    assert not any(
        relation.startswith(tuple(f"{label}." for label in ACCOUNT_ONLY_TABLES))
        for relation in found
    )


def test_every_table_named_as_account_only_exists():
    labels = {model._meta.label for model in apps.get_models()}
    assert labels >= ACCOUNT_ONLY_TABLES


@isolate_apps("clearhead.recovery")
def test_a_table_added_later_counts_without_being_listed(monkeypatch):
    class MoodDiary(models.Model):
        patient = models.ForeignKey(User, on_delete=models.CASCADE)

        class Meta:
            app_label = "recovery"

        def __str__(self) -> str:
            return "a mood diary"

    monkeypatch.setattr(selectors.apps, "get_models", lambda: [MoodDiary])
    assert selectors.health_data_relations() == [(MoodDiary, "patient")]


def _profile(patient):
    onboard(patient, days_ago=3)


def _checkin(patient):
    _profile(patient)
    recovery_services.checkin_create(
        actor=patient,
        client_id=uuid.uuid4(),
        data={
            "day": today_for(patient),
            "craving": 2,
            "mood": 3,
            "used_ketamine": False,
            "self_harm_thoughts": False,
        },
    )


def _supporter_code(patient):
    sharing_services.supporter_invite(actor=patient, relation="mum")


def _flag(patient):
    flag_services.screening_crisis_raise(
        patient=patient, result_id=uuid.uuid4(), day=today_for(patient)
    )


@pytest.mark.parametrize(
    "make_data",
    [_profile, _checkin, _supporter_code, _flag],
    ids=["onboarding answers", "a check-in", "a supporter code", "a flag"],
)
def test_any_health_data_closes_the_change(patient_pat, make_data):
    assert selectors.role_change_allowed(patient_pat)
    make_data(patient_pat)
    assert selectors.user_has_health_data(patient_pat)
    assert not selectors.role_change_allowed(patient_pat)


def test_joining_a_care_team_closes_the_change(patient_pat, casey_in_program, program):
    enroll(patient_pat, casey_in_program, program)
    assert not selectors.role_change_allowed(patient_pat)


def test_the_account_machinery_is_not_health_data(patient_pat):
    services.api_token_create(actor=patient_pat, name="phone")
    TOTPDevice.objects.create(user=patient_pat, name="app", confirmed=False)
    audit_record(
        actor=patient_pat, action=AuditAction.ACCOUNT_VIEWED, patient=patient_pat
    )
    assert AuditEvent.objects.filter(patient=patient_pat).exists()
    assert not selectors.user_has_health_data(patient_pat)


def test_a_supporter_may_change_until_linked_with_someone(patient_pat, supporter_sam):
    assert selectors.role_change_allowed(supporter_sam)
    _, code = sharing_services.supporter_invite(actor=patient_pat, relation="mum")
    sharing_services.supporter_accept(actor=supporter_sam, code=code)
    assert not selectors.role_change_allowed(supporter_sam)


def test_staff_never_change_their_own_role(clinician_casey, admin_ada):
    for person in (clinician_casey, admin_ada):
        assert not selectors.role_change_allowed(person)
        with pytest.raises(PermissionDenied):
            services.user_role_switch(actor=person, role=Role.SUPPORTER)


# --- The service ----------------------------------------------------------


def test_a_new_patient_becomes_a_supporter_and_it_is_audited(patient_pat):
    services.user_role_switch(actor=patient_pat, role=Role.SUPPORTER)
    assert User.objects.get(pk=patient_pat.pk).role == Role.SUPPORTER
    event = assert_audited(
        action=AuditAction.ROLE_CHANGED, actor=patient_pat, subject=patient_pat
    )
    assert event.extra == {"from": "patient", "to": "supporter"}
    assert event.patient is None


def test_a_new_supporter_becomes_a_patient(supporter_sam):
    services.user_role_switch(actor=supporter_sam, role=Role.PATIENT)
    assert User.objects.get(pk=supporter_sam.pk).role == Role.PATIENT


def test_the_change_is_refused_once_there_is_health_data(patient_pat):
    _checkin(patient_pat)
    with pytest.raises(ValidationError) as refusal:
        services.user_role_switch(actor=patient_pat, role=Role.SUPPORTER)
    assert refusal.value.messages == [services.ROLE_LOCKED]
    assert User.objects.get(pk=patient_pat.pk).role == Role.PATIENT
    assert not AuditEvent.objects.filter(action=AuditAction.ROLE_CHANGED).exists()


def test_a_switch_sent_twice_changes_nothing_the_second_time(patient_pat):
    stale = User.objects.get(pk=patient_pat.pk)
    services.user_role_switch(actor=patient_pat, role=Role.SUPPORTER)
    services.user_role_switch(actor=stale, role=Role.SUPPORTER)
    assert User.objects.get(pk=patient_pat.pk).role == Role.SUPPORTER
    assert AuditEvent.objects.filter(action=AuditAction.ROLE_CHANGED).count() == 1


def test_only_the_two_self_chosen_roles_can_be_asked_for(patient_pat):
    for role in (Role.CLINICIAN, Role.ADMIN, "nonsense"):
        with pytest.raises(PermissionDenied):
            services.user_role_switch(actor=patient_pat, role=role)
    assert User.objects.get(pk=patient_pat.pk).role == Role.PATIENT


# --- The pages ------------------------------------------------------------


def test_a_new_patient_is_offered_the_change_on_onboarding_and_settings(
    client, patient_pat
):
    client.force_login(patient_pat)
    onboarding = client.get(reverse("recovery:profile")).content.decode()
    assert OFFER_TO_SUPPORT in onboarding
    assert f'href="{SWITCH}"' in onboarding
    assert OFFER_TO_SUPPORT in client.get(reverse("accounts:settings")).content.decode()


def test_the_offer_is_gone_once_there_is_health_data(client, patient_pat):
    _checkin(patient_pat)
    client.force_login(patient_pat)
    assert (
        OFFER_TO_SUPPORT
        not in client.get(reverse("accounts:settings")).content.decode()
    )
    page = client.get(SWITCH).content.decode()
    assert "cannot change to another type of account" in page
    assert 'name="role"' not in page


def test_the_page_changes_a_new_patient_into_a_supporter(client, patient_pat):
    client.force_login(patient_pat)
    page = client.get(SWITCH).content.decode()
    assert "Make this a supporter account" in page
    response = client.post(SWITCH, {"role": "supporter"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("sharing:supporter_home")
    assert "This is now a supporter account" in response.content.decode()
    assert User.objects.get(pk=patient_pat.pk).is_supporter


def test_a_supporter_with_no_one_linked_is_offered_the_other_way(client, supporter_sam):
    client.force_login(supporter_sam)
    home = client.get(reverse("sharing:supporter_home")).content.decode()
    assert OFFER_FOR_MYSELF in home
    client.post(SWITCH, {"role": "patient"})
    assert User.objects.get(pk=supporter_sam.pk).is_patient


def test_the_page_refuses_the_change_in_words_after_a_check_in(client, patient_pat):
    client.force_login(patient_pat)
    _checkin(patient_pat)
    response = client.post(SWITCH, {"role": "supporter"})
    assert response.status_code == 400
    assert "cannot change to another type of account" in response.content.decode()
    assert User.objects.get(pk=patient_pat.pk).is_patient


def test_a_bad_answer_is_a_clear_message_not_an_error_page(client, patient_pat):
    client.force_login(patient_pat)
    for data in ({}, {"role": "clinician"}):
        response = client.post(SWITCH, data)
        assert response.status_code == 400
        assert "Choose which account you want." in response.content.decode()
    assert User.objects.get(pk=patient_pat.pk).is_patient


def test_a_patient_on_the_supporter_page_is_told_why_and_offered_the_change(
    client, patient_pat
):
    client.force_login(patient_pat)
    response = client.get(reverse("sharing:supporter_home"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page is for supporter accounts" in page
    assert OFFER_TO_SUPPORT in page
    onboard(patient_pat)
    page = client.get(reverse("sharing:supporter_home")).content.decode()
    assert OFFER_TO_SUPPORT not in page


def test_one_query_answers_for_every_app(patient_pat, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.user_has_health_data(patient_pat)


def test_the_change_takes_effect_on_the_next_page(client, patient_pat):
    client.force_login(patient_pat)
    client.post(SWITCH, {"role": "supporter"})
    assert client.get(reverse("recovery:dashboard")).status_code == 403
    assert client.get(reverse("sharing:supporter_home")).status_code == 200
