"""The FHIR R4 export: every resource validates, codes are right, access is scoped."""

import json
from datetime import timedelta

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from clearhead.audit.actions import AuditAction
from clearhead.care import services as care_services
from clearhead.clinic import records
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.core.local_times import wall_time_of
from clearhead.recovery.models import RecoveryProfile
from clearhead.screening.journey import JourneyState
from clearhead.screening.services import screening_results_save
from clearhead.testing import assert_audited


def _wall(instant, enrollment) -> dict:
    """An appointment's wall time in its program's zone, at `instant`."""
    starts_on, start_time = wall_time_of(instant, enrollment.program.time_zone)
    return {"starts_on": starts_on, "start_time": start_time}


@pytest.fixture
def full_record(casey_in_program, program, patient_pat):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat,
        stop_date=clock.today_in("UTC") - timedelta(days=10),
    )
    enrollment = enroll(
        patient_pat, casey_in_program, program, sharing=["checkin_summary", "checkins"]
    )
    checkin(patient_pat, craving=7, sleep_hours=6.5, confidence=5)
    screening_results_save(
        actor=patient_pat, state=JourneyState({"gad7": [1] * 7})
    )  # self-taken, not shared
    records.intake_record(
        actor=casey_in_program,
        enrollment=enrollment,
        answers={
            "phq9": [0, 1, 2, 3, 0, 1, 2, 3, 1],
            "dsm5-ketamine": dict.fromkeys(
                [
                    "larger_amounts",
                    "cut_down",
                    "time_spent",
                    "craving",
                    "role_failure",
                    "social_problems",
                    "activities_given_up",
                    "hazardous_use",
                    "harm_despite_knowledge",
                    "tolerance",
                ],
                True,
            ),
            "level-of-care": {"medical": 3},
        },
    )
    records.plan_phase_save(
        actor=casey_in_program,
        enrollment=enrollment,
        kind="therapy",
        status="active",
        interventions=["cbt"],
    )
    records.plan_goal_add(
        actor=casey_in_program,
        enrollment=enrollment,
        kind="therapy",
        description="Stay stopped",
        objective="30 days without use",
        target_date=clock.today_in(program.time_zone) + timedelta(days=30),
    )
    records.appointment_save(
        actor=casey_in_program,
        enrollment=enrollment,
        kind="individual",
        **_wall(clock.now() + timedelta(days=1), enrollment),
    )
    records.drug_test_record(
        actor=casey_in_program,
        enrollment=enrollment,
        collected_on=clock.today_in(program.time_zone),
        specimen="urine",
        method="laboratory",
        results={"ketamine": "negative", "norketamine": "positive"},
    )
    return enrollment


def export(client, enrollment):
    return client.get(f"/api/v1/patients/{enrollment.patient.public_id}/fhir")


def test_the_bundle_and_every_resource_validate_as_fhir_r4(
    client, casey_in_program, full_record
):
    client.force_login(casey_in_program)
    response = export(client, full_record)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    data = json.loads(response.content)
    Bundle.model_validate(data)
    types = [entry["resource"]["resourceType"] for entry in data["entry"]]
    for entry in data["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(
            entry["resource"]
        )
        assert {
            "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
            "code": "SUD",
        } in entry["resource"]["meta"]["security"]
    assert data["type"] == "collection"
    assert {
        "Patient",
        "QuestionnaireResponse",
        "Observation",
        "CarePlan",
        "Goal",
        "Appointment",
    } <= set(types)
    assert_audited(
        action=AuditAction.FHIR_EXPORTED,
        actor=casey_in_program,
        patient=full_record.patient,
    )


def test_scores_carry_their_loinc_codes(client, casey_in_program, full_record):
    client.force_login(casey_in_program)
    resources = [
        e["resource"] for e in json.loads(export(client, full_record).content)["entry"]
    ]
    phq9 = next(
        r
        for r in resources
        if r["resourceType"] == "Observation"
        and r["code"].get("coding", [{}])[0].get("code") == "44261-6"
    )
    assert phq9["valueInteger"] == 13
    answers = next(
        r for r in resources if r.get("questionnaire") == "http://loinc.org/q/44249-1"
    )
    item9 = next(i for i in answers["item"] if i["linkId"] == "/44260-8")
    assert item9["answer"][0]["valueCoding"]["code"] == "LA6569-3"
    tests = [
        r
        for r in resources
        if r["resourceType"] == "Observation"
        and r["category"][0]["coding"][0]["code"] == "laboratory"
    ]
    assert sorted(t["interpretation"][0]["coding"][0]["code"] for t in tests) == [
        "NEG",
        "POS",
    ]


def test_only_what_the_patient_shares_is_exported(
    client, casey_in_program, full_record
):
    client.force_login(casey_in_program)
    resources = [
        e["resource"] for e in json.loads(export(client, full_record).content)["entry"]
    ]
    assert any(
        r["id"].startswith("checkin-") for r in resources
    )  # check-ins are shared
    assert not any(
        "70274-6" in json.dumps(r) for r in resources
    )  # the self-taken GAD-7 is not
    care_services.enrollment_sharing_update(
        actor=full_record.patient,
        enrollment=full_record,
        sharing=["checkin_summary"],
        signature="Pat",
    )
    resources = [
        e["resource"] for e in json.loads(export(client, full_record).content)["entry"]
    ]
    assert not any(r["id"].startswith("checkin-") for r in resources)


def test_the_export_is_404_outside_the_care_team(
    client, clinician_olive, clinician_oscar, patient_pia, full_record
):
    for outsider in (clinician_olive, clinician_oscar):
        client.force_login(outsider)
        assert export(client, full_record).status_code == 404
    client.force_login(patient_pia)
    assert export(client, full_record).status_code == 403
    client.logout()
    assert export(client, full_record).status_code == 401
    client.force_login(clinician_olive)
    assert client.get("/api/v1/patients/not-a-uuid/fhir").status_code == 404


def test_a_patient_downloads_their_whole_record_as_fhir(client, full_record):
    patient = full_record.patient
    client.force_login(patient)
    # The link made before the download moved to interop still leads to it.
    response = client.get("/recovery/my-data/?format=fhir", follow=True)
    assert response.redirect_chain == [("/recovery/my-data/fhir/", 302)]
    assert response["Content-Type"] == "application/fhir+json"
    data = json.loads(response.content)
    Bundle.model_validate(data)
    resources = [entry["resource"] for entry in data["entry"]]
    for resource in resources:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    # Their own entries, shared or not, and the program's records.
    assert any(r["id"].startswith("checkin-") for r in resources)
    assert any("70274-6" in json.dumps(r) for r in resources)  # self-taken GAD-7
    assert {"CarePlan", "Appointment"} <= {r["resourceType"] for r in resources}
    assert_audited(action=AuditAction.DATA_EXPORTED, actor=patient, patient=patient)
