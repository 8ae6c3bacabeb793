"""The safety plan: the steps, the patient's pages, writing it with the care team
under its own consent kind, the offer beside crisis help, "my data" and FHIR."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from hypothesis import given
from hypothesis import strategies as st

from clearhead.audit.actions import AuditAction
from clearhead.care import services as care_services
from clearhead.care.models import SHARE_KINDS, Consent, ProgramMembership
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.core import clock
from clearhead.interop import fhir
from clearhead.interop.export import own_bundle, patient_bundle
from clearhead.recovery import selectors, services
from clearhead.recovery.export import patient_data_export
from clearhead.recovery.models import SafetyPlan
from clearhead.recovery.tests.test_checkin_result import check_in
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.safety import safety_plan
from clearhead.safety.helplines import help_lines_for
from clearhead.safety.safety_plan_form import SafetyPlanForm
from clearhead.screening.tests.test_journey_views import PHQ9_ITEM9, walk
from clearhead.testing import assert_audited

BASE = "https://clearhead.example.org"
PLAN = {
    "warning_signs": ["I stop answering messages"],
    "coping_alone": ["A cold shower", "Breathing for two minutes"],
    "people_to_ask": ["Jo 555-0100"],
    "reasons_for_living": ["My daughter"],
}


def write(patient, items=None):
    return services.safety_plan_save(
        actor=patient, patient=patient, items=PLAN if items is None else items
    )


# --- The steps (safety.safety_plan) ---------------------------------------------


def test_the_six_steps_and_reasons_for_living_in_order():
    assert safety_plan.STEP_KEYS == (
        "warning_signs",
        "coping_alone",
        "distractions",
        "people_to_ask",
        "professionals",
        "safer_surroundings",
        "reasons_for_living",
    )
    assert [s.number for s in safety_plan.STEPS] == list(range(1, 8))
    # Only the professionals step lists the region's crisis lines.
    assert [s.key for s in safety_plan.STEPS if s.shows_help_lines] == ["professionals"]
    for step in safety_plan.STEPS:
        assert str(step.title)
        assert str(step.prompt)
        assert str(step.examples).startswith("For example")


@given(
    st.dictionaries(
        st.sampled_from(safety_plan.STEP_KEYS),
        st.lists(
            st.text(max_size=safety_plan.ITEM_MAX), max_size=safety_plan.ITEMS_MAX
        ),
    )
)
def test_cleaning_keeps_every_step_in_order_and_drops_only_blank_lines(items):
    try:
        cleaned = safety_plan.clean_items(items)
    except ValueError:
        assert any("\x00" in line for lines in items.values() for line in lines)
        return
    assert tuple(cleaned) == safety_plan.STEP_KEYS
    for key, lines in cleaned.items():
        assert lines == [line.strip() for line in items.get(key, []) if line.strip()]


@pytest.mark.parametrize(
    "items",
    [
        {"no_such_step": ["x"]},
        {"warning_signs": ["x" * (safety_plan.ITEM_MAX + 1)]},
        {"warning_signs": ["a\x00b"]},
        {"warning_signs": [5]},
        {"warning_signs": ["x"] * (safety_plan.ITEMS_MAX + 1)},
    ],
)
def test_cleaning_refuses_what_a_plan_cannot_hold(items):
    with pytest.raises(ValueError, match=r"(?i)step"):
        safety_plan.clean_items(items)


# --- The service and the selector ---------------------------------------------------


def test_the_patient_writes_and_reads_their_plan(patient_pat):
    plan = write(patient_pat)
    assert plan.items["coping_alone"] == ["A cold shower", "Breathing for two minutes"]
    assert plan.items["distractions"] == []
    assert plan.updated_by == patient_pat
    assert plan.written_with is None
    assert_audited(
        action=AuditAction.SAFETY_PLAN_SAVED, actor=patient_pat, subject=plan
    )
    again = write(patient_pat, {"warning_signs": ["  Not sleeping  ", ""]})
    assert again.pk == plan.pk
    assert SafetyPlan.objects.count() == 1
    read = selectors.safety_plan_for(actor=patient_pat, patient=patient_pat)
    assert read.items["warning_signs"] == ["Not sleeping"]
    assert read.items["coping_alone"] == []
    assert_audited(action=AuditAction.SAFETY_PLAN_VIEWED, actor=patient_pat)


def test_bad_lines_are_a_validation_error_and_save_nothing(patient_pat):
    with pytest.raises(ValidationError):
        write(patient_pat, {"warning_signs": ["a\x00b"]})
    with pytest.raises(ValidationError):
        write(patient_pat, {"warning_signs": ["x" * 500]})
    assert not SafetyPlan.objects.exists()


def test_another_patient_can_neither_read_nor_write_it(patient_pat, patient_pia):
    write(patient_pat)
    with pytest.raises(PermissionDenied):
        selectors.safety_plan_for(actor=patient_pia, patient=patient_pat)
    with pytest.raises(PermissionDenied):
        services.safety_plan_save(actor=patient_pia, patient=patient_pat, items={})
    assert SafetyPlan.objects.get().items["warning_signs"] == PLAN["warning_signs"]


# --- Its own consent kind, through care.policy ----------------------------------


def test_it_is_a_share_kind_existing_consents_do_not_include(
    patient_pat, casey_in_program, program
):
    assert "safety_plan" in SHARE_KINDS
    write(patient_pat)
    enrollment = enroll(patient_pat, casey_in_program, program, ["checkins", "plan"])
    assert "safety_plan" not in Consent.objects.get(enrollment=enrollment).kinds
    with pytest.raises(PermissionDenied):
        selectors.safety_plan_for(actor=casey_in_program, patient=patient_pat)
    with pytest.raises(PermissionDenied):
        services.safety_plan_save(actor=casey_in_program, patient=patient_pat, items={})


def test_the_care_team_writes_it_with_the_patient_while_shared(
    patient_pat, casey_in_program, program
):
    enrollment = enroll(patient_pat, casey_in_program, program, ["safety_plan"])
    plan = services.safety_plan_save(
        actor=casey_in_program,
        patient=patient_pat,
        items={"professionals": ["Casey at Riverbend 555-0199"]},
    )
    assert plan.written_with == casey_in_program
    assert plan.updated_by == casey_in_program
    assert_audited(
        action=AuditAction.SAFETY_PLAN_CLINICIAN_EDITED,
        actor=casey_in_program,
        patient=patient_pat,
    )
    assert selectors.safety_plan_for(actor=casey_in_program, patient=patient_pat)
    assert_audited(
        action=AuditAction.SAFETY_PLAN_CLINICIAN_VIEWED, actor=casey_in_program
    )
    # The patient's own change keeps who it was written with.
    write(patient_pat)
    assert SafetyPlan.objects.get().written_with == casey_in_program
    care_services.enrollment_sharing_update(
        actor=patient_pat, enrollment=enrollment, sharing=["checkins"], signature="Pat"
    )
    with pytest.raises(PermissionDenied):
        selectors.safety_plan_for(actor=casey_in_program, patient=patient_pat)


def test_a_removed_clinician_cannot_see_it(
    client, patient_pat, casey_in_program, program
):
    write(patient_pat)
    enrollment = enroll(patient_pat, casey_in_program, program, ["safety_plan"])
    membership = ProgramMembership.objects.get(
        program=program, clinician=casey_in_program, ended_at=None
    )
    membership.ended_at = clock.now()
    membership.save(update_fields=["ended_at"])
    with pytest.raises(PermissionDenied):
        selectors.safety_plan_for(actor=casey_in_program, patient=patient_pat)
    client.force_login(casey_in_program)
    url = reverse("clinic:safety_plan", args=[enrollment.public_id])
    assert client.get(url).status_code == 404


# --- The form --------------------------------------------------------------------


def test_the_form_offers_empty_lines_after_what_is_written():
    form = SafetyPlanForm(items=PLAN)
    rows = {group["step"].key: len(group["fields"]) for group in form.steps()}
    assert rows["coping_alone"] == 2 + safety_plan.EMPTY_ROWS
    assert rows["distractions"] == safety_plan.EMPTY_ROWS
    assert form["coping_alone-1"].value() == "Breathing for two minutes"


def test_the_form_reads_lines_and_refuses_nul_and_long_ones():
    form = SafetyPlanForm({"warning_signs-0": " Tired ", "warning_signs-1": ""})
    assert form.is_valid()
    assert form.items()["warning_signs"] == ["Tired"]
    assert SafetyPlanForm({"warning_signs-0": "a\x00b"}).errors
    long = SafetyPlanForm({"warning_signs-0": "x" * (safety_plan.ITEM_MAX + 1)})
    assert "warning_signs-0" in long.errors
    too_many = {f"warning_signs-{n}": "x" for n in range(safety_plan.ITEMS_MAX + 1)}
    assert SafetyPlanForm(too_many).non_field_errors()


# --- Pages ------------------------------------------------------------------------


def test_the_patient_writes_it_sees_it_and_can_print_it(client, patient_pat):
    client.force_login(patient_pat)
    page = client.get(reverse("recovery:safety_plan")).content.decode()
    assert "You have not written your safety plan yet" in page
    # The region's crisis lines are on the plan before anything is written.
    assert 'href="tel:988"' in page
    response = client.post(
        reverse("recovery:safety_plan_edit"),
        {"warning_signs-0": "Not sleeping", "reasons_for_living-0": "My dog"},
    )
    assert response.status_code == 302
    page = client.get(reverse("recovery:safety_plan")).content.decode()
    assert "Not sleeping" in page
    assert "My dog" in page
    assert "data-print" in page


def test_add_another_line_saves_nothing_and_shows_more_boxes(client, patient_pat):
    client.force_login(patient_pat)
    data = {f"coping_alone-{n}": "x" for n in range(2)}
    response = client.post(
        reverse("recovery:safety_plan_edit"), data | {"more": "coping_alone"}
    )
    assert response.status_code == 200
    assert 'name="coping_alone-3"' in response.content.decode()
    assert not SafetyPlan.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"warning_signs-0": "a\x00b"},
        {"warning_signs-0": "x" * 1000},
        {f"warning_signs-{n}": "x" for n in range(20)},
        {"more": "no_such_step"},
    ],
)
def test_bad_input_is_a_form_error_never_a_500(client, patient_pat, data):
    client.force_login(patient_pat)
    response = client.post(reverse("recovery:safety_plan_edit"), data)
    assert response.status_code == 200
    assert not SafetyPlan.objects.exists()


def test_the_care_teams_page_follows_the_consent(
    client, patient_pat, casey_in_program, program
):
    write(patient_pat)
    enrollment = enroll(patient_pat, casey_in_program, program, ["checkins"])
    url = reverse("clinic:safety_plan", args=[enrollment.public_id])
    client.force_login(casey_in_program)
    response = client.get(url)
    assert response.status_code == 200
    assert "has not shared their safety plan" in response.content.decode()
    assert client.post(url, {"professionals-0": "x"}).status_code == 403
    assert "I stop answering messages" not in response.content.decode()
    care_services.enrollment_sharing_update(
        actor=patient_pat,
        enrollment=enrollment,
        sharing=["checkins", "safety_plan"],
        signature="Pat",
    )
    assert "I stop answering messages" in client.get(url).content.decode()
    response = client.post(url, {"professionals-0": "Casey 555-0199"})
    assert response.status_code == 302
    plan = SafetyPlan.objects.get()
    assert plan.items["professionals"] == ["Casey 555-0199"]
    assert plan.written_with == casey_in_program
    client.force_login(patient_pat)
    page = client.get(reverse("recovery:safety_plan")).content.decode()
    assert "Written with Casey" in page


def test_the_public_blank_plan_needs_no_account(client, db):
    page = client.get(reverse("safety:safety_plan")).content.decode()
    for step in safety_plan.STEPS:
        assert str(step.title) in page
    assert 'href="tel:988"' in page
    assert "safety-plan__blank" in page


# --- Offered beside crisis help ----------------------------------------------------


def test_the_public_self_check_crisis_offers_a_blank_plan(db):
    box = render_to_string(
        "_crisis.html", {"help_lines": help_lines_for("US"), "user": AnonymousUser()}
    )
    assert f'href="{reverse("safety:safety_plan")}"' in box
    assert "Make a safety plan" in box


def test_a_patients_crisis_help_opens_their_own_plan(patient_pat):
    context = {"help_lines": help_lines_for("US"), "user": patient_pat}
    box = render_to_string("_crisis.html", context)
    assert f'href="{reverse("recovery:safety_plan")}"' in box
    assert "Make a safety plan" in box
    box = render_to_string("_crisis.html", context | {"has_safety_plan": True})
    assert "Open my safety plan" in box


def test_home_is_one_tap_from_the_plan(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    page = client.get(reverse("recovery:dashboard")).content.decode()
    assert f'href="{reverse("recovery:safety_plan")}"' in page
    assert "Make my safety plan" in page
    write(patient_pat)
    page = client.get(reverse("recovery:dashboard")).content.decode()
    assert "Open my safety plan" in page


# --- My data and FHIR -------------------------------------------------------------


def test_it_is_in_my_data(patient_pat):
    write(patient_pat)
    data = patient_data_export(actor=patient_pat, patient=patient_pat)
    steps = data["safety_plan"]["steps"]
    assert list(steps) == list(safety_plan.STEP_KEYS)
    assert steps["people_to_ask"]["lines"] == ["Jo 555-0100"]
    assert steps["people_to_ask"]["title"] == "People I can ask for help"


def test_the_fhir_care_plan_validates(patient_pat, casey_in_program, program):
    enroll(patient_pat, casey_in_program, program, ["safety_plan"])
    services.safety_plan_save(actor=casey_in_program, patient=patient_pat, items=PLAN)
    plan = SafetyPlan.objects.get()
    resource = fhir.safety_plan_care_plan(
        plan, safety_plan.rows(plan.items), str(patient_pat.public_id), BASE
    )
    care_plan = CarePlan.model_validate(resource)
    assert care_plan.title == "Safety plan"
    assert [a.detail.code.text for a in care_plan.activity] == [
        "My warning signs",
        "Things I can do on my own to cope",
        "People I can ask for help",
        "My reasons for living",
    ]
    assert care_plan.activity[1].detail.description == (
        "A cold shower\nBreathing for two minutes"
    )
    assert care_plan.contributor[1].display == str(casey_in_program)


def _care_plan_ids(bundle) -> set[str]:
    return {
        e["resource"]["id"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "CarePlan"
    }


def test_fhir_exports_hold_it_for_the_patient_and_only_under_consent(
    patient_pat, casey_in_program, program
):
    plan = write(patient_pat)
    wanted = f"safety-plan-{plan.public_id}"
    mine = own_bundle(actor=patient_pat)
    Bundle.model_validate(mine)
    assert wanted in _care_plan_ids(mine)
    enrollment = enroll(patient_pat, casey_in_program, program, ["checkins"])
    assert wanted not in _care_plan_ids(
        patient_bundle(actor=casey_in_program, enrollment=enrollment)
    )
    care_services.enrollment_sharing_update(
        actor=patient_pat,
        enrollment=enrollment,
        sharing=["checkins", "safety_plan"],
        signature="Pat",
    )
    theirs = patient_bundle(actor=casey_in_program, enrollment=enrollment)
    Bundle.model_validate(theirs)
    assert wanted in _care_plan_ids(theirs)


# --- Where the crisis rules fire: the pages themselves ---------------------------


def test_the_public_self_check_with_phq9_item9_offers_a_blank_plan(client, db):
    _, _response, page = walk(client, phq9=PHQ9_ITEM9)
    assert "You do not have to face this alone" in page
    assert f'href="{reverse("safety:safety_plan")}"' in page
    assert "Make a safety plan" in page


def test_a_saved_phq9_with_item9_offers_the_patients_own_plan(client, patient_pat):
    client.force_login(patient_pat)
    journey, _, _ = walk(client, phq9=PHQ9_ITEM9)
    response = client.post("/check/save/", {"state": journey.state}, follow=True)
    page = response.content.decode()
    assert "You do not have to face this alone" in page
    assert f'href="{reverse("recovery:safety_plan")}"' in page


def test_a_checkin_with_thoughts_of_self_harm_opens_the_plan(client, patient_pat):
    onboard(patient_pat)
    write(patient_pat)
    client.force_login(patient_pat)
    page = check_in(client, self_harm_thoughts="yes")
    assert "You do not have to face this alone" in page
    assert f'href="{reverse("recovery:safety_plan")}"' in page
    assert "Open my safety plan" in page
