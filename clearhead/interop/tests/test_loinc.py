"""LOINC codings carry LOINC's own display text (interop.loinc) or none."""

import json

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from clearhead.clinic.tests.test_clinic import checkin
from clearhead.interop import loinc
from clearhead.interop.tests.test_fhir_export import full_record  # noqa: F401
from clearhead.screening.instruments import INSTRUMENTS
from clearhead.screening.journey import JourneyState
from clearhead.screening.services import screening_results_save


def test_every_code_is_well_formed_with_its_check_digit():
    for code, name in loinc.NAMES.items():
        assert loinc.is_well_formed(code), code
        assert name is None or (name.strip() == name and name), code


@pytest.mark.parametrize(
    ("number", "digit"),
    [("44261", 6), ("70274", 6), ("44249", 1), ("69737", 5), ("12345", 5)],
)
def test_the_mod_10_check_digit(number, digit):
    assert loinc.check_digit(number) == digit


@pytest.mark.parametrize("code", ["44261-5", "44261", "4426-16", "LA6568", "X1-1"])
def test_a_wrong_check_digit_or_form_is_refused(code):
    assert not loinc.is_well_formed(code)


def test_every_loinc_code_an_instrument_carries_is_in_the_table():
    used = set()
    for instrument in INSTRUMENTS.values():
        used |= {instrument.loinc_panel, instrument.loinc_total}
        for item in (*instrument.items, *instrument.extra_items):
            used.add(item.loinc)
            used |= {option.loinc for option in item.options}
        used |= {option.loinc for option in instrument.options}
    used.discard("")
    assert used <= set(loinc.NAMES), used - set(loinc.NAMES)


def test_the_issue_s_two_totals_carry_loinc_s_names():
    assert loinc.coding("44261-6")["display"] == (
        "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
    )
    assert loinc.coding("70274-6")["display"] == (
        "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
    )
    assert "display" not in loinc.coding("44250-9")  # not verified: no display


def _loinc_codings(node) -> list[dict]:
    found = []
    if isinstance(node, dict):
        if node.get("system") == loinc.SYSTEM:
            found.append(node)
        for value in node.values():
            found += _loinc_codings(value)
    elif isinstance(node, list):
        for value in node:
            found += _loinc_codings(value)
    return found


def _valid_bundle(response) -> dict:
    assert response.status_code == 200
    data = json.loads(response.content)
    Bundle.model_validate(data)
    for entry in data["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return data


def test_every_loinc_coding_in_every_export_has_loinc_s_display_or_none(
    client,
    casey_in_program,
    full_record,  # noqa: F811
):
    patient = full_record.patient
    # More kinds of data: a self-taken PHQ-9 too, and a check-in that flags.
    screening_results_save(
        actor=patient, state=JourneyState({"phq9": [1, 2, 3, 0, 1, 2, 3, 0, 2]})
    )
    checkin(patient, self_harm_thoughts=True)
    client.force_login(casey_in_program)
    care_team = _valid_bundle(client.get(f"/api/v1/patients/{patient.public_id}/fhir"))
    client.force_login(patient)
    own = _valid_bundle(client.get("/recovery/my-data/fhir/"))
    for data in (care_team, own):
        codings = _loinc_codings(data)
        assert codings
        for coding in codings:
            assert coding["code"] in loinc.NAMES, coding
            assert coding.get("display") == loinc.display(coding["code"]), coding
        codes = {coding["code"] for coding in codings}
        assert {"44261-6", "LA6568-5"} <= codes
        assert "Mood check" not in json.dumps(codings)
    assert "70274-6" in {c["code"] for c in _loinc_codings(own)}  # self-taken GAD-7
    assert {r["resource"]["resourceType"] for r in own["entry"]} >= {
        "Flag",
        "QuestionnaireResponse",
        "Observation",
        "CarePlan",
        "Goal",
        "Appointment",
    }
