"""The public self-assessment pages: every step, the results, and saving."""

import json

import pytest
from django.apps import apps

from clearhead.audit.actions import AuditAction
from clearhead.screening.models import ScreeningResult
from clearhead.testing import assert_audited

TAKE = "/check/take/"


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def answers_for(step: str, **choices) -> dict:
    data = {"step": step, "action": "next"}
    data.update(choices)
    return data


SELF_CHECK = dict.fromkeys(
    ("angry_or_guilty", "cannot_cut_down", "need_more"), "yes"
) | dict.fromkeys(
    ("pushed_aside", "injured_no_pain", "illegal_means", "out_of_touch"), "no"
)
PHQ9_CALM = {f"phq9_{n}": "0" for n in range(1, 10)}
PHQ9_ITEM9 = PHQ9_CALM | {"phq9_9": "1"}
GAD7 = {f"gad7_{n}": "2" for n in range(1, 8)}
CARE = {
    "withdrawal": "3",
    "medical": "1",
    "mental_health": "2",
    "readiness": "1",
    "relapse_risk": "2",
    "environment": "1",
    "suicidal_thoughts": "no",
}


class Journey:
    """Walks the steps the way a browser does: the state rides in the form."""

    def __init__(self, client):
        self.client = client
        self.state = ""

    def post(self, step, action="next", **fields):
        response = self.client.post(
            TAKE, {"step": step, "action": action, "state": self.state, **fields}
        )
        page = response.content.decode()
        marker = 'name="state" value="'
        if marker in page:
            raw = page.split(marker, 1)[1].split('"', 1)[0]
            self.state = raw.replace("&quot;", '"')
        return response, page


def walk(client, phq9=PHQ9_CALM, symptoms=(), care=CARE):
    journey = Journey(client)
    journey.post("ketamine-self-check", **SELF_CHECK)
    journey.post("dsm5-ketamine", action="skip")
    journey.post("phq9", **phq9)
    journey.post("gad7", **GAD7)
    journey.post("bladder-check", symptoms=list(symptoms))
    return journey, *journey.post("level-of-care", **care)


def test_the_start_page_says_it_is_private_and_not_a_diagnosis(client, db):
    page = client.get("/check/").content.decode()
    assert "Nothing you answer is saved unless you choose to save it" in page
    assert "not a diagnosis" in page


def test_the_whole_journey_ends_on_results_with_a_filtered_finder_link(client, db):
    _, response, page = walk(client, symptoms=["frequency"])
    assert response.status_code == 200
    assert "Your results" in page
    assert "You said yes to 3 questions" in page
    assert "Your anxiety score is 14 out of 21" in page
    assert "Intensive outpatient care" in page
    assert "Start with a supervised detox" in page
    assert "Book a visit with a doctor" in page
    assert (
        'href="/find/?level=intensive_outpatient&amp;detox=1&amp;service=mental_health"'
        in page
    )
    assert "This is not a diagnosis" in page


def test_nothing_is_stored_and_nothing_logged(client, db, caplog):
    caplog.set_level("DEBUG")
    before = row_counts()
    walk(client, phq9=PHQ9_ITEM9, symptoms=["blood_in_urine", "fever"])
    assert row_counts() == before
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "phq9" not in logged
    assert "blood_in_urine" not in logged


def test_phq9_item_9_shows_the_crisis_lines_on_the_very_next_page(client, db):
    journey = Journey(client)
    journey.post("ketamine-self-check", **SELF_CHECK)
    journey.post("dsm5-ketamine", action="skip")
    _, page = journey.post("phq9", **PHQ9_ITEM9)
    assert "Anxiety check" in page
    crisis = page.index("You do not have to face this alone")
    assert crisis < page.index("<h1>")
    assert 'href="tel:988"' in page


def test_on_the_results_page_the_crisis_lines_come_before_everything(client, db):
    _, _, page = walk(client, care=CARE | {"suicidal_thoughts": "yes"})
    assert page.index("You do not have to face this alone") < page.index(
        "<h1>Your results"
    )
    assert "Inpatient care" in page


def test_emergency_body_symptoms_are_shown_above_the_results(client, db):
    _, _, page = walk(client, symptoms=["cannot_urinate"])
    assert page.index("Get emergency care now") < page.index("<h1>Your results")


def test_an_unanswered_question_is_a_form_error_and_keeps_the_step(client, db):
    journey = Journey(client)
    response, page = journey.post(
        "ketamine-self-check",
        **{k: v for k, v in SELF_CHECK.items() if k != "need_more"},
    )
    assert response.status_code == 200
    assert "Please answer every question marked below." in page
    assert "Choose an answer." in page
    assert "Quick ketamine self-check" in page


