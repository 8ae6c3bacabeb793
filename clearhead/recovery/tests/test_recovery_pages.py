"""The companion's pages: onboarding, the dashboard and the daily check-in."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from clearhead.audit.actions import AuditAction
from clearhead.care.time_zones import today_for
from clearhead.core import clock
from clearhead.recovery import services
from clearhead.recovery.models import (
    DailyCheckIn,
    MilestoneCelebration,
    RecoveryProfile,
)
from clearhead.screening.models import ScreeningResult
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

DASHBOARD = reverse("recovery:dashboard")
PROFILE = reverse("recovery:profile")
CHECKIN = reverse("recovery:checkin")


def onboard(patient, days_ago=10, time_zone="UTC", **extra):
    return services.recovery_profile_save(
        actor=patient,
        stop_date=clock.today_in(time_zone) - timedelta(days=days_ago),
        time_zone=time_zone,
        reasons="My kids. My bladder.",
        contacts=[{"name": "Sam", "relation": "brother", "phone": "555-0100"}],
        **extra,
    )


def checkin_form(**overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "craving": "3",
        "mood": "4",
        "used_ketamine": "no",
        "self_harm_thoughts": "no",
        "risky_situation": "no",
        "body_symptoms": "no",
    }
    return data | overrides


def test_a_first_checkin_asks_the_few_facts_then_comes_back(client, patient_pat):
    client.force_login(patient_pat)
    first = client.get(CHECKIN)["Location"]
    assert first == f"{PROFILE}?next={CHECKIN}"
    saved = client.post(
        first, {"stop_date": "2026-01-01", "time_zone": "America/Chicago"}
    )
    assert saved["Location"] == CHECKIN
    elsewhere = client.post(
        f"{PROFILE}?next=https://evil.example/",
        {"stop_date": "2026-01-01", "time_zone": "America/Chicago"},
    )
    assert elsewhere["Location"] == DASHBOARD


def test_onboarding_offers_the_programs_zone_first(
    client, patient_pat, casey_in_program, program
):
    from clearhead.clinic.tests.test_clinic import enroll

    program.time_zone = "America/Denver"
    program.save()
    enroll(patient_pat, casey_in_program, program)
    client.force_login(patient_pat)
    page = client.get(PROFILE).content.decode()
    assert '<option value="America/Denver" selected>' in page


def test_a_new_patient_is_sent_to_onboarding(client, patient_pat):
    client.force_login(patient_pat)
    assert client.get(DASHBOARD)["Location"] == PROFILE
    page = client.get(PROFILE).content.decode()
    assert "Let&#x27;s get you started" in page or "Let's get you started" in page


def test_onboarding_saves_the_answers_and_contacts(client, patient_pat):
    client.force_login(patient_pat)
    # Three days ago where the patient lives: they choose Chicago below.
    stop_date = clock.today_in("America/Chicago") - timedelta(days=3)
    response = client.post(
        PROFILE,
        {
            "stop_date": stop_date.isoformat(),
            "reasons": "To feel well again",
            "usual_triggers": ["stress", "people"],
            "reminder_time": "20:30",
            "time_zone": "America/Chicago",
            "weekly_spend": "70",
            "contact_1_name": "Alex",
            "contact_1_relation": "sponsor",
            "contact_1_phone": "555-0199",
        },
    )
    assert response["Location"] == DASHBOARD
    profile = patient_pat.recovery_profile
    assert profile.usual_triggers == ["stress", "people"]
    patient_pat.refresh_from_db()
    assert patient_pat.time_zone == "America/Chicago"  # the account's zone
    assert [c.name for c in profile.contacts.all()] == ["Alex"]
    assert_audited(
        action=AuditAction.RECOVERY_PROFILE_SAVED,
        actor=patient_pat,
        patient=patient_pat,
    )
    page = client.get(DASHBOARD).content.decode()
    assert 'href="tel:555-0199"' in page
    assert "$30.00" in page  # 70 a week is 10 a day, for three days


def test_a_contact_needs_a_phone_number(client, patient_pat):
    client.force_login(patient_pat)
    response = client.post(
        PROFILE, {"stop_date": "2026-01-01", "time_zone": "UTC", "contact_2_name": "Jo"}
    )
    assert "Add a phone number, or remove the name." in response.content.decode()


def test_the_dashboard_shows_sober_days_and_celebrates_a_milestone_once(
    client, patient_pat
):
    onboard(patient_pat, days_ago=7)
    client.force_login(patient_pat)
    page = client.get(DASHBOARD).content.decode()
    assert '<p class="big-number">7</p>' in page
    assert "7 days!" in page
    assert MilestoneCelebration.objects.filter(patient=patient_pat, days=7).exists()
    assert "7 days!" not in client.get(DASHBOARD).content.decode()
    assert_audited(
        action=AuditAction.CHECKINS_VIEWED, actor=patient_pat, patient=patient_pat
    )


def test_a_milestone_first_seen_after_its_day_is_passed_not_reached(
    client, patient_pat
):
    # The app was not opened on day 14: on day 20 the note says so, next
    # to the counter's own 20, never "14 days! You reached a milestone".
    onboard(patient_pat, days_ago=20)
    client.force_login(patient_pat)
    page = strip_tags(client.get(DASHBOARD).content.decode())
    assert "You passed 14 days" in page
    assert "You are at 20 days now." in page
    assert "14 days!" not in page
    assert "reached a milestone" not in page
    assert "Next milestone: 30 days" in page


def test_the_first_milestone_is_one_day_and_a_stop_date_next_year_names_its_year(
    client, patient_pat
):
    onboard(patient_pat, days_ago=0)
    client.force_login(patient_pat)
    page = strip_tags(client.get(DASHBOARD).content.decode())
    assert "Next milestone: 1 day" in page
    assert "Next milestone: 1 days" not in page
    later = clock.today_in("UTC").replace(month=7, day=15)
    later = later.replace(year=later.year + 1)
    onboard(patient_pat, days_ago=(clock.today_in("UTC") - later).days)
    page = client.get(DASHBOARD).content.decode()
    assert f"until your stop date (15 July {later.year})" in page


def test_a_checkin_from_the_form_is_stored_once_even_if_sent_twice(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    data = checkin_form(triggers=["boredom"], coping=["breathing"])
    first = client.post(CHECKIN, data)["Location"]
    # The second copy lands where the first did, and handing back the stored
    # check-in is on the record (an action the page declares).
    assert client.post(CHECKIN, data)["Location"] == first
    checkin = DailyCheckIn.objects.get()
    assert first == reverse("recovery:checkin_result", args=[checkin.public_id])
    assert checkin.triggers == ["boredom"]
    assert checkin.day == today_for(patient_pat)
    assert_audited(
        action=AuditAction.CHECKINS_VIEWED,
        actor=patient_pat,
        patient=patient_pat,
        subject=checkin,
    )


def test_a_missing_answer_keeps_the_form_with_a_message(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    response = client.post(CHECKIN, checkin_form(craving=""))
    assert "Choose a number." in response.content.decode()
    assert not DailyCheckIn.objects.exists()


def test_a_lapse_resets_the_count_and_is_met_with_support(client, patient_pat):
    onboard(patient_pat, days_ago=20)
    client.force_login(patient_pat)
    client.post(CHECKIN, checkin_form(used_ketamine="yes"))
    page = client.get(DASHBOARD).content.decode()
    assert '<p class="big-number">0</p>' in page
    assert "Longest run: <strong>20 days</strong>" in page
    assert "A lapse does not wipe out the work you have done" in page
    assert "stepping care up" in page.lower()
    assert "You used ketamine this week" in page


def test_thoughts_of_self_harm_show_the_crisis_lines_at_once(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    page = client.post(
        CHECKIN, checkin_form(self_harm_thoughts="yes"), follow=True
    ).content.decode()
    assert page.index("You do not have to face this alone") < page.index("<h1>")
    assert 'href="tel:988"' in page
    assert 'href="tel:555-0100"' in page  # their own people too


def test_body_symptoms_lead_to_the_bladder_check_and_its_advice(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    response = client.post(CHECKIN, checkin_form(body_symptoms="yes"))
    checkin = DailyCheckIn.objects.get()
    assert response["Location"] == reverse(
        "recovery:checkin_body", args=[checkin.public_id]
    )
    page = client.post(
        response["Location"], {"symptoms": ["blood_in_urine"]}
    ).content.decode()
    assert "See a doctor today" in page
    checkin.refresh_from_db()
    assert checkin.body_advice == "urgent"
    assert (
        ScreeningResult.objects.get(patient=patient_pat).instrument_id
        == "bladder-check"
    )
    assert (
        "Your body check needs a doctor soon" in client.get(DASHBOARD).content.decode()
    )


def test_another_patients_checkin_is_not_found(client, patient_pat, patient_pia):
    onboard(patient_pat)
    checkin, _ = services.checkin_create(
        actor=patient_pat,
        client_id=uuid.uuid4(),
        data={
            "day": today_for(patient_pat),
            "craving": 1,
            "mood": 3,
            "used_ketamine": False,
            "self_harm_thoughts": False,
        },
    )
    onboard(patient_pia)
    client.force_login(patient_pia)
    assert (
        client.get(
            reverse("recovery:checkin_body", args=[checkin.public_id])
        ).status_code
        == 404
    )
    assert (
        "555-0100" in client.get(DASHBOARD).content.decode()
    )  # Pia's own contact only
    assert "My kids" in client.get(DASHBOARD).content.decode()


@pytest.mark.parametrize("url", [DASHBOARD, PROFILE, CHECKIN])
def test_only_patients_reach_the_companion(client, clinician_casey, supporter_sam, url):
    for user in (clinician_casey, supporter_sam):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_patient_has_one_menu_holding_both_and_others_keep_the_nav_row(
    client, patient_pat, clinician_casey
):
    onboard(patient_pat)
    client.force_login(patient_pat)
    page = client.get(reverse("core:home")).content.decode()
    # On every page, not only the companion's: one "Menu" with both menus.
    assert page.count('<details class="wrap disclosure site-menu">') == 1
    menu = page.split('class="wrap disclosure site-menu"')[1].split("</details>")[0]
    assert 'aria-label="Main"' in menu
    assert 'aria-label="My recovery"' in menu
    assert page.count('aria-label="My recovery"') == 1
    client.force_login(clinician_casey)
    page = client.get(reverse("core:home")).content.decode()
    assert "site-menu" not in page
    assert '<nav class="wrap site-nav" aria-label="Main">' in page
    client.logout()
    page = client.get(reverse("core:home")).content.decode()
    assert "site-menu" not in page
    assert "Get help now" in page


@pytest.mark.parametrize("calendar_end", [False, True])
def test_a_stop_day_years_ahead_is_a_form_error_not_a_broken_home(
    client, patient_pat, calendar_end
):
    today = clock.today_in("America/Chicago")
    far = date(9999, 12, 1) if calendar_end else today + timedelta(days=3 * 365)
    client.force_login(patient_pat)
    response = client.post(
        PROFILE, {"stop_date": far.isoformat(), "time_zone": "America/Chicago"}
    )
    assert response.status_code == 200
    assert "Choose a day within the next two years" in response.content.decode()
    assert not RecoveryProfile.objects.filter(patient=patient_pat).exists()
    within = today + timedelta(days=700)
    client.post(
        PROFILE, {"stop_date": within.isoformat(), "time_zone": "America/Chicago"}
    )
    assert RecoveryProfile.objects.get(patient=patient_pat).stop_date == within
    assert client.get(DASHBOARD).status_code == 200
