"""The patient's phone in FHIR exports: only where they share it."""

import json
from datetime import timedelta

import pytest
from fhir.resources.R4B.patient import Patient

from clearhead.care import services as care_services
from clearhead.clinic.tests.test_clinic import ALL_SHARED, enroll
from clearhead.core import clock
from clearhead.recovery import services as recovery_services

pytestmark = pytest.mark.clock


@pytest.fixture
def pat_with_phone(casey_in_program, program, patient_pat):
    recovery_services.recovery_profile_save(
        actor=patient_pat,
        stop_date=clock.today_in("UTC") - timedelta(days=3),
        time_zone="UTC",
        phone="(312) 555-0142",
    )
    return enroll(
        patient_pat, casey_in_program, program, sharing=[*ALL_SHARED, "contact_details"]
    )


def _patient(response) -> dict:
    assert response.status_code == 200
    entries = json.loads(response.content)["entry"]
    found = next(
        e["resource"] for e in entries if e["resource"]["resourceType"] == "Patient"
    )
    Patient.model_validate(found)
    return found


def test_the_care_team_export_carries_the_phone_only_while_shared(
    client, casey_in_program, patient_pat, pat_with_phone
):
    client.force_login(casey_in_program)
    url = f"/api/v1/patients/{patient_pat.public_id}/fhir"
    assert _patient(client.get(url))["telecom"] == [
        {"system": "phone", "value": "+13125550142"}
    ]
    care_services.enrollment_sharing_update(
        actor=patient_pat,
        enrollment=pat_with_phone,
        sharing=ALL_SHARED,
        signature="Pat",
    )
    exported = _patient(client.get(url))
    assert "telecom" not in exported
    # The number itself: a random id may hold "555".
    assert "5550142" not in json.dumps(exported)


def test_the_patients_own_download_carries_their_phone(
    client, patient_pat, pat_with_phone
):
    client.force_login(patient_pat)
    assert _patient(client.get("/recovery/my-data/fhir/"))["telecom"] == [
        {"system": "phone", "value": "+13125550142"}
    ]