def test_back_returns_to_the_previous_step_with_its_answers(client, db):
    journey = Journey(client)
    journey.post("ketamine-self-check", **SELF_CHECK)
    _, page = journey.post("dsm5-ketamine", action="back")
    assert "Quick ketamine self-check" in page
    assert 'value="yes" required id="id_angry_or_guilty_0" checked' in page


@pytest.mark.parametrize(
    "state",
    ["not json", json.dumps({"phq9": [9] * 9}), json.dumps({"evil": 1}), "[]"],
)
def test_tampered_answers_are_refused_with_a_clear_message(client, db, state):
    response = client.post(TAKE, {"step": "gad7", "state": state, **GAD7})
    assert response.status_code == 400
    assert "Please start again" in response.content.decode()


def test_an_unknown_step_is_refused(client, db):
    response = client.post(TAKE, {"step": "audit-c", "state": ""})
    assert response.status_code == 400


def test_a_single_part_can_be_taken_on_its_own(client, db):
    page = client.get(TAKE, {"step": "bladder-check"}).content.decode()
    assert "Bladder and body check" in page


def test_a_signed_in_patient_saves_results_into_their_own_account(client, patient_pat):
    journey, _, _ = walk(client)
    client.force_login(patient_pat)
    response = client.post("/check/save/", {"state": journey.state})
    assert response["Location"] == "/check/saved/?saved=1"
    saved = ScreeningResult.objects.filter(patient=patient_pat)
    assert {r.instrument_id for r in saved} == {
        "ketamine-self-check",
        "phq9",
        "gad7",
        "bladder-check",
        "level-of-care",
    }
    assert_audited(
        action=AuditAction.SCREENING_SAVED, actor=patient_pat, patient=patient_pat
    )
    page = client.get("/check/saved/").content.decode()
    assert "What kind of help fits" in page
    assert "Suggested: Intensive outpatient care." in page
    assert_audited(
        action=AuditAction.SCREENING_VIEWED, actor=patient_pat, patient=patient_pat
    )


def test_an_anonymous_visitor_signs_in_from_the_save_page_and_saves(
    client, patient_pat, persona_password
):
    journey, _, _ = walk(client)
    page = client.post("/check/save/", {"state": journey.state}).content.decode()
    assert "Sign in and save" in page
    assert not ScreeningResult.objects.exists()
    response = client.post(
        "/check/save/",
        {
            "state": journey.state,
            "how": "signin",
            "signin-username": "pat@example.org",
            "signin-password": persona_password,
        },
    )
    assert response["Location"] == "/check/saved/?saved=1"
    assert ScreeningResult.objects.filter(patient=patient_pat).count() == 5


def test_a_new_visitor_creates_an_account_from_the_save_page(client, db):
    journey, _, _ = walk(client)
    client.post(
        "/check/save/",
        {
            "state": journey.state,
            "how": "register",
            "register-role": "patient",
            "register-email": "new@example.org",
            "register-password1": "a long walk at dawn",
            "register-password2": "a long walk at dawn",
        },
    )
    assert ScreeningResult.objects.filter(patient__email="new@example.org").count() == 5


def test_a_clinician_cannot_save_screenings_as_their_own(client, clinician_casey):
    journey, _, _ = walk(client)
    client.force_login(clinician_casey)
    response = client.post("/check/save/", {"state": journey.state})
    assert response.status_code == 403
    assert not ScreeningResult.objects.exists()


def test_saved_results_are_only_ever_the_patients_own(client, patient_pat, patient_pia):
    journey, _, _ = walk(client)
    client.force_login(patient_pat)
    client.post("/check/save/", {"state": journey.state})
    client.force_login(patient_pia)
    page = client.get("/check/saved/").content.decode()
    assert "You have no saved results" in page


def test_saved_results_need_sign_in(client, db):
    assert client.get("/check/saved/").status_code == 302


def test_the_save_page_saves_nothing_on_the_password_alone_when_two_step_is_on(
    client, patient_pat, persona_password
):
    """Signing in from the save page is a sign-in like any other: a patient
    who turned two-step sign-in on must pass it before anything is written
    into their record (someone holding only the password could otherwise add
    results their care team reads)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=patient_pat, name="phone", confirmed=True)
    journey, _, _ = walk(client)
    response = client.post(
        "/check/save/",
        {
            "state": journey.state,
            "how": "signin",
            "signin-username": "pat@example.org",
            "signin-password": persona_password,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/verify/"
    assert not ScreeningResult.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "not saved" in page
