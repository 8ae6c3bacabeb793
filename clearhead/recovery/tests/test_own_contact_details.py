"""The patient's own phone number and best time to call, on their profile."""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clearhead.core import clock
from clearhead.recovery import services
from clearhead.recovery.models import RecoveryProfile

pytestmark = pytest.mark.clock

PROFILE = reverse("recovery:profile")


def _form(**extra) -> dict:
    stop = clock.today_in("America/Chicago") - timedelta(days=3)
    return {"stop_date": stop.isoformat(), "time_zone": "America/Chicago"} | extra


def test_the_patient_adds_a_number_and_sees_it_written_the_usual_way(
    client, patient_pat
):
    client.force_login(patient_pat)
    page = client.get(PROFILE).content.decode()
    assert "How your care team can reach you" in page
    assert re.search(r'<input type="tel" name="phone"[^>]*autocomplete="tel"', page)
    response = client.post(
        PROFILE,
        _form(phone="312.555.0142", best_time_to_call=" Weekday evenings after 6 "),
    )
    assert response.status_code == 302
    profile = patient_pat.recovery_profile
    assert (profile.phone, profile.best_time_to_call) == (
        "+13125550142",
        "Weekday evenings after 6",
    )
    page = client.get(PROFILE).content.decode()
    assert 'value="(312) 555-0142"' in page
    assert 'value="Weekday evenings after 6"' in page


def test_both_are_optional_and_can_be_removed(client, patient_pat):
    client.force_login(patient_pat)
    client.post(PROFILE, _form(phone="(312) 555-0142", best_time_to_call="Noon"))
    client.post(PROFILE, _form())
    profile = patient_pat.recovery_profile
    assert (profile.phone, profile.best_time_to_call) == ("", "")


def test_a_number_that_cannot_be_dialled_is_a_form_error_and_nothing_is_saved(
    client, patient_pat
):
    client.force_login(patient_pat)
    response = client.post(PROFILE, _form(phone="call me maybe"))
    assert response.status_code == 200
    assert "Enter a phone number we can call, for example (312) 555-0142." in (
        response.content.decode()
    )
    assert not RecoveryProfile.objects.filter(patient=patient_pat).exists()


def test_the_service_refuses_a_bad_number_or_a_long_best_time(patient_pat):
    stop = clock.today_in("UTC")
    with pytest.raises(ValidationError) as caught:
        services.recovery_profile_save(
            actor=patient_pat, stop_date=stop, time_zone="UTC", phone="12"
        )
    assert list(caught.value.error_dict) == ["phone"]
    with pytest.raises(ValidationError) as caught:
        services.recovery_profile_save(
            actor=patient_pat,
            stop_date=stop,
            time_zone="UTC",
            best_time_to_call="x" * 101,
        )
    assert list(caught.value.error_dict) == ["best_time_to_call"]


def test_the_patients_download_of_their_data_includes_both(client, patient_pat):
    services.recovery_profile_save(
        actor=patient_pat,
        stop_date=clock.today_in("UTC"),
        time_zone="UTC",
        phone="(312) 555-0142",
        best_time_to_call="Mornings",
    )
    client.force_login(patient_pat)
    response = client.get(reverse("recovery:my_data"), {"format": "json"})
    profile = json.loads(response.content)["profile"]
    assert (profile["phone"], profile["best_time_to_call"]) == (
        "+13125550142",
        "Mornings",
    )
