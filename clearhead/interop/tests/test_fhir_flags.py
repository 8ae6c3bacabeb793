"""Flags export as FHIR R4 Flag resources pointing at their Observations."""

import json
from dataclasses import replace

import pytest
from django.utils.translation import gettext_lazy
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.flag import Flag as FhirFlag

from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.flags import definitions
from clearhead.flags import services as flag_services
from clearhead.flags.definitions import FlagCode, flag_kind
from clearhead.flags.models import Flag

pytestmark = pytest.mark.clock

FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail"


def bundle_of(client, user, url) -> dict:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    data = json.loads(response.content)
    Bundle.model_validate(data)
    return data


def flags_in(data) -> list[dict]:
    return [
        e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Flag"
    ]


@pytest.fixture
def pat_in_crisis(patient_pat, casey_in_program, program):
    enrollment = enroll(
        patient_pat, casey_in_program, program, sharing=["checkin_summary", "checkins"]
    )
    harm = checkin(patient_pat, self_harm_thoughts=True)
    return enrollment, harm


def test_a_crisis_flag_exports_as_a_valid_flag_pointing_at_its_checkin(
    client, casey_in_program, pat_in_crisis
):
    enrollment, harm = pat_in_crisis
    data = bundle_of(
        client,
        casey_in_program,
        f"/api/v1/patients/{enrollment.patient.public_id}/fhir",
    )
    [crisis] = [f for f in flags_in(data) if f["code"]["coding"][0]["code"] == "crisis"]
    FhirFlag.model_validate(crisis)
    assert crisis["status"] == "active"
    assert crisis["category"][0]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/flag-category",
        "code": "clinical",
        "display": "Clinical",
    }
    assert crisis["code"]["coding"][0]["display"] == "Crisis"
    assert crisis["subject"] == {"reference": f"Patient/{enrollment.patient.public_id}"}
    stored = Flag.objects.get(kind="crisis")
    assert crisis["period"] == {"start": stored.since.isoformat()}
    details = [x for x in crisis["extension"] if x["url"] == FLAG_DETAIL]
    assert [d["valueReference"]["reference"] for d in details] == [
        f"Observation/checkin-{harm.public_id}"
    ]


def test_every_flag_detail_reference_resolves_inside_the_bundle(
    client, casey_in_program, pat_in_crisis, patient_pat
):
    checkin(patient_pat, days_ago=1, craving=9)
    checkin(patient_pat, days_ago=2, craving=8)
    for user, url in (
        (casey_in_program, f"/api/v1/patients/{patient_pat.public_id}/fhir"),
        (patient_pat, "/recovery/my-data/fhir/"),
    ):
        data = bundle_of(client, user, url)
        full_urls = {e["fullUrl"] for e in data["entry"]}
        base = data["entry"][0]["fullUrl"].rsplit("/Patient/", 1)[0]
        flags = flags_in(data)
        assert flags
        references = [
            x["valueReference"]["reference"]
            for f in flags
            for x in f.get("extension", [])
            if x["url"] == FLAG_DETAIL
        ]
        assert references
        for reference in references:
            assert f"{base}/{reference}" in full_urls


def test_a_cleared_flag_is_inactive_with_an_end_and_unshared_evidence_is_not_pointed_at(
    client, casey_in_program, program, patient_pat
):
    enroll(patient_pat, casey_in_program, program, sharing=["checkin_summary"])
    checkin(patient_pat, self_harm_thoughts=True)
    crisis = Flag.objects.get(kind="crisis")
    flag_services.flag_review(actor=casey_in_program, flag=crisis)
    Flag.objects.filter(pk=crisis.pk).update(cleared_at=crisis.raised_at)
    data = bundle_of(
        client, casey_in_program, f"/api/v1/patients/{patient_pat.public_id}/fhir"
    )
    [exported] = [f for f in flags_in(data) if f["id"] == f"flag-{crisis.public_id}"]
    FhirFlag.model_validate(exported)
    assert exported["status"] == "inactive"
    assert exported["period"]["end"]
    # Check-ins themselves are not shared: no Observation, so no reference.
    assert "extension" not in exported


def test_a_flag_is_named_in_english_whatever_the_readers_language(
    client, casey_in_program, pat_in_crisis, monkeypatch
):
    """FHIR output never changes with the reader's language: the API is
    served in Spanish to a Spanish browser, the export stays English."""
    enrollment, _ = pat_in_crisis
    # A flag name the Spanish catalogue translates (the site's "Quick exit").
    monkeypatch.setitem(
        definitions.FLAG_KINDS_BY_CODE,
        FlagCode.CRISIS,
        replace(flag_kind(FlagCode.CRISIS), clinician_label=gettext_lazy("Quick exit")),
    )
    client.force_login(casey_in_program)
    response = client.get(
        f"/api/v1/patients/{enrollment.patient.public_id}/fhir",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response["Content-Language"] == "es"
    [crisis] = [
        f
        for f in flags_in(json.loads(response.content))
        if f["code"]["coding"][0]["code"] == "crisis"
    ]
    assert crisis["code"]["coding"][0]["display"] == "Quick exit"
    assert crisis["code"]["text"] == "Quick exit"
